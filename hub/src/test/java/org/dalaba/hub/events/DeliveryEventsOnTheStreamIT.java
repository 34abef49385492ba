package org.dalaba.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.SseClient;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's event stream as an operator's browser reads it while an alert spreads: the hub hands receipts on in
 * batches, and the stream still carries one {@code delivery} event per endpoint and state change, each with the
 * endpoint, the alert and the state, only for the endpoints in the reader's scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeliveryEventsOnTheStreamIT {
  static final String QINGYUN = "211282105";
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir
  static Path dataDir;
  private final Teardown teardown = new Teardown();
  private RunningHub hub;
  private ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    hub = teardown.add(Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD));
    TestFleet fleet = TestFleet.start(hub, 0.01, 60);
    teardown.add(fleet::close);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("the fleet online", WAIT, () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  @Test
  void everyEndpointsPlayedArrivesAsItsOwnEventAndOnlyInScope() throws Exception {
    ApiClient township = TestUsers.create(admin, hub.httpPort(), "qingyun-viewer", "Stream-watch-2026", "viewer",
        new JsonObject().put("kind", "township").put("id", QINGYUN));
    List<Endpoint> all = hub.directory().townships().stream().flatMap(t -> t.villages().stream()).flatMap(v -> v.endpoints().stream()).toList();
    Set<String> qingyun = all.stream().filter(e -> e.townshipId().equals(QINGYUN)).map(Endpoint::id).collect(Collectors.toSet());
    try (SseClient county = SseClient.open(admin, hub.httpPort()); SseClient own = SseClient.open(township, hub.httpPort())) {
      ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "事件流测试").put("text", "请注意。")
          .put("level", "blue").put("targets", new JsonObject().put("all", true)));
      assertEquals(201, sent.status(), sent.toString());
      String id = sent.body().getString("id");
      Await.until("all 113 played", WAIT, () -> admin.get("/api/v1/alerts/" + id).body().getJsonObject("counts").getLong("played", 0L) == 113);
      Await.until("a played event per endpoint on the county viewer's stream", WAIT, () -> played(county, id).size() == all.size());
      Await.until("a played event per 庆云堡镇 endpoint on the township viewer's stream", WAIT, () -> played(own, id).equals(qingyun));
      assertTrue(own.lines().stream().filter(l -> l.startsWith("data:") && l.contains(id)).map(l -> new JsonObject(l.substring(5).trim()))
          .filter(e -> e.containsKey("endpointId")).allMatch(e -> qingyun.contains(e.getString("endpointId"))),
          "no delivery event of an endpoint outside 庆云堡镇");
    }
  }

  /** The endpoints whose {@code delivery} event for this alert says played, as the stream's lines read. */
  private static Set<String> played(SseClient stream, String alertId) {
    List<String> lines = stream.lines();
    Set<String> endpoints = new java.util.HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i - 1).equals("event: delivery") && lines.get(i).startsWith("data:")) {
        JsonObject event = new JsonObject(lines.get(i).substring(5).trim());
        assertEquals("delivery", event.getString("type"), event.encode());
        assertTrue(event.getLong("at", 0L) > 0, event.encode());
        if (alertId.equals(event.getString("alertId")) && "played".equals(event.getString("state"))) {
          endpoints.add(event.getString("endpointId"));
        }
      }
    }
    return endpoints;
  }
}
