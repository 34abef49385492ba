package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;

/**
 * One endpoint's record for one command, as the Redis scripts store it (compact keys): state, hub
 * times of received / started / finished / ended, the endpoint's own start time and the failure reason.
 */
public record DeliveryRecord(DeliveryState state, long receivedAt, long startedAt, long finishedAt, long endedAt,
                             long deviceStartedAt, String reason) {

  public static DeliveryRecord pending() {
    return new DeliveryRecord(DeliveryState.PENDING, 0, 0, 0, 0, 0, null);
  }

  public static DeliveryRecord fromStored(String json) {
    JsonObject o = new JsonObject(json);
    return new DeliveryRecord(DeliveryState.parse(o.getString("s")), o.getLong("rcv", 0L), o.getLong("sta", 0L),
        o.getLong("fin", 0L), o.getLong("end", 0L), o.getLong("dsta", 0L), o.getString("r"));
  }

  public String toStored() {
    return new JsonObject().put("s", state.wire()).encode();
  }
}
