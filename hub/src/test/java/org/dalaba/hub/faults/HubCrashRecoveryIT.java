package org.dalaba.hub.faults;

import static org.dalaba.hub.faults.FaultFixtures.assertEachPlayedOnce;
import static org.dalaba.hub.faults.FaultFixtures.awaitPlayedByAll;
import static org.dalaba.hub.faults.FaultFixtures.login;
import static org.dalaba.hub.faults.FaultFixtures.sendAlertToAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.CredentialsCsv;
import org.dalaba.hub.testing.HubProcess;
import org.dalaba.hub.testing.SyntheticDirectory;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub (embedded broker, embedded Redis) dies in the middle of dispatching an alert, and comes
 * back on the same data directory. Every endpoint must end played exactly once: the accepted alert
 * was durable, the restarted hub resumes the unfinished records, and endpoints answer a repeated
 * command with their last receipt instead of playing it again.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HubCrashRecoveryIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  private HubProcess hub;
  private int mqttPort;
  private Vertx vertx;
  private SimulatedFleet fleet;

  @BeforeEach
  void startHub() throws Exception {
    mqttPort = EmbeddedRedis.freePort();
    hub = new HubProcess(tmp.resolve("data"), EmbeddedRedis.freePort(), Map.of("DALABA_MQTT_PORT", String.valueOf(mqttPort),
        "DALABA_REDIS_EMBEDDED_PORT", String.valueOf(EmbeddedRedis.freePort())));
    teardown.add(hub);
    hub.start();
    vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
  }

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }


  @Test
  void sigkillDuringAnAlertTo113VillagesEndsWithEachPlayedOnce() throws Exception {
    crashDuringAlert(false);
  }

  @Test
  void sigkillDuringAnAlertTo1000EndpointsEndsWithEachPlayedOnce() throws Exception {
    ApiClient api = login(hub.httpPort());
    ApiClient.Reply imported = api.post("/api/v1/directory", SyntheticDirectory.of(10, 100));
    assertEquals(200, imported.status(), imported.toString());
    crashDuringAlert(false);
  }

  @Test
  void aCleanRestartDuringAnAlertEndsWithEachPlayedOnce() throws Exception {
    crashDuringAlert(true);
  }

  private void crashDuringAlert(boolean clean) throws Exception {
    // GIVEN every endpoint of the directory online, acknowledging slowly
    List<SimEndpointSpec> specs = CredentialsCsv.endpoints(hub.dataDir());
    fleet = FaultFixtures.slowFleet(vertx, mqttPort, specs);
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient api = login(hub.httpPort());
    // WHEN an alert is accepted and the hub dies straight away
    String id = sendAlertToAll(api);
    if (clean) {
      hub.stop();
    } else {
      hub.kill();
    }
    // AND comes back on the same data
    hub.start();
    // THEN the restarted hub resumed the unfinished alert, and every endpoint ends played, each exactly once
    awaitPlayedByAll(login(hub.httpPort()), id, specs.size());
    assertEachPlayedOnce(fleet, id);
    String afterRestart = hub.log().substring(hub.log().lastIndexOf("---- start 2 ----"));
    assertTrue(afterRestart.contains("Following unfinished alert " + id), "the restarted hub resumed " + id);
  }

}
