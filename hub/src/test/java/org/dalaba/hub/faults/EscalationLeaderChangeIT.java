package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CredentialsCsv;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.sim.Behaviour;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation across a change of leader: two hub processes on one Redis and one Mosquitto. The leader notifies the
 * contacts of a township that is offline and is then killed before the last step; the other hub takes over, takes
 * that last step, and sends no notification again and repeats no step.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EscalationLeaderChangeIT {
  private static final int LEASE_SECONDS = 3;

  @TempDir
  Path tmp;
  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void aNewLeaderContinuesTheEscalationAndNotifiesNobodyTwice() throws Exception {
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    HttpServer receiver = FaultFixtures.await(vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> {
      received.add(r.path() + " " + b);
      r.response().end("{\"errcode\":0}");
    })).listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + receiver.actualPort();
    JsonArray channels = new JsonArray()
        .add(new JsonObject().put("id", "hook").put("type", "webhook").put("url", base + "/hook"))
        .add(new JsonObject().put("id", "wecom").put("type", "wecom").put("url", base + "/wecom?key=k"));
    // the last step comes long after the notifications, so the leader is killed between them
    TwoHubs hubs = TwoHubs.start(tmp, teardown, LEASE_SECONDS, Map.of("DALABA_ESCALATION_TARGET_RED", "95/2",
        "DALABA_ESCALATION_STEPS", "resend:0,notify:1,phone_followup:20", "DALABA_NOTIFY_CHANNELS", channels.encode()));

    // GIVEN the contacts of two villages of the first township, imported through the leader, and that township offline
    List<SimEndpointSpec> specs = CredentialsCsv.endpoints(hubs.first.dataDir());
    String township = specs.get(0).townshipId();
    List<String> offlineVillages = specs.stream().filter(s -> s.townshipId().equals(township)).map(SimEndpointSpec::villageId)
        .distinct().toList();
    ApiClient viaLeader = FaultFixtures.login(hubs.leader.httpPort());
    JsonObject directory = DirectoryParser.toJsonObject(DirectoryParser.loadSample());
    for (String village : offlineVillages.subList(0, 2)) {
      directory.getJsonArray("townships").stream().map(JsonObject.class::cast)
          .flatMap(t -> t.getJsonArray("villages").stream().map(JsonObject.class::cast))
          .filter(v -> v.getString("id").equals(village)).findFirst().orElseThrow()
          .put("contacts", new JsonArray().add(new JsonObject().put("name", "网格员" + village.substring(9)).put("role", "网格员")
              .put("phone", "138" + village.substring(4)).put("notify", new JsonArray().add("hook").add("wecom"))));
    }
    assertEquals(200, viaLeader.postText("/api/v1/directory", "application/json", directory.encode()).status());
    FleetOptions options = new FleetOptions().brokerHost("127.0.0.1").brokerPort(hubs.mqttPort).timeScale(0.05);
    specs.stream().filter(s -> s.townshipId().equals(township)).forEach(s -> options.behaviour(s.endpointId(), Behaviour.OFFLINE));
    SimulatedFleet fleet = FaultFixtures.await(SimulatedFleet.start(vertx, options, specs));
    teardown.add(() -> FaultFixtures.await(fleet.close()));

    // WHEN a red alert to the whole county misses its target and the leader has notified the contacts
    String id = FaultFixtures.sendAlertToAll(viaLeader);
    ApiClient viaFollower = FaultFixtures.login(hubs.follower.httpPort());
    Await.until("both contacts notified on both channels", FaultFixtures.WAIT,
        () -> items(viaFollower, id).stream().filter(i -> "notify".equals(i.getString("kind")) && "sent".equals(i.getString("outcome"))).count() == 4);
    assertEquals(4, received.size(), received.toString());
    assertTrue(items(viaFollower, id).stream().noneMatch(i -> "phone_followup".equals(i.getString("kind"))));
    // AND the leader is killed before the last step
    hubs.leader.kill();
    Await.until("the other hub leads", Duration.ofSeconds(30), () -> TwoHubs.health(hubs.follower).getBoolean("leader"));

    // THEN the new leader takes the last step for every offline village
    Await.until("every offline village listed for a call", FaultFixtures.WAIT,
        () -> viaFollower.get("/api/v1/alerts/" + id + "/notifications").body().getJsonArray("phoneFollowUp").size() == offlineVillages.size());
    List<JsonObject> items = items(viaFollower, id);
    // AND nothing was done twice: no notification again, one re-send and one listing per village
    assertEquals(4, received.size(), received.toString());
    assertEquals(4, items.stream().filter(i -> "notify".equals(i.getString("kind")) && i.getString("channel") != null).count(), items.toString());
    // (the other offline villages have no contact with a channel: recorded once each, as given up)
    assertEquals(offlineVillages.size() - 2, items.stream().filter(i -> "notify".equals(i.getString("kind")) && i.getString("channel") == null)
        .count(), items.toString());
    // AND the last step came no earlier than its time (20 s after the 2 s deadline)
    long createdAt = java.time.OffsetDateTime.parse(viaFollower.get("/api/v1/alerts/" + id).body().getString("createdAt")).toInstant().toEpochMilli();
    items.stream().filter(i -> "phone_followup".equals(i.getString("kind"))).forEach(i -> assertTrue(
        java.time.OffsetDateTime.parse(i.getString("at")).toInstant().toEpochMilli() >= createdAt + 22_000, i.encode() + " created " + createdAt));
    for (String village : offlineVillages) {
      assertEquals(1, items.stream().filter(i -> "resend".equals(i.getString("kind")) && village.equals(i.getString("village"))).count(), village);
      assertEquals(1, items.stream().filter(i -> "phone_followup".equals(i.getString("kind")) && village.equals(i.getString("village"))).count(),
          village);
    }
  }

  private static List<JsonObject> items(ApiClient api, String alertId) {
    return api.get("/api/v1/alerts/" + alertId + "/notifications").body().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }
}
