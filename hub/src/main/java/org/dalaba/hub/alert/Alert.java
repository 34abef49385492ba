package org.dalaba.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An accepted alert as stored. {@code topics} are the command topics it was published to;
 * {@code durationMs} the estimated length of one pass, sent to endpoints. Times are epoch ms.
 * {@code media} is what speakers play ({@code {"sha256","url","bytes"}}: attention signal + voiced text
 * or attached recording), null until the hub has voiced the text. {@code exercise}: a drill (CONTRACTS.md), marked
 * in its command and its history. {@code meta}: its source, links and national message fields.
 */
public record Alert(String id, String title, String text, AlertLevel level, Targets targets, List<String> topics,
                    int endpointCount, long createdAt, String createdBy, long expiresAt, int repeat, long durationMs,
                    AlertState state, long endedAt, String endedBy, JsonObject media, boolean exercise, AlertMeta meta) {

  public Alert {
    topics = List.copyOf(topics);
    media = media == null ? null : media.copy();
    meta = meta == null ? AlertMeta.console() : meta;
  }

  public Alert(String id, String title, String text, AlertLevel level, Targets targets, List<String> topics,
               int endpointCount, long createdAt, String createdBy, long expiresAt, int repeat, long durationMs,
               AlertState state, long endedAt, String endedBy, JsonObject media) {
    this(id, title, text, level, targets, topics, endpointCount, createdAt, createdBy, expiresAt, repeat, durationMs, state,
        endedAt, endedBy, media, false, AlertMeta.console());
  }

  public Alert(String id, String title, String text, AlertLevel level, Targets targets, List<String> topics,
               int endpointCount, long createdAt, String createdBy, long expiresAt, int repeat, long durationMs,
               AlertState state, long endedAt, String endedBy) {
    this(id, title, text, level, targets, topics, endpointCount, createdAt, createdBy, expiresAt, repeat, durationMs, state,
        endedAt, endedBy, null);
  }

  public Alert withState(AlertState newState, long at, String by) {
    return new Alert(id, title, text, level, targets, topics, endpointCount, createdAt, createdBy, expiresAt, repeat,
        durationMs, newState, at, by, media, exercise, meta);
  }

  /** The same alert with the audio speakers play; one pass lasts at least as long as that audio. */
  public Alert withMedia(JsonObject reference, long mediaDurationMs) {
    return new Alert(id, title, text, level, targets, topics, endpointCount, createdAt, createdBy, expiresAt, repeat,
        Math.max(durationMs, mediaDurationMs), state, endedAt, endedBy, reference, exercise, meta);
  }

  /** How long after expiry a record may still legitimately finish: one full playback plus a minute. */
  public long closeAt() {
    return expiresAt + durationMs * repeat + 60_000;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("title", title).put("text", text).put("level", level.wire())
        .put("targets", targets.toJson()).put("topics", new JsonArray(topics)).put("endpointCount", endpointCount)
        .put("createdAt", createdAt).put("createdBy", createdBy).put("expiresAt", expiresAt).put("repeat", repeat)
        .put("durationMs", durationMs).put("state", state.wire()).put("endedAt", endedAt).put("endedBy", endedBy)
        .put("media", media).put("exercise", exercise);
    return meta.addTo(json);
  }

  @SuppressWarnings("unchecked")
  public static Alert fromJson(JsonObject json) {
    return new Alert(json.getString("id"), json.getString("title"), json.getString("text"),
        AlertLevel.parse(json.getString("level")), Targets.fromJson(json.getJsonObject("targets")),
        json.getJsonArray("topics").getList(), json.getInteger("endpointCount"), json.getLong("createdAt"),
        json.getString("createdBy"), json.getLong("expiresAt"), json.getInteger("repeat"), json.getLong("durationMs"),
        AlertState.valueOf(json.getString("state").toUpperCase()), json.getLong("endedAt", 0L), json.getString("endedBy"),
        json.getJsonObject("media"), json.getBoolean("exercise", false), AlertMeta.fromJson(json));
  }

  /**
   * The command endpoints receive (docs/protocol.md, "alert"); re-sends send the same bytes, with
   * {@code media} once the hub has voiced the text.
   */
  public JsonObject command() {
    JsonObject command = new JsonObject().put("v", 1).put("id", id).put("type", "alert").put("ts", createdAt)
        .put("expiresAt", expiresAt).put("level", level.wire()).put("title", title).put("text", text)
        .put("repeat", repeat).put("durationMs", durationMs);
    if (exercise) {
      command.put("exercise", true); // only when it is one (docs/protocol.md)
    }
    return media == null ? command : command.put("media", media.copy());
  }

  /** The stop command that cancels this alert on every endpoint still holding it. */
  public JsonObject stopCommand(String stopId, long now, String reason) {
    return new JsonObject().put("v", 1).put("id", stopId).put("type", "stop").put("ts", now).put("ref", id)
        .put("reason", reason);
  }
}
