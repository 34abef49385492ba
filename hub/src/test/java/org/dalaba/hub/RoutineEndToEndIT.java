package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.PlayRecord;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routine broadcasting end to end: a real hub (embedded HiveMQ CE, embedded Redis, espeak-ng), the 113
 * sample villages simulated over MQTT at 1/10 of real time, an uploaded WAV and a spoken text in one
 * programme, a schedule a few seconds ahead with a 4-second prefetch lead, and an alert in the middle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoutineEndToEndIT {
  static final Duration WAIT = Duration.ofSeconds(45);
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final int MAX_UPLOAD = 1_000_000;
  /** Long enough for 113 endpoints to fetch 0.4 MB each on a loaded two-core machine. */
  static final int PREFETCH_LEAD_SECONDS = 4;

  @TempDir
  static Path dataDir;
  RunningHub hub;
  Vertx simVertx;
  SimulatedFleet fleet;
  ApiClient api;

  @BeforeAll
  void start() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/espeak-ng", "espeak-ng");
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.SCHEDULE_PREFETCH_LEAD_SECONDS, PREFETCH_LEAD_SECONDS,
        ConfigKey.MEDIA_MAX_BYTES, MAX_UPLOAD)), System.out, TestHubs.ADMIN_PASSWORD);
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (Endpoint e : hub.directory().endpoints().values()) {
      specs.add(new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(), hub.credentials().endpointSecrets().get(e.id())));
    }
    simVertx = Vertx.vertx();
    fleet = SimulatedFleet.start(simVertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort()).timeScale(0.1)
        .heartbeatSeconds(5), specs).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("113 endpoints online", WAIT,
        () -> api.get("/api/v1/villages").body().getJsonObject("totals").getLong("online") == 113);
  }

  @AfterAll
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (simVertx != null) {
      simVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void aScheduledProgrammeIsPrefetchedPlayedOnTimePreemptedAndResumed() {
    // GIVEN a 20-second recording and a spoken weather line in one programme
    JsonObject wav = api.postBytes("/api/v1/media?name=" + enc("早间新闻"), "application/octet-stream", TestAudio.wav(20_000)).body();
    assertEquals(20_000, wav.getLong("durationMs"), wav.encode());
    JsonObject programme = created(api.post("/api/v1/programmes", new JsonObject().put("name", "早间节目").put("items",
        new JsonArray().add(new JsonObject().put("media", wav.getString("sha256"))).add(new JsonObject().put("text", "今天白天晴，最高气温零下五度。")))));
    String spoken = programme.getJsonArray("items").getJsonObject(1).getString("media");
    assertNotNull(spoken, "espeak-ng spoke the text item");
    // WHEN it is scheduled for the whole county 8 seconds from now, resuming after preemption
    OffsetDateTime at = OffsetDateTime.now(SHANGHAI).plusSeconds(PREFETCH_LEAD_SECONDS + 4).truncatedTo(ChronoUnit.SECONDS);
    JsonObject schedule = created(api.post("/api/v1/schedules", new JsonObject().put("name", "早间节目").put("programmeId",
        programme.getString("id")).put("targets", new JsonObject().put("all", true)).put("onPreempt", "resume")
        .put("recurrence", new JsonObject().put("type", "once").put("at", at.toString()))));
    // THEN every endpoint holds both recordings before the scheduled time
    Await.until("all 113 endpoints prefetched both recordings", WAIT, () -> fleet.endpoints().stream()
        .allMatch(e -> e.hasMedia(wav.getString("sha256")) && e.hasMedia(spoken)));
    long prefetchMs = System.currentTimeMillis() - at.minusSeconds(PREFETCH_LEAD_SECONDS).toInstant().toEpochMilli();
    assertTrue(OffsetDateTime.now(SHANGHAI).isBefore(at), "prefetch finished ahead of the scheduled time (" + prefetchMs + " ms)");
    // and the fire starts on all 113
    String fireId = Await.until("the fire", WAIT, () -> api.get("/api/v1/schedules/" + schedule.getString("id") + "/fires").body()
        .getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
    awaitFire(fireId, c -> c.getLong("playing") + c.getLong("played") == 113);
    // WHEN an alert goes out during the programme
    JsonObject alert = created(api.post("/api/v1/alerts", new JsonObject().put("title", "大风蓝色预警").put("text", "请注意防风。")
        .put("level", "blue").put("targets", new JsonObject().put("all", true))));
    // THEN the alert plays everywhere, and the programme resumes and is played by all 113
    Await.until("the alert played by 113", WAIT, () -> api.get("/api/v1/alerts/" + alert.getString("id")).body()
        .getJsonObject("counts").getLong("played") == 113);
    JsonObject fire = awaitFire(fireId, c -> c.getLong("played") == 113);
    assertEquals(113, fire.getJsonObject("prefetch").getLong("ready"), fire.getJsonObject("prefetch").encode());
    JsonObject lateness = fire.getJsonObject("lateness");
    assertEquals(113, lateness.getInteger("started"), lateness.encode());
    assertTrue(lateness.getLong("maxMs") < 5_000, "every endpoint started within 5 s of the scheduled time: " + lateness);
    long resumed = fire.getJsonArray("villages").stream().map(v -> ((JsonObject) v).getJsonArray("endpoints").getJsonObject(0))
        .filter(e -> "resumed".equals(e.getString("preemption"))).count();
    for (SimEndpoint endpoint : fleet.endpoints()) {
      boolean preempted = endpoint.playLog().stream().anyMatch(p -> p.commandId().equals(fireId) && p.outcome() == PlayRecord.Outcome.PREEMPTED);
      if (preempted) {
        Await.until(endpoint.id() + " played the rest", WAIT, () -> endpoint.playLog().stream()
            .anyMatch(p -> p.commandId().startsWith(fireId + ".p") && p.outcome() == PlayRecord.Outcome.FINISHED));
      }
    }
    System.out.printf("routine e2e: prefetch to all 113 done %d ms after it was due; lateness %s; %d of 113 preempted and resumed%n",
        prefetchMs, lateness.encode(), resumed);
    assertTrue(resumed > 100, "the alert preempted the programme nearly everywhere; resumed on " + resumed);
  }

  @Test
  @Order(2)
  void mediaIsServedToEndpointsWithRangesAndCacheHeaders() throws Exception {
    // the programme's recording, which the county-wide prefetch sent to every endpoint
    String sha = api.postBytes("/api/v1/media?name=tone", "audio/wav", TestAudio.wav(20_000)).body().getString("sha256");
    Endpoint endpoint = hub.directory().endpoints().values().iterator().next();
    String basic = "Basic " + Base64.getEncoder().encodeToString((endpoint.id() + ":" + hub.credentials().endpointSecrets()
        .get(endpoint.id())).getBytes(StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + hub.httpPort() + "/media/" + sha);
    HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(uri).header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, whole.statusCode());
    assertEquals(TestAudio.wav(20_000).length, whole.body().length);
    assertTrue(whole.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
    HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(uri).header("Authorization", basic).header("Range", "bytes=0-43").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, part.statusCode());
    assertEquals(44, part.body().length);
    assertEquals("bytes 0-43/" + whole.body().length, part.headers().firstValue("Content-Range").orElse(""));
    assertEquals(401, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    // a file no command named is refused even with good credentials
    String unsent = api.postBytes("/api/v1/media?name=tone", "audio/wav", TestAudio.wav(500)).body().getString("sha256");
    assertEquals(403, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/media/" + unsent))
        .header("Authorization", basic).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    String wrong = "Basic " + Base64.getEncoder().encodeToString((endpoint.id() + ":wrong").getBytes(StandardCharsets.UTF_8));
    assertEquals(401, http.send(HttpRequest.newBuilder(uri).header("Authorization", wrong).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  @Order(2)
  void operatorsFetchMediaForPlaybackWithTheirTokenOnly() throws Exception {
    // GIVEN an uploaded recording
    byte[] wav = TestAudio.wav(300);
    String sha = api.postBytes("/api/v1/media?name=tone", "audio/wav", wav).body().getString("sha256");
    URI uri = URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/media/" + sha + "/audio");
    HttpClient http = HttpClient.newHttpClient();
    // WHEN an operator asks for it with their bearer token, THEN they get the file, and ranges work
    HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + api.token()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, whole.statusCode());
    assertEquals(wav.length, whole.body().length);
    assertEquals("audio/wav", whole.headers().firstValue("Content-Type").orElse(""));
    HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + api.token())
        .header("Range", "bytes=0-43").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, part.statusCode());
    assertEquals(44, part.body().length);
    // AND without a token the hub refuses
    assertEquals(401, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  @Order(3)
  void badInputIsRefusedWithTheFieldNamedAndNothingCreated() {
    int mediaBefore = api.get("/api/v1/media").body().getJsonArray("media").size();
    int schedulesBefore = api.get("/api/v1/schedules").body().getJsonArray("schedules").size();
    // non-audio, whatever its name, and an oversized file
    assertField(api.postBytes("/api/v1/media?name=song.mp3", "audio/mpeg", "<html>hello</html>".getBytes(StandardCharsets.UTF_8)), "file");
    assertField(api.postBytes("/api/v1/media?name=big.wav", "audio/wav", TestAudio.wav(70_000)), "file");
    assertEquals(mediaBefore, api.get("/api/v1/media").body().getJsonArray("media").size(), "no media stored");
    // a programme naming unknown media
    assertField(api.post("/api/v1/programmes", new JsonObject().put("name", "x").put("items",
        new JsonArray().add(new JsonObject().put("media", "0".repeat(64))))), "items[0].media");
    String sha = api.postBytes("/api/v1/media?name=ok", "audio/wav", TestAudio.wav(300)).body().getString("sha256");
    String programmeId = created(api.post("/api/v1/programmes", new JsonObject().put("name", "短节目").put("items",
        new JsonArray().add(new JsonObject().put("media", sha))))).getString("id");
    // schedules: an invalid cron, an end date before the start, an unknown programme, an unknown village
    JsonObject good = new JsonObject().put("name", "测试").put("programmeId", programmeId).put("targets", new JsonObject().put("all", true))
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("06:30")));
    assertField(api.post("/api/v1/schedules", good.copy().put("recurrence", new JsonObject().put("type", "cron").put("expression", "61 6 * * *"))),
        "recurrence.expression");
    assertField(api.post("/api/v1/schedules", good.copy().put("startDate", "2027-03-01").put("endDate", "2027-02-01")), "endDate");
    assertField(api.post("/api/v1/schedules", good.copy().put("programmeId", "pg-nosuch")), "programmeId");
    assertField(api.post("/api/v1/schedules", good.copy().put("targets", new JsonObject().put("villages", new JsonArray().add("211282999999")))),
        "targets.villages");
    assertEquals(schedulesBefore, api.get("/api/v1/schedules").body().getJsonArray("schedules").size(), "no schedule stored");
    // and a valid one that overlaps nothing is accepted, then paused and resumed
    JsonObject saved = created(api.post("/api/v1/schedules", good));
    assertEquals(true, api.post("/api/v1/schedules/" + saved.getString("id") + "/pause", "{}").body().getBoolean("paused"));
    JsonObject resumed = api.post("/api/v1/schedules/" + saved.getString("id") + "/resume", "{}").body();
    assertEquals(false, resumed.getBoolean("paused"));
    assertTrue(resumed.getString("nextFireAt").endsWith("06:30:00+08:00"), resumed.encode());
    // a dry run of a second one at the same time reports the overlap and saves nothing
    int beforeDryRun = api.get("/api/v1/schedules").body().getJsonArray("schedules").size();
    ApiClient.Reply dryRun = api.post("/api/v1/schedules?dryRun=true", good.copy().put("name", "重叠"));
    assertEquals(200, dryRun.status(), dryRun.toString());
    assertEquals(saved.getString("id"), dryRun.body().getJsonArray("overlaps").getJsonObject(0).getString("scheduleId"));
    assertEquals(beforeDryRun, api.get("/api/v1/schedules").body().getJsonArray("schedules").size(), "the dry run saved nothing");
    // a second schedule at the same time on the same villages is accepted, with the overlap reported
    JsonObject second = created(api.post("/api/v1/schedules", good.copy().put("name", "重叠")));
    assertEquals(saved.getString("id"), second.getJsonArray("overlaps").getJsonObject(0).getString("scheduleId"), second.encode());
    // moving it to the evening removes the overlap
    ApiClient.Reply moved = api.put("/api/v1/schedules/" + second.getString("id"), good.copy().put("name", "重叠")
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("19:00"))));
    assertEquals(200, moved.status(), moved.toString());
    assertTrue(moved.body().getJsonArray("overlaps").isEmpty(), moved.toString());
    // media and programmes in use cannot be deleted
    assertEquals(409, api.delete("/api/v1/media/" + sha).status());
    assertEquals(409, api.delete("/api/v1/programmes/" + programmeId).status());
    assertEquals(200, api.delete("/api/v1/schedules/" + second.getString("id")).status());
  }

  @Test
  @Order(4)
  void anEndpointOfflineAtTheScheduledTimeGetsTheProgrammeWhenItReconnects() throws Exception {
    // GIVEN one village's endpoint offline
    var village = hub.directory().township("211282105").orElseThrow().villages().get(0);
    SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
    endpoint.disconnect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Await.until("the hub sees it offline", WAIT, () -> !online(endpoint.id()));
    // WHEN a programme is scheduled for that village 2 seconds ahead, and fires
    String sha = api.postBytes("/api/v1/media?name=short", "audio/wav", TestAudio.wav(400)).body().getString("sha256");
    String programmeId = created(api.post("/api/v1/programmes", new JsonObject().put("name", "通知").put("items",
        new JsonArray().add(new JsonObject().put("media", sha))))).getString("id");
    String at = OffsetDateTime.now(SHANGHAI).plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString();
    String scheduleId = created(api.post("/api/v1/schedules", new JsonObject().put("name", "村务通知").put("programmeId", programmeId)
        .put("targets", new JsonObject().put("villages", new JsonArray().add(village.id())))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at)))).getString("id");
    String fireId = Await.until("the fire", WAIT, () -> api.get("/api/v1/schedules/" + scheduleId + "/fires").body()
        .getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
    assertEquals(1, api.get("/api/v1/fires/" + fireId).body().getJsonObject("counts").getLong("pending"));
    // THEN it plays once the endpoint is back
    endpoint.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    awaitFire(fireId, c -> c.getLong("played") == 1);
  }

  @Test
  @Order(5)
  void aFailedPrefetchIsSentAgainWithBackOffUntilTheEndpointHoldsTheRecording() throws Exception {
    // GIVEN a recording whose file the hub cannot serve for a while (moved away on disk)
    String sha = api.postBytes("/api/v1/media?name=" + enc("寻物启事"), "audio/wav", TestAudio.wav(600)).body().getString("sha256");
    Path file = dataDir.resolve("media").resolve(sha);
    Path aside = dataDir.resolve("aside-" + sha);
    Files.move(file, aside);
    var village = hub.directory().township("211282106").orElseThrow().villages().get(0);
    SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
    String programmeId = created(api.post("/api/v1/programmes", new JsonObject().put("name", "寻物启事").put("items",
        new JsonArray().add(new JsonObject().put("media", sha))))).getString("id");
    String at = OffsetDateTime.now(SHANGHAI).plusSeconds(PREFETCH_LEAD_SECONDS + 3).truncatedTo(ChronoUnit.SECONDS).toString();
    String scheduleId = created(api.post("/api/v1/schedules", new JsonObject().put("name", "寻物启事").put("programmeId", programmeId)
        .put("targets", new JsonObject().put("villages", new JsonArray().add(village.id())))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at)))).getString("id");
    // WHEN the endpoint's download fails, THEN the hub sends the prefetch again under a new id
    Await.until(endpoint.id() + " got the prefetch again", WAIT, () -> endpoint.receivedCommands().stream()
        .anyMatch(c -> c.getString("id", "").matches("f-.*\\.r1")));
    Files.move(aside, file);
    // AND once the file is back, a later attempt succeeds and counts for the prefetch record
    Await.until(endpoint.id() + " holds the recording", WAIT, () -> endpoint.hasMedia(sha));
    String fireId = Await.until("the fire", WAIT, () -> api.get("/api/v1/schedules/" + scheduleId + "/fires").body()
        .getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
    JsonObject fire = awaitFire(fireId, c -> c.getLong("played") == 1);
    JsonObject prefetch = Await.until("the prefetch record ready", WAIT, () -> api.get("/api/v1/fires/" + fireId).body()
        .getJsonObject("prefetch"), p -> p.getLong("ready") == 1);
    assertEquals(0, prefetch.getLong("failed"), prefetch.encode());
    System.out.printf("prefetch retry e2e: ready after %d re-send(s)%n", endpoint.receivedCommands().stream()
        .filter(c -> c.getString("id", "").matches("f-.*\\.r\\d+")).count());
    assertEquals(1, fire.getJsonObject("counts").getLong("played"));
  }

  // ---- fixtures ----

  boolean online(String endpointId) {
    for (Object t : api.get("/api/v1/villages").body().getJsonArray("townships")) {
      for (Object v : ((JsonObject) t).getJsonArray("villages")) {
        for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
          if (((JsonObject) e).getString("id").equals(endpointId)) {
            return ((JsonObject) e).getBoolean("online");
          }
        }
      }
    }
    return false;
  }


  JsonObject awaitFire(String id, java.util.function.Predicate<JsonObject> done) {
    return Await.until("counts of fire " + id, WAIT, () -> api.get("/api/v1/fires/" + id).body(),
        fire -> fire.containsKey("counts") && done.test(fire.getJsonObject("counts")));
  }

  static JsonObject created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.body();
  }

  static void assertField(ApiClient.Reply reply, String field) {
    assertEquals(400, reply.status(), reply.toString());
    assertEquals(field, reply.body().getString("field"), reply.toString());
    assertFalse(reply.body().getString("messageZh").startsWith(field), "no API field name in an operator's message: " + reply);
  }

  static String enc(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
