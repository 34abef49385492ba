package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import org.dalaba.hub.delivery.DeliveryRecord;

/** How late endpoints started a fire: their own start time minus the scheduled time, over those that started. */
final class Lateness {
  private Lateness() {
  }

  static JsonObject of(Collection<DeliveryRecord> records, long scheduledAt) {
    long[] late = records.stream().filter(r -> r.deviceStartedAt() > 0).mapToLong(r -> r.deviceStartedAt() - scheduledAt).sorted().toArray();
    if (late.length == 0) {
      return new JsonObject().put("started", 0);
    }
    return new JsonObject().put("started", late.length).put("minMs", late[0]).put("medianMs", late[late.length / 2])
        .put("maxMs", late[late.length - 1]);
  }
}
