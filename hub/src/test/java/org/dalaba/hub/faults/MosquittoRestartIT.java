package org.dalaba.hub.faults;

import static org.dalaba.hub.faults.FaultFixtures.assertEachPlayedOnce;
import static org.dalaba.hub.faults.FaultFixtures.awaitPlayedByAll;
import static org.dalaba.hub.faults.FaultFixtures.sendAlertToAll;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.SimSpecs;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external broker (Mosquitto, no persistence: it forgets every session) restarts while an alert
 * is being delivered. The hub and the endpoints reconnect; the hub re-subscribes and re-sends what
 * is unconfirmed; every endpoint ends played exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MosquittoRestartIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  private ExternalProcess mosquitto;
  private RunningHub hub;
  private Vertx vertx;
  private SimulatedFleet fleet;

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }


  @Test
  void aBrokerRestartDuringAnAlertEndsWithEachPlayedOnce() throws Exception {
    Path dataDir = tmp.resolve("data");
    int port = EmbeddedRedis.freePort();
    mosquitto = HubMosquitto.start(dataDir, port);
    teardown.add(() -> mosquitto.close());
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + port, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789")),
        System.out, TestHubs.ADMIN_PASSWORD);
    teardown.add(hub);
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    Await.until("the hub connected to Mosquitto", Duration.ofSeconds(40), () -> anonymous.get("/health").status() == 200);
    List<SimEndpointSpec> specs = SimSpecs.of(hub);
    vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    fleet = FaultFixtures.slowFleet(vertx, port, specs);
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient api = FaultFixtures.login(hub.httpPort());

    // GIVEN an alert being delivered
    String id = sendAlertToAll(api);
    // WHEN the broker restarts
    mosquitto.close();
    mosquitto = HubMosquitto.start(dataDir, port);
    // THEN every endpoint ends played, each exactly once
    awaitPlayedByAll(api, id, specs.size());
    assertEachPlayedOnce(fleet, id);
  }
}
