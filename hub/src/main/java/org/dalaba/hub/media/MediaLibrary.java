package org.dalaba.hub.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.api.ApiError;
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

  /** Validates and stores audio; the same bytes added twice are one item (the first one's name stays). */
  public Future<MediaItem> add(byte[] bytes, String name, String origin, String user) {
    return vertx.executeBlocking(() -> {
      AudioProbe.AudioInfo info;
      try {
        info = AudioProbe.probe(bytes);
      } catch (NotAudioException e) {
        throw ApiError.badField("file", "不是可识别的音频（支持 WAV、MP3、Ogg Opus/Vorbis）：" + e.getMessage(),
            "is not audio the hub accepts (WAV, MP3, Ogg Opus/Vorbis): " + e.getMessage());
      }
      String sha = files.store(bytes);
      return new MediaItem(sha, name, info.format(), bytes.length, info.durationMs(), origin, clock.millis(), user);
    }, false).compose(item -> get(item.sha256()).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(existing);
      }
      return redis.transaction(List.of(
          Request.cmd(Command.SET).arg(Keys.media(item.sha256())).arg(item.toJson().encode()),
          Request.cmd(Command.ZADD).arg(Keys.MEDIA_BY_TIME).arg(item.createdAt()).arg(item.sha256()))).map(item);
    }));
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
        return Future.failedFuture(ApiError.notFound("音频|media", sha256));
      }
      return usage.usersOf(sha256).compose(users -> {
        if (!users.isEmpty()) {
          return Future.failedFuture(ApiError.conflict("音频仍被节目使用：" + String.join("、", users),
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
