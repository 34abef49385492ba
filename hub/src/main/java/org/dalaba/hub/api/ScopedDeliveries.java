package org.dalaba.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;

/**
 * The part of an alert's delivery records a user may see: a township operator looking at a
 * county-wide alert sees its own villages, and counts made from them.
 */
public record ScopedDeliveries(Map<String, DeliveryRecord> records, Map<String, Long> counts) {

  public static ScopedDeliveries of(Map<String, DeliveryRecord> all, Map<String, Long> storedCounts, Scope scope, Directory directory) {
    if (scope.isCounty()) {
      return new ScopedDeliveries(all, storedCounts);
    }
    Map<String, DeliveryRecord> visible = new LinkedHashMap<>();
    all.forEach((endpointId, record) -> {
      boolean inScope = directory.endpoint(endpointId).map(e -> scope.includesVillage(e.villageId(), directory)).orElse(false);
      if (inScope) {
        visible.put(endpointId, record);
      }
    });
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("targets", (long) visible.size());
    for (DeliveryState state : DeliveryState.values()) {
      counts.put(state.wire(), visible.values().stream().filter(r -> r.state() == state).count());
    }
    return new ScopedDeliveries(visible, counts);
  }
}
