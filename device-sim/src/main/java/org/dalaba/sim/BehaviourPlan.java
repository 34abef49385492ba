package org.dalaba.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides which endpoint gets which {@link Behaviour}: exact counts from the shares (rounded), the
 * endpoints picked by a shuffle seeded with {@link FleetOptions#seed()}, then forced ones applied.
 */
final class BehaviourPlan {

  private static final Behaviour[] FAULTS = {
      Behaviour.OFFLINE, Behaviour.FLAPPING, Behaviour.SLOW_ACK, Behaviour.DROPPING, Behaviour.GARBAGE};

  private BehaviourPlan() {
  }

  static Map<String, Behaviour> assign(List<SimEndpointSpec> specs, FleetOptions options) {
    options.validate();
    List<Integer> order = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(options.seed()));

    Map<String, Behaviour> plan = new HashMap<>();
    int next = 0;
    for (Behaviour fault : FAULTS) {
      int count = (int) Math.round(options.share(fault) * specs.size());
      for (int k = 0; k < count && next < order.size(); k++, next++) {
        plan.put(specs.get(order.get(next)).endpointId(), fault);
      }
    }
    for (SimEndpointSpec spec : specs) {
      plan.putIfAbsent(spec.endpointId(), Behaviour.NORMAL);
    }
    options.forcedBehaviours().forEach((id, behaviour) -> {
      if (!plan.containsKey(id)) {
        throw new IllegalArgumentException("behaviour forced on " + id + ", which is not in the fleet");
      }
      plan.put(id, behaviour);
    });
    return plan;
  }
}
