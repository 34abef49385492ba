package org.dalaba.hub.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.protocol.EndpointStatusReport;
import org.dalaba.hub.protocol.Heartbeat;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EndpointReportsTest {
  private final List<String> seen = new ArrayList<>();
  private final EndpointReports reports = new EndpointReports(r -> seen.add("caps " + r.endpointId()),
      r -> seen.add("liveness " + r.endpointId()), h -> seen.add("heartbeat " + h.endpointId()),
      id -> seen.add("heard " + id), r -> seen.add("receipt " + r.commandId()));

  @Test
  void aStatusUpdatesTheCapabilitiesBeforeTheLivenessThatTriggersACatchUp() {
    reports.onStatus(new EndpointStatusReport("e1", true, 1, "1.0", 60, null));
    assertEquals(List.of("caps e1", "liveness e1"), seen);
  }

  @Test
  void aReceiptCountsAsHearingFromTheEndpointThenIsApplied() {
    reports.onReceipt(new Receipt("e1", "a-1", ReceiptState.STARTED, 1, null, null));
    assertEquals(List.of("heard e1", "receipt a-1"), seen);
  }

  @Test
  void theRouterHandsEachKindOfReportOnAsParsed() throws Exception {
    org.dalaba.hub.protocol.DeviceReportRouter router = new org.dalaba.hub.protocol.DeviceReportRouter(
        new org.dalaba.hub.protocol.DeviceMessageParser(8192), new org.dalaba.hub.protocol.DeviceErrors(), id -> true);
    reports.routeFrom(router);
    java.nio.file.Path examples = java.nio.file.Path.of("..", "docs", "protocol-examples");
    router.onReport("dalaba/v1/ep/e1/heartbeat", java.nio.file.Files.readAllBytes(examples.resolve("heartbeat.json")));
    router.onReport("dalaba/v1/ep/e1/receipt", java.nio.file.Files.readAllBytes(examples.resolve("receipt-started.json")));
    assertEquals(3, seen.size(), seen.toString());
    assertEquals("heartbeat e1", seen.get(0));
    assertEquals("heard e1", seen.get(1));
  }
}
