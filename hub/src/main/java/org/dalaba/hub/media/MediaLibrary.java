package org.dalaba.hub.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.MaterialAccess;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.refusal.Refusal;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * The hub's audio: validated by content, duration read, stored once per SHA-256 under the data
 * directory, described in Redis. Probing, hashing and file I/O run on a worker; everything else on the
 * caller's context.
 */
public final class MediaLibrary {
  /** Who still uses a file (programmes naming it); deleting it is refused while anyone does. */
  @FunctionalInterface
  public interface Usage {
    Future<List<String>> usersOf(String sha256);
  }

  private final Vertx vertx;
  private final RedisStore redis;
  private final MediaFiles files;
  private final Clock clock;
  private Usage usage = sha -> Future.succeededFuture(List.of());

  public MediaLibrary(Vertx vertx, RedisStore redis, MediaFiles files, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.files = files;
    this.clock = clock;
  }

  public void usage(Usage usage) {
    this.usage = usage;
  }

  public MediaFiles files() { return files; }

  /** What a partial file turned out to hold. */
  private record Probed(String sha256, AudioProbe.AudioInfo info, long bytes) {
  }

  /**
   * Validates and stores the audio a caller wrote to {@link MediaFiles#newPartFile()}, which is moved
   * into place or deleted, whatever happens. The same bytes added twice are one item (the first one's
   * name stays); when the second adder could not use the first one's scope, the item's scope widens to
   * one both can use (their township, else the county), so nobody loses material they rely on.
   * {@code admit} is asked before new bytes are kept (the quota) and may fail the add.
   */
  public Future<MediaItem> addFile(Path part, String name, String origin, User user, Directory directory,
                                   Function<Long, Future<Void>> admit) {
    Future<MediaItem> added = vertx.executeBlocking(() -> {
      long size = Files.size(part);
      try {
        return new Probed(MediaFiles.sha256(part), AudioProbe.probe(MediaFiles.map(part)), size);
      } catch (NotAudioException e) {
        throw Refusal.invalid("file", "不是可识别的音频（支持 WAV、MP3、Ogg Opus/Vorbis）：" + e.getMessage(),
            "is not audio the hub accepts (WAV, MP3, Ogg Opus/Vorbis): " + e.getMessage());
      }
    }, false).compose(probed -> get(probed.sha256()).compose(existing -> {
      if (existing != null) {
        if (MaterialAccess.usable(user, existing.scope(), directory)) {
          return Future.succeededFuture(existing);
        }
        MediaItem widened = existing.withScope(existing.scope().widenedTo(user.scope(), directory));
        return redis.send(Command.SET, Keys.media(widened.sha256()), widened.toJson().encode()).map(widened);
      }
      MediaItem item = new MediaItem(probed.sha256(), name, probed.info().format(), probed.bytes(), probed.info().durationMs(),
          origin, clock.millis(), user.username(), user.scope());
      return admit.apply(probed.bytes())
          .compose(v -> vertx.executeBlocking(() -> {
            files.adopt(part, item.sha256());
            return item;
          }, false))
          .compose(stored -> record(item));
    }));
    // whatever happened, the partial file is gone afterwards (adopt moved it, or nothing needs it)
    return added.eventually(() -> vertx.executeBlocking(() -> {
      Files.deleteIfExists(part);
      return null;
    }, false));
  }

  /**
   * Stores audio the hub made itself (an alert's voicing or its signal joined to a recording), bounded by
   * the alert's own limits rather than by upload quotas, in {@code scope}: the sender's, so nobody
   * outside it lists or hears an alert it may not read. The same bytes twice are one item.
   */
  public Future<MediaItem> addGenerated(byte[] bytes, String name, String origin, String username, Scope scope) {
    return vertx.executeBlocking(() -> {
      AudioProbe.AudioInfo info = AudioProbe.probe(bytes);
      String sha = files.store(bytes);
      return new MediaItem(sha, name, info.format(), bytes.length, info.durationMs(), origin, clock.millis(), username, scope);
    }, false).compose(item -> get(item.sha256()).compose(existing -> existing != null ? Future.succeededFuture(existing)
        : record(item)));
  }

  /** Lists a stored file in the library: its item, and its place in the newest-first index. */
  private Future<MediaItem> record(MediaItem item) {
    return redis.transaction(List.of(
        Request.cmd(Command.SET).arg(Keys.media(item.sha256())).arg(item.toJson().encode()),
        Request.cmd(Command.ZADD).arg(Keys.MEDIA_BY_TIME).arg(item.createdAt()).arg(item.sha256()))).map(item);
  }

  public Future<MediaItem> get(String sha256) {
    return redis.send(Command.GET, Keys.media(sha256)).map(r -> r == null ? null : MediaItem.fromJson(new JsonObject(r.toString())));
  }

  /** Newest first. */
  public Future<List<MediaItem>> list() {
    return redis.send(Command.ZREVRANGE, Keys.MEDIA_BY_TIME, 0, -1).compose(ids -> {
      List<Future<MediaItem>> items = new ArrayList<>();
      ids.forEach(id -> items.add(get(id.toString())));
      return Future.all(items).map(all -> {
        List<MediaItem> list = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          if (all.resultAt(i) != null) {
            list.add(all.resultAt(i));
          }
        }
        return list;
      });
    });
  }

  /** Deletes an item nobody uses; 404 if unknown, 409 naming the users otherwise. */
  public Future<Void> delete(String sha256) {
    return get(sha256).compose(item -> {
      if (item == null) {
        return Future.failedFuture(Refusal.notFound("音频|media", sha256));
      }
      return usage.usersOf(sha256).compose(users -> {
        if (!users.isEmpty()) {
          return Future.failedFuture(Refusal.conflict("音频仍被节目使用：" + String.join("、", users),
              "the media is still used by programme(s) " + String.join(", ", users)));
        }
        return redis.transaction(List.of(Request.cmd(Command.DEL).arg(Keys.media(sha256)),
                Request.cmd(Command.ZREM).arg(Keys.MEDIA_BY_TIME).arg(sha256)))
            .compose(v -> vertx.executeBlocking(() -> {
              files.delete(sha256);
              return null;
            }, false));
      });
    });
  }
}
