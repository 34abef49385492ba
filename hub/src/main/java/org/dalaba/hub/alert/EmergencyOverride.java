package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;

/** An emergency override (JSON {@code "override"}): a county-level user sent the alert at once, without approval. */
public record EmergencyOverride(String by, long at, String reason) {
  public JsonObject toJson() {
    return new JsonObject().put("by", by).put("at", at).put("reason", reason);
  }

  public static EmergencyOverride fromJson(JsonObject json) {
    return json == null ? null : new EmergencyOverride(json.getString("by"), json.getLong("at", 0L), json.getString("reason"));
  }
}
