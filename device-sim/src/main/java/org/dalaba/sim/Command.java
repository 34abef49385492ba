package org.dalaba.sim;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A command that passed validation. Fields a type does not use are 0 or null.
 *
 * @param volume    a volume command's new volume, or an alert's forced volume (-1 when it has none)
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
    JsonObject json) {

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
