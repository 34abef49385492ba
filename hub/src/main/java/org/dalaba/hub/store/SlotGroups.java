package org.dalaba.hub.store;

import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a list of requests into groups that each stay in one Redis Cluster slot, in the order each
 * slot first appears (a caller that writes an alert's own records before the shared indexes gets
 * them applied in that order). A request without keys joins the group before it.
 */
final class SlotGroups {
  private SlotGroups() {
  }

  /** @return the positions of the requests, one list per slot */
  static List<List<Integer>> of(List<Request> requests) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    int current = HashSlot.NONE;
    for (int i = 0; i < requests.size(); i++) {
      int slot = HashSlot.of(requests.get(i));
      if (slot == HashSlot.NONE) {
        slot = current;
      }
      groups.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
      current = slot;
    }
    return new ArrayList<>(groups.values());
  }

  static List<Request> pick(List<Request> requests, List<Integer> positions) {
    List<Request> picked = new ArrayList<>(positions.size());
    positions.forEach(i -> picked.add(requests.get(i)));
    return picked;
  }
}
