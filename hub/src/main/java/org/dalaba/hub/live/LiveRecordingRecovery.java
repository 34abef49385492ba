package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.dalaba.hub.access.Role;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.media.MediaFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings of live sessions whose hub died while streaming them. A session's recording is written on its origin
 * hub as {@code live-{id}.part} beside the media files; when that hub runs again, each such file whose session has
 * ended (the hubs left ended it: {@code hub_lost}) without a recording is cut to its last whole Ogg page and put in
 * the media library, named in the session and audited, as at a normal end. The files of sessions unknown, or
 * already recorded, are deleted; those of sessions still open wait for their end. Checked at start and every
 * {@value #CHECK_MS} ms; file work on a worker.
 */
public final class LiveRecordingRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRecordingRecovery.class);
  static final long CHECK_MS = 30_000;

  private final Vertx vertx;
  private final MediaFiles files;
  private final LiveService live;
  private long timer = -1;

  public LiveRecordingRecovery(Vertx vertx, MediaFiles files, LiveService live) {
    this.vertx = vertx;
    this.files = files;
    this.live = live;
  }

  public void start() {
    timer = vertx.setPeriodic(CHECK_MS, t -> check());
    check();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    vertx.executeBlocking(files::liveParts, false)
        .onSuccess(parts -> parts.forEach(this::recover))
        .onFailure(e -> LOG.warn("Looking for live recordings left behind failed: {}", e.toString()));
  }

  private void recover(String id, Path part) {
    if (live.streamed().contains(id)) {
      return; // being recorded now
    }
    live.store().get(id).onSuccess(session -> {
      if (session != null && session.open()) {
        return; // its end (hub_lost) has not come yet
      }
      if (session == null || session.recording() != null) {
        delete(part);
        return;
      }
      vertx.executeBlocking(() -> wholePages(part), false).compose(kept -> {
        if (kept == 0) {
          delete(part);
          return Future.<Void>succeededFuture();
        }
        LOG.info("Recovering the recording of live session {} ({} bytes of whole pages), left when its hub stopped", id, kept);
        // the media library needs the owner's name and scope only (they decide who may list the recording)
        User creator = new User(session.createdBy(), session.createdBy(), Role.VIEWER, Scope.parse(session.creatorScope()), 0);
        return live.record(session, part, creator);
      }).onFailure(e -> LOG.warn("Recovering the recording of live session {} failed: {}", id, e.toString()));
    });
  }

  private void delete(Path part) {
    vertx.executeBlocking(() -> Files.deleteIfExists(part), false);
  }

  /**
   * Cuts the file after its last whole Ogg page (a hub killed mid-write leaves half a page).
   * @return the bytes kept; 0 when not even the two header pages and one audio page are whole
   */
  static long wholePages(Path part) throws IOException {
    Buffer data = Buffer.buffer(Files.readAllBytes(part));
    int offset = 0;
    int pages = 0;
    while (true) {
      int length;
      try {
        length = OggPage.lengthAt(data, offset);
      } catch (OggPage.BadPage e) {
        break;
      }
      if (length < 0 || data.length() - offset < length) {
        break;
      }
      offset += length;
      pages++;
    }
    if (pages < 3) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
      channel.truncate(offset);
    }
    return offset;
  }
}
