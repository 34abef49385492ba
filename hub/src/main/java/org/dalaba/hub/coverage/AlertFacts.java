package org.dalaba.hub.coverage;

import io.vertx.core.json.JsonObject;

/**
 * What coverage and the timeline read from an alert as stored, beyond the {@code Alert} record: whether it is an
 * exercise, its approval and its emergency override (CONTRACTS.md; absent on alerts stored before they existed),
 * and so when it was sent — at acceptance, or when approved, or when sent by override.
 */
public record AlertFacts(boolean exercise, JsonObject approval, JsonObject override, long sentAt) {

  /** @param stored the alert's stored JSON; {@code sentAt} is 0 while it has not been sent (pending, rejected, expired unapproved) */
  public static AlertFacts of(JsonObject stored) {
    boolean exercise = Boolean.TRUE.equals(stored.getValue("exercise"));
    JsonObject approval = stored.getValue("approval") instanceof JsonObject a ? a : null;
    JsonObject override = stored.getValue("override") instanceof JsonObject o ? o : null;
    long createdAt = stored.getLong("createdAt", 0L);
    long sentAt;
    if (override != null) {
      sentAt = millis(override.getValue("at"), createdAt);
    } else if (approval != null && Boolean.TRUE.equals(approval.getValue("required"))) {
      sentAt = "approved".equals(approval.getString("state")) ? millis(approval.getValue("decidedAt"), createdAt) : 0;
    } else {
      sentAt = "pending_approval".equals(stored.getString("state")) || "rejected".equals(stored.getString("state")) ? 0 : createdAt;
    }
    return new AlertFacts(exercise, approval, override, sentAt);
  }

  /** A time as stored: epoch ms, or an ISO-8601 text; {@code fallback} when absent or unreadable. */
  public static long millis(Object value, long fallback) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String text && !text.isEmpty()) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        try {
          return java.time.Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException again) {
          return fallback;
        }
      }
    }
    return fallback;
  }
}
