package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CredentialsCsv;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.HubProcess;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.sim.Behaviour;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub processes on one Redis and one Mosquitto. Both serve the API with the same state; one
 * leads. When the leader is killed, the other takes the lease within the configured time and does
 * the leader's work: here, catching up an endpoint that comes online after the kill.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TwoHubsFailoverIT {
  private static final int LEASE_SECONDS = 3;

  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  private ExternalProcess redis;
  private ExternalProcess mosquitto;
  private HubProcess first;
  private HubProcess second;
  private Vertx vertx;
  private SimulatedFleet fleet;

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }


  private HubProcess hub(String name, int redisPort, int mqttPort) throws Exception {
    return new HubProcess(tmp.resolve(name), EmbeddedRedis.freePort(), Map.of(
        "DALABA_REDIS_MODE", "external", "DALABA_REDIS_URL", "redis://127.0.0.1:" + redisPort,
        "DALABA_MQTT_MODE", "external", "DALABA_MQTT_URL", "tcp://127.0.0.1:" + mqttPort,
        "DALABA_MQTT_HUB_PASSWORD", "hub-test-secret-0123456789",
        "DALABA_CLUSTER_LEASE_SECONDS", String.valueOf(LEASE_SECONDS))).start();
  }

  private static JsonObject health(HubProcess hub) {
    return new ApiClient(hub.httpPort()).get("/health").body();
  }

  private HubProcess leader;
  private HubProcess follower;
  private int mqttPort;

  /** Redis, Mosquitto and two hub processes; finds which one leads. */
  private void startCluster() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    redis = teardown.add(PersistentRedis.start(tmp, redisPort));
    mqttPort = EmbeddedRedis.freePort();
    // both hubs write the same broker files from the same Redis; Mosquitto reads the first one's
    mosquitto = teardown.add(HubMosquitto.start(tmp.resolve("a"), mqttPort));
    first = teardown.add(hub("a", redisPort, mqttPort));
    mosquitto.reload();
    second = teardown.add(hub("b", redisPort, mqttPort));
    Await.until("both hubs ready", Duration.ofSeconds(60), () -> health(first).getBoolean("ready") && health(second).getBoolean("ready"));
    Await.until("exactly one leader", Duration.ofSeconds(30),
        () -> health(first).getBoolean("leader") ^ health(second).getBoolean("leader"));
    leader = health(first).getBoolean("leader") ? first : second;
    follower = leader == first ? second : first;
  }

  @Test
  void whenTheLeaderDiesTheOtherHubTakesOverItsWork() throws Exception {
    startCluster();
    // GIVEN 113 villages, one of them offline
    List<SimEndpointSpec> specs = CredentialsCsv.endpoints(first.dataDir());
    String late = specs.get(0).endpointId();
    vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    fleet = FaultFixtures.await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(mqttPort)
        .timeScale(0.05).behaviour(late, Behaviour.OFFLINE), specs));
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient viaFollower = FaultFixtures.login(follower.httpPort());
    ApiClient viaLeader = FaultFixtures.login(leader.httpPort());

    // WHEN an alert is sent through the follower
    String id = FaultFixtures.sendAlertToAll(viaFollower);
    // THEN both hubs show the same progress: 112 played, one pending
    Await.until("112 played", FaultFixtures.WAIT,
        () -> viaFollower.get("/api/v1/alerts/" + id).body().getJsonObject("counts").getLong("played") == 112);
    assertEquals(viaFollower.get("/api/v1/alerts/" + id).body().getJsonObject("counts"),
        viaLeader.get("/api/v1/alerts/" + id).body().getJsonObject("counts"));

    // WHEN the leader is killed
    long killedAt = System.currentTimeMillis();
    leader.kill();
    // THEN the other hub takes the lease within the lease time (plus one renewal)
    Await.until("the follower leads", Duration.ofSeconds(30), () -> health(follower).getBoolean("leader"));
    long takeoverMs = System.currentTimeMillis() - killedAt;
    System.out.printf("take-over after the leader was killed: %d ms (lease %d s)%n", takeoverMs, LEASE_SECONDS);
    // bounded by the lease plus one renewal interval; generous margin for a loaded machine
    assertTrue(takeoverMs < (LEASE_SECONDS + 5) * 1000L, "take-over took " + takeoverMs + " ms");
    // AND does the leader's work: the late endpoint is caught up when it comes online
    SimEndpoint endpoint = fleet.endpoint(late);
    FaultFixtures.await(endpoint.connect());
    FaultFixtures.awaitPlayedByAll(viaFollower, id, specs.size());
    FaultFixtures.assertEachPlayedOnce(fleet, id);
  }

  @Test
  void whenTheLeaderDiesJustBeforeAScheduledFireItFiresOnceOnTheOtherHub() throws Exception {
    startCluster();
    // GIVEN 113 villages online and a programme scheduled 8 s from now, created through the leader
    List<SimEndpointSpec> specs = CredentialsCsv.endpoints(first.dataDir());
    vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    fleet = FaultFixtures.await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(mqttPort)
        .timeScale(0.05), specs));
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient viaLeader = FaultFixtures.login(leader.httpPort());
    ApiClient viaFollower = FaultFixtures.login(follower.httpPort());
    ApiClient.Reply programme = viaLeader.post("/api/v1/programmes", new JsonObject().put("name", "村务通知")
        .put("items", new io.vertx.core.json.JsonArray().add(new JsonObject().put("text", "今晚七点在村委会开会。"))));
    assertEquals(201, programme.status(), programme.toString());
    java.time.OffsetDateTime at = java.time.OffsetDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).plusSeconds(8)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ApiClient.Reply schedule = viaLeader.post("/api/v1/schedules", new JsonObject().put("name", "村务通知")
        .put("programmeId", programme.body().getString("id")).put("targets", new JsonObject().put("all", true))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at.toString())));
    assertEquals(201, schedule.status(), schedule.toString());
    String scheduleId = schedule.body().getString("id");
    // WHEN the leader is killed about 3 s before the fire
    Await.until("3 s before the fire", Duration.ofSeconds(20),
        () -> System.currentTimeMillis() >= at.toInstant().toEpochMilli() - 3_000);
    long killedAt = System.currentTimeMillis();
    leader.kill();
    // THEN the schedule fires exactly once, after the kill (so on the other hub), and all 113 play it once
    JsonObject fire = Await.until("the fire", FaultFixtures.WAIT, () -> viaFollower.get("/api/v1/schedules/" + scheduleId + "/fires")
        .body().getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0);
    String fireId = fire.getString("id");
    Await.until("the fire played by all 113", FaultFixtures.WAIT, () -> viaFollower.get("/api/v1/fires/" + fireId).body()
        .getJsonObject("counts").getLong("played") == 113);
    assertEquals(1, viaFollower.get("/api/v1/schedules/" + scheduleId + "/fires").body().getJsonArray("fires").size(), "fired once");
    long firedAt = java.time.OffsetDateTime.parse(viaFollower.get("/api/v1/fires/" + fireId).body().getString("firedAt"))
        .toInstant().toEpochMilli();
    assertTrue(firedAt > killedAt, "fired after the leader was killed, so by the other hub");
    FaultFixtures.assertEachPlayedOnce(fleet, fireId);
  }
}
