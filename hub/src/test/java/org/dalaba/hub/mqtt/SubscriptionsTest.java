package org.dalaba.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SUBACK reason codes decide what the hub holds: below 0x80 granted, 0x80 and above refused and asked for again. */
class SubscriptionsTest {
  private static final String STATUS = "dalaba/v1/ep/+/status";
  private static final String RECEIPTS = "$share/dalaba-hubs/dalaba/v1/ep/+/receipt";

  private static Subscriptions wanted() {
    Map<String, Integer> filters = new LinkedHashMap<>();
    filters.put(STATUS, 1);
    filters.put(RECEIPTS, 1);
    return new Subscriptions(filters);
  }

  @Test
  void aRefusedFilterIsAskedForAgainAloneUntilGranted() {
    Subscriptions subscriptions = wanted();
    assertEquals(List.of(STATUS, RECEIPTS), subscriptions.missing());
    // GIVEN a SUBACK granting the statuses at QoS 1 and refusing the receipts with 0x87
    Map<String, Integer> refused = subscriptions.acknowledge(List.of(STATUS, RECEIPTS), new int[] {1, 0x87});
    assertEquals(Map.of(RECEIPTS, 0x87), refused);
    assertFalse(subscriptions.allHeld());
    assertEquals(Map.of(RECEIPTS, 0x87), subscriptions.refused());
    // THEN only the receipts are asked for again, and granting them (even at a lower QoS) completes the set
    assertEquals(List.of(RECEIPTS), subscriptions.missing());
    assertEquals(Map.of(), subscriptions.acknowledge(List.of(RECEIPTS), new int[] {0}));
    assertTrue(subscriptions.allHeld());
    assertEquals(Map.of(), subscriptions.refused());
  }

  @Test
  void noSubackCountsAsAnUnspecifiedRefusalAndANewConnectionStartsClean() {
    Subscriptions subscriptions = wanted();
    assertEquals(Map.of(STATUS, 0x80, RECEIPTS, 0x80), subscriptions.acknowledge(List.of(STATUS, RECEIPTS), null));
    subscriptions.acknowledge(List.of(STATUS, RECEIPTS), new int[] {1, 1});
    assertTrue(subscriptions.allHeld());
    subscriptions.reset();
    assertFalse(subscriptions.allHeld());
    assertEquals(List.of(STATUS, RECEIPTS), subscriptions.missing());
  }

  @Test
  void reasonCodesHaveTheirMqtt5Names() {
    assertEquals("Not authorized", Subscriptions.reasonName(0x87));
    assertEquals("Shared Subscriptions not supported", Subscriptions.reasonName(0x9E));
    assertEquals("Granted QoS 1", Subscriptions.reasonName(1));
  }
}
