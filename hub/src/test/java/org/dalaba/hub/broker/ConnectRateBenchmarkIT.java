package org.dalaba.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how many CONNECTs per second the embedded broker accepts when 3,000 endpoints connect as fast as
 * they can, each checked against its stored secret hash (a figure, not an assertion: the machine decides it).
 * Twice: right after the broker starts (every check cold) and again after they all dropped (checks cached).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConnectRateBenchmarkIT {
  static final int ENDPOINTS = 3_000;

  @TempDir
  Path dataDir;

  @Test
  void printsConnectsPerSecond() throws Exception {
    BrokerAccounts accounts = new BrokerAccounts();
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (int i = 0; i < ENDPOINTS; i++) {
      String village = String.format("2112821%05d", i);
      String secret = BrokerAccounts.newSecret();
      accounts.put(Account.endpoint(village + "-01", village, "211282105"), secret);
      specs.add(new SimEndpointSpec(village + "-01", village, "211282105", secret));
    }
    int port = BrokerFixtures.freePort();
    EmbeddedBroker broker = new EmbeddedBroker(accounts, new TopicPermissions(), EmbeddedBroker.Settings.of("127.0.0.1", port, dataDir));
    broker.start().get(60, TimeUnit.SECONDS);
    Vertx vertx = Vertx.vertx();
    try {
      for (String round : List.of("cold", "again")) {
        long start = System.nanoTime();
        SimulatedFleet fleet = SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(port)
            .connectRatePerSecond(100_000).heartbeatSeconds(600), specs).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ENDPOINTS, fleet.endpoints().stream().filter(e -> e.isConnected()).count());
        System.out.printf("BENCHMARK embedded broker, %s: %d endpoints connected in %.2f s = %.0f CONNECTs per second%n",
            round, ENDPOINTS, seconds, ENDPOINTS / seconds);
        fleet.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      broker.stop().get(60, TimeUnit.SECONDS);
    }
  }
}
