package org.dalaba.hub.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportSubscribersTest {
  @ParameterizedTest
  @ValueSource(strings = {"#", "dalaba/#", "dalaba/v1/#", "dalaba/v1/ep/#", "dalaba/v1/ep/+/receipt", "dalaba/v1/ep/+/heartbeat",
      "dalaba/v1/ep/+/+", "dalaba/v1/ep/211282105001-01/receipt", "dalaba/v1/ep/211282105001-01/#", "+/+/ep/+/receipt",
      "+/v1/+/+/heartbeat", "dalaba/v1/ep/+/receipt/#", "$share/dalaba-hubs/dalaba/v1/ep/+/receipt", "$share/g/#"})
  void filtersThatCanMatchAReceiptOrHeartbeat(String filter) {
    assertTrue(ReportSubscribers.mayMatchTappedReport(filter), filter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dalaba/v1/ep/+/status", "dalaba/v1/cmd/#", "dalaba/v1/hub/status", "dalaba/v2/ep/+/receipt",
      "dalaba/v1/ep/+", "dalaba/v1/ep/+/receipt/extra", "dalaba/v1/ep/+/+/+", "other/#", "$share/g", "$share/g/dalaba/v1/ep/+/status",
      "dalaba/v1/ep"})
  void filtersThatCannot(String filter) {
    assertFalse(ReportSubscribers.mayMatchTappedReport(filter), filter);
  }

  @Test
  void theFirstMatchingGrantTurnsRoutingOnForGood() {
    ReportSubscribers subscribers = new ReportSubscribers();
    subscribers.granted("monitor-cli", "dalaba/v1/ep/+/status");
    assertFalse(subscribers.any());
    subscribers.granted("monitor-cli", "dalaba/v1/ep/+/receipt");
    assertTrue(subscribers.any());
    subscribers.granted("monitor-cli", "dalaba/v1/ep/+/status");
    assertTrue(subscribers.any());
  }
}
