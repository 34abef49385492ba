package org.dalaba.hub.status;

import io.vertx.core.json.JsonObject;

/** What the hub last heard from one endpoint. Times are hub clock, epoch ms; 0 = never. */
public record EndpointLive(Liveness liveness, long since, long lastSeen, String firmware, int volume, String playing,
                           String offlineReason) {
  public static final EndpointLive NEVER_SEEN = new EndpointLive(Liveness.OFFLINE, 0, 0, null, -1, null, "never_connected");

  /** Online right now: the hub sends to it and expects it to play. A stale endpoint is not online. */
  public boolean online() {
    return liveness == Liveness.ONLINE;
  }

  public EndpointLive withLiveness(Liveness to, long at, String reason) {
    return new EndpointLive(to, to == liveness ? since : at, lastSeen, firmware, volume,
        to == Liveness.OFFLINE ? null : playing, to == Liveness.OFFLINE ? reason : null);
  }

  public EndpointLive seenAt(long at) {
    return new EndpointLive(liveness, since, at, firmware, volume, playing, offlineReason);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("online", online()).put("state", liveness.wire()).put("since", since)
        .put("lastSeen", lastSeen).put("playing", playing);
    if (firmware != null) {
      json.put("fw", firmware);
    }
    if (volume >= 0) {
      json.put("volume", volume);
    }
    if (liveness == Liveness.OFFLINE && offlineReason != null) {
      json.put("offlineReason", offlineReason);
    }
    return json;
  }

  public static EndpointLive fromJson(JsonObject json) {
    return new EndpointLive(Liveness.parse(json.getString("state"), json.getBoolean("online", false)), json.getLong("since", 0L),
        json.getLong("lastSeen", 0L), json.getString("fw"), json.getInteger("volume", -1), json.getString("playing"),
        json.getString("offlineReason"));
  }
}
