package org.dalaba.hub.escalation.channel;

import io.vertx.core.json.JsonObject;

/**
 * What one notification says to one person about one village: the text (already marked 演练 for an exercise) and
 * the facts a webhook receiver or an SMS template may use.
 */
public record Notice(String alertId, String level, String title, boolean exercise, int step, String villageId,
                     String villageName, String townshipId, String townshipName, String contactName, String contactRole,
                     String phone, int missing, String text, String at) {

  /** The body of the generic JSON webhook (docs/operations.md, "Notification channels"). */
  public JsonObject webhookBody() {
    return new JsonObject().put("source", "dalaba").put("type", "alert.escalation").put("alertId", alertId)
        .put("level", level).put("title", title).put("exercise", exercise).put("step", step)
        .put("village", new JsonObject().put("id", villageId).put("name", villageName).put("townshipId", townshipId)
            .put("townshipName", townshipName))
        .put("contact", new JsonObject().put("name", contactName).put("role", contactRole).put("phone", phone))
        .put("missingEndpoints", missing).put("text", text).put("at", at);
  }

  /** The values an SMS template's placeholders name. */
  public java.util.Map<String, String> templateValues() {
    return java.util.Map.of("phone", phone, "text", text, "name", contactName, "role", contactRole == null ? "" : contactRole,
        "village", villageName, "township", townshipName, "alertId", alertId, "level", level);
  }
}
