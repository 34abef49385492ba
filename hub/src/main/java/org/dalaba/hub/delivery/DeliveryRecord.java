package org.dalaba.hub.delivery;

import io.vertx.core.json.JsonObject;

/**
 * One endpoint's record for one command, as the Redis scripts store it (compact keys): state, hub
 * times of received / started / finished / ended, the endpoint's own start time, the failure reason,
 * and what happened when an alert preempted it ({@code resumed}, {@code restarted}, {@code dropped}).
 */
public record DeliveryRecord(DeliveryState state, long receivedAt, long startedAt, long finishedAt, long endedAt,
                             long deviceStartedAt, String reason, String preemption) {

  public static DeliveryRecord pending() {
    return new DeliveryRecord(DeliveryState.PENDING, 0, 0, 0, 0, 0, null, null);
  }

  public static DeliveryRecord fromStored(String json) {
    JsonObject o = new JsonObject(json);
    return new DeliveryRecord(DeliveryState.parse(o.getString("s")), o.getLong("rcv", 0L), o.getLong("sta", 0L),
        o.getLong("fin", 0L), o.getLong("end", 0L), o.getLong("dsta", 0L), o.getString("r"), o.getString("pre"));
  }

  public String toStored() {
    return new JsonObject().put("s", state.wire()).encode();
  }
}
