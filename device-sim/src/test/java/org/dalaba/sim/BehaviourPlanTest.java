package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BehaviourPlanTest {

  private static List<SimEndpointSpec> specs(int n) {
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      specs.add(Fixtures.spec("211282105", 1 + i / 100, i % 100));
    }
    return specs;
  }

  private static Map<Behaviour, Long> counts(Map<String, Behaviour> plan) {
    return plan.values().stream().collect(Collectors.groupingBy(b -> b, Collectors.counting()));
  }

  @Test
  void sharesGiveExactRoundedCounts() {
    // GIVEN 100 endpoints and a mix of shares
    FleetOptions options = new FleetOptions().offlineShare(0.1).flappingShare(0.05).slowAckShare(0.2)
        .droppingShare(0.015).garbageShare(0.01);

    // WHEN planned
    Map<Behaviour, Long> counts = counts(BehaviourPlan.assign(specs(100), options));

    // THEN each behaviour has its share of the fleet, rounded
    assertEquals(10L, counts.get(Behaviour.OFFLINE));
    assertEquals(5L, counts.get(Behaviour.FLAPPING));
    assertEquals(20L, counts.get(Behaviour.SLOW_ACK));
    assertEquals(2L, counts.get(Behaviour.DROPPING));
    assertEquals(1L, counts.get(Behaviour.GARBAGE));
    assertEquals(62L, counts.get(Behaviour.NORMAL));
  }

  @Test
  void sameSeedSamePlanOtherSeedOtherPlan() {
    List<SimEndpointSpec> specs = specs(200);
    Map<String, Behaviour> a = BehaviourPlan.assign(specs, new FleetOptions().offlineShare(0.3).seed(7));
    Map<String, Behaviour> b = BehaviourPlan.assign(specs, new FleetOptions().offlineShare(0.3).seed(7));
    Map<String, Behaviour> c = BehaviourPlan.assign(specs, new FleetOptions().offlineShare(0.3).seed(8));
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void forcedBehaviourWinsAndUnknownIdsAreRejected() {
    List<SimEndpointSpec> specs = specs(10);
    String id = specs.get(3).endpointId();
    Map<String, Behaviour> plan = BehaviourPlan.assign(specs,
        new FleetOptions().offlineShare(1.0).behaviour(id, Behaviour.GARBAGE));
    assertEquals(Behaviour.GARBAGE, plan.get(id));
    assertEquals(9L, counts(plan).get(Behaviour.OFFLINE));
    assertThrows(IllegalArgumentException.class, () -> BehaviourPlan.assign(specs,
        new FleetOptions().behaviour("nobody-01", Behaviour.OFFLINE)));
  }

  @Test
  void sharesAboveOneAndOutOfRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> BehaviourPlan.assign(specs(10),
        new FleetOptions().offlineShare(0.6).garbageShare(0.6)));
    assertThrows(IllegalArgumentException.class, () -> new FleetOptions().offlineShare(1.5));
    assertThrows(IllegalArgumentException.class, () -> new FleetOptions().timeScale(0));
  }
}
