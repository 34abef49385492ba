package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One occurrence of a schedule: {@code fired} (the play command went out, records open), then
 * {@code completed}; or {@code missed} (the hub was not running and it was past the grace window).
 * {@code command} is the play command as sent, kept for resumes after preemption.
 */
public record Fire(String id, String scheduleId, String scheduleName, String programmeId, String programmeName,
                   long scheduledAt, String state, long firedAt, int endpointCount, List<String> topics, int priority,
                   PreemptPolicy onPreempt, long durationMs, long expiresAt, JsonObject command) {

  public static final String FIRED = "fired";
  public static final String COMPLETED = "completed";
  public static final String MISSED = "missed";

  public Fire {
    topics = List.copyOf(topics);
  }

  /** The id of this fire's prefetch command. */
  public String prefetchId() {
    return prefetchIdOf(id);
  }

  static String prefetchIdOf(String fireId) {
    return "f" + fireId.substring(1);
  }

  /** When records still open are closed: long after any preemption could have delayed them. */
  public long closeAt() {
    return expiresAt + 2 * durationMs + 300_000;
  }

  public Fire withState(String newState) {
    return new Fire(id, scheduleId, scheduleName, programmeId, programmeName, scheduledAt, newState, firedAt, endpointCount,
        topics, priority, onPreempt, durationMs, expiresAt, command);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("scheduleId", scheduleId).put("scheduleName", scheduleName)
        .put("programmeId", programmeId).put("programmeName", programmeName).put("scheduledAt", scheduledAt)
        .put("state", state).put("firedAt", firedAt).put("endpointCount", endpointCount).put("topics", new JsonArray(topics))
        .put("priority", priority).put("onPreempt", onPreempt.wire()).put("durationMs", durationMs)
        .put("expiresAt", expiresAt).put("command", command);
  }

  @SuppressWarnings("unchecked")
  public static Fire fromJson(JsonObject json) {
    return new Fire(json.getString("id"), json.getString("scheduleId"), json.getString("scheduleName"),
        json.getString("programmeId"), json.getString("programmeName"), json.getLong("scheduledAt"), json.getString("state"),
        json.getLong("firedAt", 0L), json.getInteger("endpointCount", 0), json.getJsonArray("topics", new JsonArray()).getList(),
        json.getInteger("priority", 0), PreemptPolicy.valueOf(json.getString("onPreempt").toUpperCase()),
        json.getLong("durationMs", 0L), json.getLong("expiresAt", 0L), json.getJsonObject("command"));
  }
}
