package org.dalaba.sim;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A command that passed validation. Fields a type does not use are 0 or null.
 *
 * @param expiresAt epoch ms after which it must not be played, or null when the type has none
 * @param json      the payload as received
 */
record Command(
    String id,
    Type type,
    long ts,
    Long expiresAt,
    int priority,
    int repeat,
    long durationMs,
    String ref,
    Reason stopReason,
    int volume,
    List<MediaRef> media,
    JsonObject json,
    String playedMedia) {

  Command(String id, Type type, long ts, Long expiresAt, int priority, int repeat, long durationMs, String ref,
          Reason stopReason, int volume, List<MediaRef> media, JsonObject json) {
    this(id, type, ts, expiresAt, priority, repeat, durationMs, ref, stopReason, volume, media, json, null);
  }

  /** This alert played from a fetched file of {@code lengthMs} per pass instead of spoken text. */
  Command playingMedia(String sha256, long lengthMs) {
    return new Command(id, type, ts, expiresAt, priority, repeat, lengthMs, ref, stopReason, volume, media, json, sha256);
  }

  enum Type {
    ALERT, PLAY, STOP, VOLUME, PREFETCH;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  boolean expiredAt(long now) {
    return expiresAt != null && now > expiresAt;
  }

  /** Simulated playback length: durationMs x repeat x timeScale, at least 1 ms (a Vert.x timer's minimum). */
  long playbackMs(double timeScale) {
    long passes = type == Type.ALERT ? repeat : 1;
    return Math.max(1, Math.round(durationMs * passes * timeScale));
  }
}
