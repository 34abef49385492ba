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
    ALERT, PLAY, STOP, VOLUME, PREFETCH, LIVE;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final java.util.List<String> LEVELS = java.util.List.of("blue", "yellow", "orange", "red");

  /** An alert that is a drill (演练): {@code "exercise": true} in its payload. */
  boolean exercise() {
    return type == Type.ALERT && Boolean.TRUE.equals(json.getValue("exercise"));
  }

  /** How urgent an alert or a live session is: blue 1, yellow 2, orange 3, red 4; 0 for anything else (a routine live session). */
  int levelRank() {
    return type == Type.ALERT || type == Type.LIVE ? LEVELS.indexOf(json.getString("level")) + 1 : 0;
  }

  /** Alerts and live sessions by level (a routine live session 0, below blue), every routine play below them (-1). */
  int urgency() {
    return type == Type.ALERT || type == Type.LIVE ? levelRank() : -1;
  }

  boolean expiredAt(long now) {
    return expiresAt != null && now > expiresAt;
  }

  /** How many passes playback has: an alert's {@code repeat}, 1 for anything else. */
  int passes() {
    return type == Type.ALERT ? repeat : 1;
  }

  /** Simulated playback length: durationMs x passes x timeScale, at least 1 ms (a Vert.x timer's minimum). */
  long playbackMs(double timeScale) {
    return Math.max(1, Math.round(durationMs * passes() * timeScale));
  }

  /** Simulated length of one pass: durationMs x timeScale, at least 1 ms (a Vert.x timer's minimum). */
  long passMs(double timeScale) {
    return Math.max(1, Math.round(durationMs * timeScale));
  }
}
