package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 1,000 endpoints in one JVM against one Mosquitto: counts only; times are printed, not asserted. */
@ExtendWith(VertxExtension.class)
class FleetScaleIT extends MosquittoTestSupport {

  private static final Logger LOG = LoggerFactory.getLogger(FleetScaleIT.class);
  private static final int ENDPOINTS = 1_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void thousandEndpointsConnectAndAllAnswerOneGroupAlert(Vertx vertx) {
    // GIVEN 1,000 endpoints in 10 townships of 10 villages of 10 endpoints
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      for (int v = 1; v <= 10; v++) {
        for (int e = 1; e <= 10; e++) {
          specs.add(Fixtures.spec("211282" + (300 + t), v, e));
        }
      }
    }
    try (HubProbe hub = HubProbe.connect(vertx, broker.port())) {
      long t0 = System.currentTimeMillis();
      SimulatedFleet fleet = Await.result(SimulatedFleet.start(vertx,
          broker.fleetOptions().timeScale(0.001).connectRatePerSecond(1_000), specs)
          .toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
      long connectedMs = System.currentTimeMillis() - t0;
      assertEquals(ENDPOINTS, fleet.summary().connected());

      // WHEN the hub publishes one alert to the whole county
      JsonObject alert = Fixtures.alert(1_000, 1);
      long t1 = System.currentTimeMillis();
      hub.publish(Topics.CMD_ALL, alert);

      // THEN every endpoint reports it finished, once
      List<HubProbe.Msg> finished = Await.result(hub.await(m -> m.isReceipt(alert.getString("id"), "finished"),
          ENDPOINTS), Duration.ofSeconds(30));
      long answeredMs = System.currentTimeMillis() - t1;
      Set<String> who = finished.stream().map(HubProbe.Msg::endpointId).collect(Collectors.toSet());
      assertEquals(ENDPOINTS, who.size());
      FleetSummary summary = fleet.summary();
      assertEquals(ENDPOINTS, summary.played());
      assertEquals(ENDPOINTS, summary.distinct());
      LOG.info("{} endpoints: all online in {} ms; all finished one cmd/all alert in {} ms",
          ENDPOINTS, connectedMs, answeredMs);

      // AND a clean close leaves every one of them offline with reason shutdown
      long t2 = System.currentTimeMillis();
      Await.result(fleet.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
      Await.result(hub.await(m -> "status".equals(m.kind()) && m.json() != null
          && "shutdown".equals(m.json().getString("reason")), ENDPOINTS), Duration.ofSeconds(30));
      LOG.info("{} endpoints closed cleanly in {} ms", ENDPOINTS, System.currentTimeMillis() - t2);
      assertEquals(0, fleet.summary().connected());
    }
  }
}
