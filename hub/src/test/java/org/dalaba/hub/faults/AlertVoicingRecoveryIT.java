package org.dalaba.hub.faults;

import static org.dalaba.hub.faults.FaultFixtures.awaitPlayedByAll;
import static org.dalaba.hub.faults.FaultFixtures.login;
import static org.dalaba.hub.faults.FaultFixtures.sendAlertToAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CredentialsCsv;
import org.dalaba.hub.testing.HubProcess;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub that accepted an alert never voiced it (here: espeak-ng missing; in life: it died first).
 * Audio-only speakers must still play it: the hub that follows the alert next voices it once and sends it.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AlertVoicingRecoveryIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void anAlertLeftWithoutAudioIsVoicedByTheRestartedHubAndPlayedByAudioOnlySpeakers() throws Exception {
    // GIVEN a hub without espeak-ng and 113 audio-only speakers
    int mqttPort = EmbeddedRedis.freePort();
    HubProcess hub = new HubProcess(tmp.resolve("data"), EmbeddedRedis.freePort(), Map.of("DALABA_MQTT_PORT", String.valueOf(mqttPort),
        "DALABA_REDIS_EMBEDDED_PORT", String.valueOf(EmbeddedRedis.freePort()), "DALABA_SPEECH_EXECUTABLE", "/nonexistent/espeak-ng"));
    teardown.add(hub);
    hub.start();
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    List<SimEndpointSpec> specs = CredentialsCsv.endpoints(hub.dataDir()).stream().map(s -> s.withCaps(Set.of("audio"))).toList();
    SimulatedFleet fleet = FaultFixtures.await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(mqttPort)
        .timeScale(0.01).heartbeatSeconds(5), specs));
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    var api = login(hub.httpPort());
    Await.until("113 speakers online", Duration.ofSeconds(60),
        () -> api.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == specs.size());
    // WHEN an alert is accepted that this hub cannot voice, and it is restarted with espeak-ng later
    String id = sendAlertToAll(api);
    long accepted = System.currentTimeMillis();
    Await.until("the alert is older than the voicing grace", Duration.ofSeconds(30), () -> System.currentTimeMillis() - accepted > 11_000);
    JsonObject silent = api.get("/api/v1/alerts/" + id).body();
    assertNull(silent.getValue("media"), silent.encode());
    assertEquals(0L, silent.getJsonObject("counts").getLong("played"), "nothing was sent to audio-only speakers");
    hub.stop();
    hub.env("DALABA_SPEECH_EXECUTABLE", "/usr/bin/espeak-ng").start();
    // THEN every speaker plays the alert's audio, once
    var after = login(hub.httpPort());
    try {
      awaitPlayedByAll(after, id, specs.size());
    } catch (AssertionError e) {
      String log = hub.log();
      throw new AssertionError(e.getMessage() + "\nhub log after the restart:\n" + log.substring(log.lastIndexOf("---- start 2 ----")), e);
    }
    String sha = after.get("/api/v1/alerts/" + id).body().getJsonObject("media").getString("sha256");
    for (SimEndpoint endpoint : fleet.endpoints()) {
      List<String> played = endpoint.playLog().stream().filter(p -> p.commandId().equals(id)).map(p -> p.mediaSha256()).toList();
      assertEquals(List.of(sha), played, endpoint.id());
    }
    assertTrue(hub.log().contains("Voiced a red alert"), "the restarted hub voiced it");
  }
}
