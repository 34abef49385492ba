package org.dalaba.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An accepted alert as stored. {@code topics} are the command topics it was published to;
 * {@code durationMs} the estimated length of one pass, sent to endpoints. Times are epoch ms.
 */
public record Alert(String id, String title, String text, AlertLevel level, Targets targets, List<String> topics,
                    int endpointCount, long createdAt, String createdBy, long expiresAt, int repeat, long durationMs,
                    AlertState state, long endedAt, String endedBy) {

  public Alert {
    topics = List.copyOf(topics);
  }

  public Alert withState(AlertState newState, long at, String by) {
    return new Alert(id, title, text, level, targets, topics, endpointCount, createdAt, createdBy, expiresAt, repeat,
        durationMs, newState, at, by);
  }

  /** How long after expiry a record may still legitimately finish: one full playback plus a minute. */
  public long closeAt() {
    return expiresAt + durationMs * repeat + 60_000;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("text", text).put("level", level.wire())
        .put("targets", targets.toJson()).put("topics", new JsonArray(topics)).put("endpointCount", endpointCount)
        .put("createdAt", createdAt).put("createdBy", createdBy).put("expiresAt", expiresAt).put("repeat", repeat)
        .put("durationMs", durationMs).put("state", state.wire()).put("endedAt", endedAt).put("endedBy", endedBy);
  }

  @SuppressWarnings("unchecked")
  public static Alert fromJson(JsonObject json) {
    return new Alert(json.getString("id"), json.getString("title"), json.getString("text"),
        AlertLevel.parse(json.getString("level")), Targets.fromJson(json.getJsonObject("targets")),
        json.getJsonArray("topics").getList(), json.getInteger("endpointCount"), json.getLong("createdAt"),
        json.getString("createdBy"), json.getLong("expiresAt"), json.getInteger("repeat"), json.getLong("durationMs"),
        AlertState.valueOf(json.getString("state").toUpperCase()), json.getLong("endedAt", 0L), json.getString("endedBy"));
  }

  /** The command endpoints receive (docs/protocol.md, "alert"); re-sends send the same bytes. */
  public JsonObject command() {
    return new JsonObject().put("v", 1).put("id", id).put("type", "alert").put("ts", createdAt)
        .put("expiresAt", expiresAt).put("level", level.wire()).put("title", title).put("text", text)
        .put("repeat", repeat).put("durationMs", durationMs);
  }

  /** The stop command that cancels this alert on every endpoint still holding it. */
  public JsonObject stopCommand(String stopId, long now, String reason) {
    return new JsonObject().put("v", 1).put("id", stopId).put("type", "stop").put("ts", now).put("ref", id)
        .put("reason", reason);
  }
}
