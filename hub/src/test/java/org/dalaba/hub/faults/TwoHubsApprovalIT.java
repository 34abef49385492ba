package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CredentialsCsv;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestUsers;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-person rule across two hub processes on one Redis and one Mosquitto: two people approving the same alert at
 * once, one on each hub, send it once (one 200, one 409, every speaker plays it once); and an alert left unapproved
 * when the leader dies is expired by the new leader, because the deadlines live in Redis.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TwoHubsApprovalIT {
  private static final int LEASE_SECONDS = 3;
  private static final String ZHONGGU = "211282102";
  private static final String PASSWORD = "two-hubs-approval-password";

  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void twoApproversOnTwoHubsSendItOnceAndANewLeaderExpiresWhatWasLeftPending() throws Exception {
    // GIVEN two hubs under the two-person rule, and 中固镇's endpoints
    TwoHubs hubs = TwoHubs.start(tmp, teardown, LEASE_SECONDS, Map.of("DALABA_ALERT_APPROVAL_LEVELS", "orange,red",
        "DALABA_ALERT_APPROVAL_TIMEOUT_SECONDS", "20"));
    List<SimEndpointSpec> township = CredentialsCsv.endpoints(hubs.first.dataDir()).stream()
        .filter(s -> s.villageId().startsWith(ZHONGGU)).toList();
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    SimulatedFleet fleet = FaultFixtures.await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1")
        .brokerPort(hubs.mqttPort).timeScale(0.05), township));
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient admin = FaultFixtures.login(hubs.leader.httpPort());
    JsonObject county = new JsonObject().put("kind", "county");
    ApiClient onLeader = TestUsers.create(admin, hubs.leader.httpPort(), "approver-a", PASSWORD, "county_operator", county);
    ApiClient onFollower = TestUsers.create(admin, hubs.follower.httpPort(), "approver-b", PASSWORD, "county_operator", county);
    Await.until("中固镇 online", FaultFixtures.WAIT, () -> admin.get("/api/v1/villages").body().getJsonObject("totals")
        .getInteger("online") == township.size());

    // WHEN a red alert waits and two people approve it at once, one on each hub
    String id = pending(admin);
    CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> onLeader.post("/api/v1/alerts/" + id + "/approve", new JsonObject()).status());
    CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> onFollower.post("/api/v1/alerts/" + id + "/approve", new JsonObject()).status());

    // THEN exactly one of them approved it, and every speaker played it once
    assertEquals(List.of(200, 409), List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS)).stream().sorted().toList());
    FaultFixtures.awaitPlayedByAll(admin, id, township.size());
    for (SimEndpoint endpoint : fleet.endpoints()) {
      assertEquals(1, endpoint.playLog().stream().filter(p -> p.commandId().equals(id)).count(), endpoint.id());
      assertEquals(1, endpoint.receivedCommands().stream().filter(c -> id.equals(c.getString("id"))).count(),
          endpoint.id() + " was sent it once");
    }

    // WHEN another alert waits and the leader is killed
    String left = pending(admin);
    hubs.leader.kill();
    ApiClient survivor = FaultFixtures.login(hubs.follower.httpPort());
    Await.until("the follower leads", Duration.ofSeconds(30), () -> TwoHubs.health(hubs.follower).getBoolean("leader"));

    // THEN the new leader's timer expires it unsent
    JsonObject expired = Await.until("the left alert expired", FaultFixtures.WAIT, () -> survivor.get("/api/v1/alerts/" + left).body(),
        alert -> "expired".equals(alert.getString("state")));
    assertEquals("expired", expired.getJsonObject("approval").getString("state"));
    for (SimEndpoint endpoint : fleet.endpoints()) {
      assertEquals(0, endpoint.receivedCommands().stream().filter(c -> left.equals(c.getString("id"))).count(), endpoint.id());
    }
  }

  private static String pending(ApiClient sender) {
    ApiClient.Reply sent = sender.post("/api/v1/alerts", new JsonObject().put("title", "洪水红色预警").put("text", "请沿河村民立即转移。")
        .put("level", "red").put("targets", new JsonObject().put("townships", new JsonArray().add(ZHONGGU))));
    assertEquals(202, sent.status(), sent.toString());
    return sent.body().getString("id");
  }
}
