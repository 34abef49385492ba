package org.dalaba.hub.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The series names and label forms docs/operations.md and the end-to-end tests name come out of Micrometer unchanged. */
class HubRegistryTest {
  @Test
  void seriesKeepTheirDocumentedNamesAndLabels() {
    AtomicLong applied = new AtomicLong(7);
    AtomicLong rejected = new AtomicLong(1);
    Map<String, DoubleSupplier> liveness = new LinkedHashMap<>();
    liveness.put("online", () -> 110);
    liveness.put("stale", () -> 3);
    Histogram timeToAir = new Histogram("dalaba_alert_time_to_air_seconds", "Time to air", 0.1, 0.25, 1, 1800);
    try (HubRegistry registry = new HubRegistry()
        .gauge("dalaba_endpoints_connected", "Endpoints online", () -> 113)
        .labelledGauge("dalaba_endpoints_liveness", "By liveness", "state", liveness)
        .counter("dalaba_receipts_applied_total", "Receipts applied", () -> applied.get())
        .labelledCounter("dalaba_device_messages_rejected_total", "Rejected", "reason", Map.of("MALFORMED_JSON", rejected::get))
        .histogram(timeToAir)) {
      timeToAir.observe(0.2);
      timeToAir.observe(0.9);
      timeToAir.observe(5000);
      applied.addAndGet(3);
      System.gc(); // the registry must hold its counters' sources: a collected one would read 0
      String text = registry.scrape();
      System.out.println(text);
      assertTrue(text.contains("# TYPE dalaba_endpoints_connected gauge\ndalaba_endpoints_connected 113"), text);
      assertTrue(text.contains("dalaba_endpoints_liveness{state=\"stale\"} 3"), text);
      assertTrue(text.contains("# TYPE dalaba_receipts_applied_total counter\ndalaba_receipts_applied_total 10"), text);
      assertTrue(text.contains("dalaba_device_messages_rejected_total{reason=\"MALFORMED_JSON\"} 1"), text);
      assertTrue(text.contains("# TYPE dalaba_alert_time_to_air_seconds histogram"), text);
      assertTrue(text.contains("dalaba_alert_time_to_air_seconds_bucket{le=\"0.1\"} 0"), text);
      assertTrue(text.contains("dalaba_alert_time_to_air_seconds_bucket{le=\"1.0\"} 2"), text);
      assertTrue(text.contains("dalaba_alert_time_to_air_seconds_bucket{le=\"+Inf\"} 3"), text);
      assertTrue(text.contains("dalaba_alert_time_to_air_seconds_count 3"), text);
    }
  }
}
