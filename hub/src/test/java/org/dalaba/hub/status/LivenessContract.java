package org.dalaba.hub.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Liveness as an endpoint written from docs/protocol.md meets it, and as an operator reads it from the API:
 * online only through a live connection's status, stale after three silent heartbeat intervals, never online
 * from a heartbeat alone. Subclasses run it on the embedded broker and on Mosquitto.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class LivenessContract {
  /** Test-scaled heartbeat interval: stale after three of them. */
  static final int HEARTBEAT_SECONDS = 1;
  static final Duration WAIT = Duration.ofSeconds(40);

  final Teardown teardown = new Teardown();
  RunningHub hub;
  int mqttPort;
  ApiClient api;
  List<Endpoint> endpoints;

  /** Starts the broker (if external) and the hub, with {@link #HEARTBEAT_SECONDS}; sets {@link #hub} and {@link #mqttPort}. */
  abstract void startHub() throws Exception;

  /** The hub's data directory, where its metrics token is. */
  abstract java.nio.file.Path dataDir();

  @BeforeAll
  void start() throws Exception {
    startHub();
    api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    endpoints = hub.directory().township("211282105").orElseThrow().villages().stream()
        .flatMap(v -> v.endpoints().stream()).toList();
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  String password(String endpointId) {
    return hub.credentials().endpointSecrets().get(endpointId);
  }

  /** The endpoint as GET /api/v1/villages shows it. */
  JsonObject shown(String endpointId) {
    for (Object t : api.get("/api/v1/villages").body().getJsonArray("townships")) {
      for (Object v : ((JsonObject) t).getJsonArray("villages")) {
        for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
          if (((JsonObject) e).getString("id").equals(endpointId)) {
            return (JsonObject) e;
          }
        }
      }
    }
    throw new AssertionError("no endpoint " + endpointId + " in the villages list");
  }

  @Test
  void aHeartbeatFromAnotherClientIdDoesNotMakeAnOfflineEndpointOnline() throws Exception {
    String id = endpoints.get(0).id();
    assertEquals("offline", shown(id).getString("state"));
    String lastSeenBefore = shown(id).getString("lastSeen");
    // WHEN a service tool with the endpoint's credentials (docs' mosquitto_pub example) sends heartbeats
    try (EndpointClient tool = teardown.add(EndpointClient.connect(mqttPort, id + "-pub", id, password(id)))) {
      for (int i = 0; i < 3; i++) {
        tool.heartbeat();
      }
      // THEN the hub heard them (lastSeen moved) and still shows the endpoint offline
      Await.until("the hub noted the heartbeat", WAIT, () -> !String.valueOf(lastSeenBefore).equals(shown(id).getString("lastSeen")));
      JsonObject after = shown(id);
      assertEquals("offline", after.getString("state"), after.encode());
      assertEquals(false, after.getBoolean("online"), after.encode());
    }
  }

  @Test
  void aSilentEndpointBecomesStaleAfterThreeIntervalsAndOnlineAgainOnItsNextHeartbeat() throws Exception {
    String id = endpoints.get(1).id();
    try (EndpointClient endpoint = teardown.add(EndpointClient.connect(mqttPort, id, id, password(id)))) {
      endpoint.announceOnline();
      Await.until("online after its status", WAIT, () -> "online".equals(shown(id).getString("state")));
      long onlineAt = System.nanoTime();
      // WHEN it stays connected but silent
      Await.until("stale", WAIT, () -> "stale".equals(shown(id).getString("state")));
      long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - onlineAt);
      assertTrue(silentMs >= 2 * HEARTBEAT_SECONDS * 1000L, "stale after only " + silentMs + " ms");
      assertEquals(false, shown(id).getBoolean("online"));
      assertTrue(api.get("/api/v1/villages").body().getJsonObject("totals").getInteger("stale") >= 1);
      assertTrue(new ApiClient(hub.httpPort()).withToken(TestHubs.metricsToken(dataDir())).getText("/metrics").contains("dalaba_endpoints_liveness{state=\"stale\"}"), "metrics name stale endpoints");
      System.out.printf("silent endpoint %s became stale %d ms after its online status (interval %d s)%n", id, silentMs,
          HEARTBEAT_SECONDS);
      // THEN its next heartbeat, on the connection that announced it, brings it back
      endpoint.heartbeat();
      Await.until("online again after a heartbeat", WAIT, () -> "online".equals(shown(id).getString("state")));
    }
  }
}
