package org.dalaba.hub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.AtOnce;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.RedisCli;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.PlayRecord;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Priority between live sessions, and between live sessions and alerts (docs/protocol.md "live", docs/api.md "Live
 * sessions"), as operators and speakers meet it: a real hub and the villages of two townships simulated over MQTT,
 * audio streamed with curl. Each test uses villages of its own, so the tests do not hold each other's endpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LivePriorityIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir
  static Path dataDir;

  private final Teardown teardown = new Teardown();
  private RunningHub hub;
  private ApiClient admin;
  private List<Endpoint> endpoints;
  private SimulatedFleet fleet;
  /** Villages of the first township, then of the second; each test takes its own. */
  private List<String> townshipA;
  private List<String> townshipB;
  private int redisPort;

  @BeforeAll
  void start() throws Exception {
    redisPort = org.dalaba.hub.store.EmbeddedRedis.freePort();
    hub = teardown.add(Application.start(TestHubs.config(dataDir).with(org.dalaba.hub.config.ConfigKey.REDIS_EMBEDDED_PORT, redisPort),
        System.out, TestHubs.ADMIN_PASSWORD));
    List<org.dalaba.hub.directory.Township> townships = hub.directory().townships();
    endpoints = townships.subList(0, 2).stream().flatMap(t -> t.villages().stream()).flatMap(v -> v.endpoints().stream()).toList();
    townshipA = townships.get(0).villages().stream().map(v -> v.id()).toList();
    townshipB = townships.get(1).villages().stream().map(v -> v.id()).toList();
    assertTrue(townshipB.size() >= 5, "the second township has villages enough for the tests: " + townshipB);
    TestFleet simulated = teardown.add(TestFleet.start(hub, endpoints, 1.0));
    fleet = simulated.fleet();
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("the two townships online at the hub", WAIT, () -> admin.get("/api/v1/villages").body().getJsonObject("totals")
        .getInteger("online") == endpoints.size());
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  private ApiClient.Reply post(JsonObject targets, String level) {
    return admin.post("/api/v1/live", new JsonObject().put("targets", targets).put("level", level).put("title", "村委会通知")
        .put("maxSeconds", 120));
  }

  private String open(JsonObject targets, String level) {
    ApiClient.Reply created = post(targets, level);
    assertEquals(201, created.status(), created.toString());
    return created.body().getString("id");
  }

  private static JsonObject villages(String... ids) {
    return new JsonObject().put("villages", new JsonArray(List.of((Object[]) ids)));
  }

  private void stopSession(String id) {
    ApiClient.Reply stopped = admin.post("/api/v1/live/" + id + "/stop", new JsonObject());
    assertEquals(200, stopped.status(), stopped.toString());
  }

  private JsonObject session(String id) {
    return admin.get("/api/v1/live/" + id).body();
  }

  /** curl streaming a WAV tone of {@code ms} to the session (the hub takes it at real-time pace). */
  private Process stream(String id, int ms) throws Exception {
    Path file = dataDir.resolve(id + ".wav");
    Files.write(file, LiveEndToEndIT.wav(16000, 1, ms).getBytes());
    Process curl = new ProcessBuilder("curl", "-sS", "-T", file.toString(), "-H", "Authorization: Bearer " + admin.token(),
        "-H", "Content-Type: audio/wav", "http://127.0.0.1:" + hub.httpPort() + "/api/v1/live/" + id + "/audio")
        .redirectErrorStream(true).redirectOutput(dataDir.resolve(id + ".out").toFile()).start();
    teardown.add(curl::destroyForcibly);
    return curl;
  }

  private static void awaitEnd(Process curl) {
    Await.until("the upload ended", WAIT, () -> !curl.isAlive());
    assertEquals(0, curl.exitValue());
  }

  private List<SimEndpoint> speakers(List<String> villageIds) {
    List<SimEndpoint> found = fleet.endpoints().stream().filter(e -> villageIds.contains(e.spec().villageId())).toList();
    assertFalse(found.isEmpty(), "speakers in " + villageIds);
    return found;
  }

  private static boolean logged(SimEndpoint speaker, String commandId, PlayRecord.Outcome outcome) {
    return speaker.playLog().stream().anyMatch(p -> p.commandId().equals(commandId) && p.outcome() == outcome);
  }

  private static void awaitPlaying(String what, List<SimEndpoint> speakers, String commandId) {
    Await.until(what, WAIT, () -> speakers.stream().allMatch(s -> commandId.equals(s.playing())));
  }

  /** Waits until every record of the session is {@code played} and it has ended; @return the session. */
  private JsonObject awaitPlayedEverywhere(String id, int endpointCount) {
    JsonObject done = Await.until("live session " + id + " ended and played on its " + endpointCount + " endpoint(s)", WAIT,
        () -> session(id), s -> "ended".equals(s.getString("state")) && s.getJsonObject("counts").getInteger("played") == endpointCount);
    for (Object e : done.getJsonArray("endpoints")) {
      assertEquals("played", ((JsonObject) e).getString("state"), done.encode());
    }
    return done;
  }

  /** The example 409 of docs/api.md, "Live sessions". */
  private static JsonObject documentedConflict() {
    try {
      return new JsonObject(Files.readAllLines(Path.of("..", "docs", "api.md")).stream()
          .filter(l -> l.startsWith("{\"error\":\"conflict\"") && l.contains("喊话")).findFirst().orElseThrow());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aSecondSessionOfTheSameOrALowerLevelIsRefusedAndDisjointTargetsAreNot() {
    String mine = townshipB.get(0);
    String first = open(villages(mine), "yellow");
    String township = hub.directory().townships().get(1).id();
    for (String level : List.of("yellow", "blue", "routine")) {
      ApiClient.Reply refused = post(new JsonObject().put("townships", new JsonArray().add(township)), level);
      assertEquals(409, refused.status(), level + ": " + refused);
      assertEquals("conflict", refused.body().getString("error"), refused.toString());
      // the refusal docs/api.md shows, naming the session that holds the village
      JsonObject documented = documentedConflict();
      assertEquals(documented.fieldNames(), refused.body().fieldNames(), refused.toString());
      assertEquals(documented.getString("messageZh").replace("l-20251125-7f3k9q", first), refused.body().getString("messageZh"));
    }
    String disjoint = open(villages(townshipB.get(1)), "yellow");
    stopSession(first);
    stopSession(disjoint);
    // an ended session holds nothing
    stopSession(open(villages(mine), "routine"));
  }

  @Test
  void aClaimLeftBehindByAnEndedSessionDoesNotBlockTheNextOne() throws Exception {
    // GIVEN a session that ended, but whose claim stayed in Redis (its hub's release failed after the end was stored)
    String village = townshipB.get(3);
    String endpoint = hub.directory().village(village).orElseThrow().endpoints().get(0).id();
    String ended = open(villages(village), "orange");
    stopSession(ended);
    String password = Files.readString(dataDir.resolve("credentials").resolve("redis.password")).strip();
    RedisCli.run(redisPort, password, "HSET", "dlb:{live-claims}", endpoint,
        ended + ":" + org.dalaba.hub.live.LiveLevel.parse("orange").rank() + ":" + (System.currentTimeMillis() + 600_000));
    // WHEN an operator opens a session of the same level to that village
    // THEN it opens: a claim of a session that has ended holds nothing
    stopSession(open(villages(village), "orange"));
  }

  @Test
  void manySimultaneousOpensToTheSameTargetsGetExactlyOne201() throws Exception {
    String village = townshipB.get(2);
    int callers = 12;
    ApiClient.Reply[] replies = AtOnce.post(java.util.stream.IntStream.range(0, callers)
        .mapToObj(i -> new ApiClient(hub.httpPort()).withToken(admin.token())).toList(), "/api/v1/live",
        new JsonObject().put("targets", villages(village)).put("level", "blue").put("title", "同时喊话").put("maxSeconds", 60));
    List<ApiClient.Reply> created = java.util.Arrays.stream(replies).filter(r -> r.status() == 201).toList();
    created.forEach(r -> stopSession(r.body().getString("id"))); // before asserting, so that no other test meets them
    assertEquals(1, created.size(), "exactly one session opened: " + List.of(replies));
    assertEquals(callers - 1, java.util.Arrays.stream(replies).filter(r -> r.status() == 409).count(), List.of(replies).toString());
  }

  @Test
  void aHigherLevelTakesOverTheSharedEndpointsWhichRejoinTheLowerAfterIt() throws Exception {
    // GIVEN a routine session on air in the whole first township
    String lower = open(new JsonObject().put("townships", new JsonArray().add(hub.directory().townships().get(0).id())), "routine");
    Process lowerSource = stream(lower, 16_000);
    List<SimEndpoint> all = speakers(townshipA);
    awaitPlaying("the routine session plays in the township", all, lower);
    // WHEN an orange session opens to one of its villages and one of another township
    String shared = townshipA.get(0);
    String elsewhere = townshipB.get(3);
    String higher = open(villages(shared, elsewhere), "orange");
    Process higherSource = stream(higher, 3000);
    List<SimEndpoint> overlap = speakers(List.of(shared));
    List<SimEndpoint> rest = all.stream().filter(s -> !overlap.contains(s)).toList();
    // THEN the shared village plays the orange session, the rest of the township carries on with the routine one
    awaitPlaying("the orange session plays in both its villages", speakers(List.of(shared, elsewhere)), higher);
    overlap.forEach(s -> assertTrue(logged(s, lower, PlayRecord.Outcome.PREEMPTED), s.playLog().toString()));
    rest.forEach(s -> assertEquals(lower, s.playing(), s.id() + " " + s.playLog()));
    Await.until("the shared village's record of the routine session open, to be rejoined", WAIT, () -> session(lower)
        .getJsonArray("endpoints").stream().map(JsonObject.class::cast)
        .filter(e -> overlap.stream().anyMatch(s -> s.id().equals(e.getString("endpointId"))))
        .allMatch(e -> "rejoin".equals(e.getString("preemption")) && "playing".equals(e.getString("state"))));
    awaitEnd(higherSource);
    awaitPlayedEverywhere(higher, speakers(List.of(shared, elsewhere)).size());
    // AND once it has ended the shared village rejoins the routine session at its live edge while it is on air
    awaitPlaying("the shared village rejoined the routine session", overlap, lower);
    assertEquals("live", session(lower).getString("state"));
    rest.forEach(s -> assertFalse(logged(s, lower, PlayRecord.Outcome.PREEMPTED), s.playLog().toString()));
    awaitEnd(lowerSource);
    JsonObject done = awaitPlayedEverywhere(lower, all.size());
    for (Object e : done.getJsonArray("endpoints")) {
      JsonObject record = (JsonObject) e;
      if (overlap.stream().anyMatch(s -> s.id().equals(record.getString("endpointId")))) {
        Long first = record.getJsonObject("lag").getLong("firstMs");
        assertNotNull(first, record.encode());
        assertTrue(first < 1000, "rejoined at the live edge, not from the start: " + record.encode());
      }
    }
    overlap.forEach(s -> assertTrue(logged(s, lower, PlayRecord.Outcome.FINISHED), s.playLog().toString()));
  }

  @Test
  void aLowerSessionThatEndsDuringATakeOverIsNotRejoinedThere() throws Exception {
    String shared = townshipA.get(1);
    String other = townshipA.get(2);
    String lower = open(villages(shared, other), "routine");
    Process lowerSource = stream(lower, 4000);
    awaitPlaying("the routine session plays", speakers(List.of(shared, other)), lower);
    String higher = open(villages(shared), "yellow");
    Process higherSource = stream(higher, 9000);
    List<SimEndpoint> overlap = speakers(List.of(shared));
    awaitPlaying("the yellow session plays in the shared village", overlap, higher);
    // WHEN the routine session ends while the yellow one still plays there
    awaitEnd(lowerSource);
    int others = speakers(List.of(other)).size();
    JsonObject done = Await.until("the routine session ended", WAIT, () -> session(lower), s -> "ended".equals(s.getString("state"))
        && s.getJsonObject("counts").getInteger("played") == others && s.getJsonObject("counts").getInteger("cancelled") == overlap.size());
    // THEN the shared village's record of it ends cancelled, the other village's played, and the yellow one plays on
    for (Object e : done.getJsonArray("endpoints")) {
      JsonObject record = (JsonObject) e;
      boolean inOverlap = overlap.stream().anyMatch(s -> s.id().equals(record.getString("endpointId")));
      assertEquals(inOverlap ? "cancelled" : "played", record.getString("state"), done.encode());
    }
    overlap.forEach(s -> assertEquals(higher, s.playing(), s.playLog().toString()));
    awaitEnd(higherSource);
    awaitPlayedEverywhere(higher, overlap.size());
    overlap.forEach(s -> assertFalse(logged(s, lower, PlayRecord.Outcome.FINISHED), s.playLog().toString()));
  }

  @Test
  void anEmergencyLiveSessionInterruptsALowerAlertWhichPlaysAgainAfterIt() throws Exception {
    String village = townshipB.get(4);
    List<SimEndpoint> speakers = speakers(List.of(village));
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "蓝色预警").put("level", "blue")
        .put("text", "开原市气象台发布大风蓝色预警，预计今天夜间到明天白天，全市有五到六级偏北风，请注意防范。")
        .put("targets", villages(village)));
    assertEquals(201, sent.status(), sent.toString());
    String alert = sent.body().getString("id");
    awaitPlaying("the blue alert plays", speakers, alert);
    String live = open(villages(village), "orange");
    Process source = stream(live, 3000);
    awaitPlaying("the orange session plays", speakers, live);
    speakers.forEach(s -> assertTrue(logged(s, alert, PlayRecord.Outcome.PREEMPTED), s.playLog().toString()));
    awaitEnd(source);
    awaitPlayedEverywhere(live, speakers.size());
    TestAlerts.awaitPlayedEverywhere(admin, alert, WAIT);
    speakers.forEach(s -> assertTrue(logged(s, alert, PlayRecord.Outcome.FINISHED), "played again after: " + s.playLog()));
  }

  @Test
  void aRedAlertInterruptsARoutineLiveSessionWhichRejoinsAtTheLiveEdgeAfterIt() throws Exception {
    String village = townshipA.get(townshipA.size() - 1);
    List<SimEndpoint> speakers = speakers(List.of(village));
    String live = open(villages(village), "routine");
    Process source = stream(live, 14_000);
    awaitPlaying("the routine session plays", speakers, live);
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "红色预警").put("level", "red")
        .put("text", "请立即撤离").put("targets", villages(village)));
    assertEquals(201, sent.status(), sent.toString());
    String alert = sent.body().getString("id");
    awaitPlaying("the red alert plays", speakers, alert);
    speakers.forEach(s -> assertTrue(logged(s, live, PlayRecord.Outcome.PREEMPTED), s.playLog().toString()));
    TestAlerts.awaitPlayedEverywhere(admin, alert, WAIT);
    awaitPlaying("the village rejoined the live session", speakers, live);
    assertEquals("live", session(live).getString("state"));
    awaitEnd(source);
    JsonObject done = awaitPlayedEverywhere(live, speakers.size());
    for (Object e : done.getJsonArray("endpoints")) {
      Long first = ((JsonObject) e).getJsonObject("lag").getLong("firstMs");
      assertTrue(first != null && first < 1000, "rejoined at the live edge: " + e);
    }
    speakers.forEach(s -> assertTrue(logged(s, live, PlayRecord.Outcome.FINISHED), s.playLog().toString()));
  }
}
