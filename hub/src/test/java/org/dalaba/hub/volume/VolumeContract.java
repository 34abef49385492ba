package org.dalaba.hub.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Volume as operators and speakers meet it, with simulated endpoints (subclasses: embedded broker, Mosquitto): a township
 * operator sets their township's volume and every endpoint confirms it (one that was offline, once it is back);
 * an alert plays at its level's forced volume and the speaker returns to its own afterwards, also when the alert
 * is cancelled mid-playback. The speakers' volume is read as they report it (heartbeats) through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class VolumeContract {
  static final String TOWNSHIP = "211282105";
  static final Duration WAIT = Duration.ofSeconds(60);

  final Teardown teardown = new Teardown();
  private RunningHub hub;
  private Vertx simVertx;
  private ApiClient admin;
  private List<Endpoint> township;
  private Endpoint elsewhere;
  private Endpoint late;

  /** Starts the broker (if external) and the hub, registering both with {@link #teardown}. */
  abstract RunningHub startHub() throws Exception;

  @BeforeAll
  void start() throws Exception {
    hub = startHub();
    township = hub.directory().township(TOWNSHIP).orElseThrow().villages().stream().flatMap(v -> v.endpoints().stream()).toList();
    elsewhere = hub.directory().townships().stream().filter(t -> !t.id().equals(TOWNSHIP)).findFirst().orElseThrow()
        .villages().get(0).endpoints().get(0);
    late = township.get(township.size() - 1);
    simVertx = Vertx.vertx();
    teardown.add(() -> simVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    List<SimEndpointSpec> specs = new java.util.ArrayList<>(township.stream().filter(e -> e != late).map(this::spec).toList());
    specs.add(spec(elsewhere));
    startFleet(specs);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("the fleet online at the hub", WAIT, () -> admin.get("/api/v1/villages").body().getJsonObject("totals")
        .getInteger("online") == specs.size());
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  private SimEndpointSpec spec(Endpoint e) {
    return new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(), hub.credentials().endpointSecrets().get(e.id()));
  }

  /** Real-time playback (an alert lasts seconds), heartbeats every second so the API shows the volume quickly. */
  private SimulatedFleet startFleet(List<SimEndpointSpec> specs) throws Exception {
    SimulatedFleet fleet = SimulatedFleet.start(simVertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort())
        .timeScale(1.0).heartbeatSeconds(1), specs).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    teardown.add(() -> fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    return fleet;
  }

  private JsonObject endpoint(String id) {
    for (Object t : admin.get("/api/v1/villages").body().getJsonArray("townships")) {
      for (Object v : ((JsonObject) t).getJsonArray("villages")) {
        for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
          if (((JsonObject) e).getString("id").equals(id)) {
            return (JsonObject) e;
          }
        }
      }
    }
    throw new AssertionError("no endpoint " + id);
  }

  private Integer volumeOf(String id) {
    return endpoint(id).getInteger("volume");
  }

  private ApiClient townshipOperator() {
    String username = "op-" + TOWNSHIP;
    ApiClient.Reply created = admin.post("/api/v1/users", new JsonObject().put("username", username)
        .put("password", "correct-horse-battery").put("role", "township_operator")
        .put("scope", new JsonObject().put("kind", "township").put("id", TOWNSHIP)));
    assertTrue(created.status() == 201 || created.status() == 409, created.toString());
    return new ApiClient(hub.httpPort()).login(username, "correct-horse-battery");
  }

  @Test
  void aTownshipVolumeChangeReachesEveryEndpointWithReceiptsIncludingOneThatComesBackLater() throws Exception {
    ApiClient operator = townshipOperator();
    // GIVEN a township operator; another township is outside their scope
    ApiClient.Reply outside = operator.post("/api/v1/volume", new JsonObject().put("volume", 40)
        .put("targets", new JsonObject().put("townships", new JsonArray().add(elsewhere.townshipId()))));
    assertEquals(403, outside.status(), outside.toString());
    assertTrue(outside.body().getString("messageZh").contains("管辖范围"), outside.toString());
    ApiClient.Reply bad = operator.post("/api/v1/volume", new JsonObject().put("volume", 101)
        .put("targets", new JsonObject().put("townships", new JsonArray().add(TOWNSHIP))));
    assertEquals(400, bad.status(), bad.toString());
    // and a viewer, who may not broadcast, may not set the volume either
    assertEquals(201, admin.post("/api/v1/users", new JsonObject().put("username", "viewer-" + TOWNSHIP)
        .put("password", "correct-horse-battery").put("role", "viewer")
        .put("scope", new JsonObject().put("kind", "township").put("id", TOWNSHIP))).status());
    ApiClient viewer = new ApiClient(hub.httpPort()).login("viewer-" + TOWNSHIP, "correct-horse-battery");
    assertEquals(403, viewer.post("/api/v1/volume", new JsonObject().put("volume", 40)
        .put("targets", new JsonObject().put("townships", new JsonArray().add(TOWNSHIP)))).status());
    // WHEN they set their township's volume, while one of its endpoints is offline
    ApiClient.Reply reply = operator.post("/api/v1/volume", new JsonObject().put("volume", 55)
        .put("targets", new JsonObject().put("townships", new JsonArray().add(TOWNSHIP))));
    assertEquals(201, reply.status(), reply.toString());
    String id = reply.body().getString("id");
    assertEquals(township.size(), reply.body().getInteger("targets"));
    // THEN every connected endpoint confirms it, and reports the new volume
    Await.until("every connected endpoint confirmed", WAIT,
        () -> operator.get("/api/v1/volume/" + id).body().getJsonObject("counts").getInteger("played") == township.size() - 1);
    for (Endpoint e : township) {
      if (e != late) {
        Await.until(e.id() + " reports volume 55", WAIT, () -> Integer.valueOf(55).equals(volumeOf(e.id())));
      }
    }
    assertEquals(1, operator.get("/api/v1/volume/" + id).body().getJsonObject("counts").getInteger("pending"));
    // AND the endpoint that comes back online is caught up
    startFleet(List.of(spec(late)));
    Await.until("the late endpoint confirmed", WAIT,
        () -> operator.get("/api/v1/volume/" + id).body().getJsonObject("counts").getInteger("played") == township.size());
    Await.until("the late endpoint reports volume 55", WAIT, () -> Integer.valueOf(55).equals(volumeOf(late.id())));
    JsonObject change = operator.get("/api/v1/volume/" + id).body();
    long endpointsPlayed = change.getJsonArray("villages").stream().flatMap(v -> ((JsonObject) v).getJsonArray("endpoints").stream())
        .filter(e -> "played".equals(((JsonObject) e).getString("state"))).count();
    assertEquals(township.size(), endpointsPlayed, change.encode());
    Await.until("the change ended", WAIT, () -> "ended".equals(operator.get("/api/v1/volume/" + id).body().getString("state")));
    // the other township's speaker kept its own volume; the change is audited
    assertEquals(70, volumeOf(elsewhere.id()));
    assertTrue(admin.get("/api/v1/audit").body().encode().contains("volume.set"));
  }

  @Test
  void anAlertPlaysAtItsLevelsForcedVolumeAndTheSpeakerReturnsToItsOwnAfterwardsEvenWhenCancelled() throws Exception {
    String watched = elsewhere.id();
    Await.until("the speaker reports its own volume", WAIT, () -> Integer.valueOf(70).equals(volumeOf(watched)));
    JsonObject targets = new JsonObject().put("villages", new JsonArray().add(elsewhere.villageId()));
    // WHEN a red alert of a few seconds plays there
    ApiClient.Reply red = admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("level", "red")
        .put("text", "请村民减少外出，注意防寒保暖。").put("repeat", 1).put("targets", targets));
    assertEquals(201, red.status(), red.toString());
    String redId = red.body().getString("id");
    // THEN the speaker reports the forced volume while it plays, and its own once it has finished
    Await.until("volume 100 during the red alert", WAIT, () -> Integer.valueOf(100).equals(volumeOf(watched)));
    Await.until("the red alert played", WAIT,
        () -> admin.get("/api/v1/alerts/" + redId).body().getJsonObject("counts").getInteger("played") == 1);
    Await.until("back to volume 70 after it", WAIT, () -> Integer.valueOf(70).equals(volumeOf(watched)));
    // WHEN an orange alert is cancelled during its playback
    ApiClient.Reply orange = admin.post("/api/v1/alerts", new JsonObject().put("title", "洪水橙色预警").put("level", "orange")
        .put("text", "河道水位上涨，请沿河村民立即转移到高处，听从村干部指挥。").put("repeat", 3).put("targets", targets));
    assertEquals(201, orange.status(), orange.toString());
    String orangeId = orange.body().getString("id");
    Await.until("volume 90 during the orange alert", WAIT, () -> Integer.valueOf(90).equals(volumeOf(watched)));
    assertEquals(200, admin.post("/api/v1/alerts/" + orangeId + "/cancel", new JsonObject()).status());
    // THEN the speaker is back at its own volume
    Await.until("back to volume 70 after the cancel", WAIT, () -> Integer.valueOf(70).equals(volumeOf(watched)));
    assertEquals("cancelled", admin.get("/api/v1/alerts/" + orangeId).body().getJsonArray("villages").getJsonObject(0)
        .getJsonArray("endpoints").getJsonObject(0).getString("state"));
  }
}
