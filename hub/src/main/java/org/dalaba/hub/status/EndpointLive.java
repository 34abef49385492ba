package org.dalaba.hub.status;

import io.vertx.core.json.JsonObject;

/** What the hub last heard from one endpoint. Times are hub clock, epoch ms; 0 = never. */
public record EndpointLive(boolean online, long since, long lastSeen, String firmware, int volume, String playing,
                           String offlineReason) {
  public static final EndpointLive NEVER_SEEN = new EndpointLive(false, 0, 0, null, -1, null, "never_connected");

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("online", online).put("since", since).put("lastSeen", lastSeen)
        .put("playing", playing);
    if (firmware != null) {
      json.put("fw", firmware);
    }
    if (volume >= 0) {
      json.put("volume", volume);
    }
    if (!online && offlineReason != null) {
      json.put("offlineReason", offlineReason);
    }
    return json;
  }

  public static EndpointLive fromJson(JsonObject json) {
    return new EndpointLive(json.getBoolean("online", false), json.getLong("since", 0L), json.getLong("lastSeen", 0L),
        json.getString("fw"), json.getInteger("volume", -1), json.getString("playing"), json.getString("offlineReason"));
  }
}
