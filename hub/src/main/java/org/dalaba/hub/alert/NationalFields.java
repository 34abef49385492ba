package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;

/**
 * The fields the national emergency-broadcast message format (GY/T 385) needs, so that an adapter to the upper-level
 * platform can follow: the event type code, the sender code and the 30-digit message id (18-digit platform id +
 * 8-digit date + 4-digit daily sequence, {@link MessageIds}). docs/cap.md maps CAP fields to these.
 */
public record NationalFields(String eventTypeCode, String senderCode, String messageId) {
  public JsonObject toJson() {
    return new JsonObject().put("eventTypeCode", eventTypeCode).put("senderCode", senderCode).put("messageId", messageId);
  }

  /** @return the fields, or null for alerts stored before they existed */
  public static NationalFields fromJson(JsonObject json) {
    return json == null ? null
        : new NationalFields(json.getString("eventTypeCode"), json.getString("senderCode"), json.getString("messageId"));
  }

  public NationalFields withMessageId(String id) {
    return new NationalFields(eventTypeCode, senderCode, id);
  }
}
