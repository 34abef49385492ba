package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;

/** What the fault tests share: a simulated fleet, an alert, and the exactly-once check. */
final class FaultFixtures {
  static final Duration WAIT = Duration.ofSeconds(90);

  private FaultFixtures() {
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Endpoints that acknowledge slowly and play for about a second, so a fault lands mid-delivery. */
  static SimulatedFleet slowFleet(Vertx vertx, int mqttPort, List<SimEndpointSpec> specs) throws Exception {
    return await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(mqttPort)
        .timeScale(0.2).slowAckShare(1.0).slowAckMs(300).heartbeatSeconds(5).connectRatePerSecond(250), specs));
  }

  /**
   * The endpoints of the directory's first village, simulated in real time against both hubs' broker; the fleet and its
   * Vert.x are the teardown's.
   */
  static SimulatedFleet villageFleet(TwoHubs hubs, org.dalaba.hub.testing.Teardown teardown) throws Exception {
    List<SimEndpointSpec> all = org.dalaba.hub.testing.CredentialsCsv.endpoints(hubs.first.dataDir());
    String villageId = all.get(0).villageId();
    List<SimEndpointSpec> village = all.stream().filter(s -> s.villageId().equals(villageId)).toList();
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> await(vertx.close()));
    SimulatedFleet fleet = await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1")
        .brokerPort(hubs.mqttPort).timeScale(1.0), village));
    teardown.add(() -> await(fleet.close()));
    return fleet;
  }

  static String sendAlertToAll(ApiClient api) {
    ApiClient.Reply reply = api.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警")
        .put("text", "请村民减少外出，注意防寒保暖。").put("level", "red").put("targets", new JsonObject().put("all", true)));
    assertEquals(201, reply.status(), reply.toString());
    return reply.body().getString("id");
  }

  /** Logs in, retrying while the hub is still coming up. */
  static ApiClient login(int httpPort) {
    ApiClient api = new ApiClient(httpPort);
    Await.until("login to the hub on port " + httpPort, WAIT, () -> {
      try {
        api.login("admin", org.dalaba.hub.testing.TestHubs.ADMIN_PASSWORD);
        return true;
      } catch (AssertionError e) {
        return false;
      }
    });
    return api;
  }

  static JsonObject awaitPlayedByAll(ApiClient api, String alertId, int n) {
    return Await.until("alert " + alertId + " played by all " + n, WAIT, () -> {
      try {
        return api.get("/api/v1/alerts/" + alertId).body().getJsonObject("counts");
      } catch (AssertionError e) {
        return null; // the hub is restarting
      }
    }, counts -> counts != null && counts.getLong("played") == n);
  }

  /** Every endpoint's own log says it played the alert exactly once. */
  static void assertEachPlayedOnce(SimulatedFleet fleet, String alertId) {
    for (SimEndpoint endpoint : fleet.endpoints()) {
      long plays = endpoint.playLog().stream().filter(p -> p.commandId().equals(alertId)).count();
      assertEquals(1, plays, endpoint.id() + " played " + alertId + " " + plays + " times");
    }
  }
}
