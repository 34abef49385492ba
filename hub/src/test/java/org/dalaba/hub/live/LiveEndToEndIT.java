package org.dalaba.hub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Live voice as operators, sources and speakers meet it: a real hub (embedded broker and Redis) and all 113 sample
 * villages simulated over MQTT. A WAV streamed with curl reaches every village, each reports its lag, the session
 * shows lag and counts, and the recording has the streamed duration; a reconnecting endpoint (a raw HTTP client
 * that knows only docs/protocol.md) joins at the live edge; a source that stalls ends the session on every endpoint;
 * a township operator cannot open a session to another township.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LiveEndToEndIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir
  static Path dataDir;

  private final Teardown teardown = new Teardown();
  private RunningHub hub;
  private ApiClient admin;
  private List<Endpoint> endpoints;
  private SimulatedFleet fleet;

  @BeforeAll
  void start() throws Exception {
    hub = teardown.add(Application.start(TestHubs.config(dataDir).with(java.util.Map.of(
        org.dalaba.hub.config.ConfigKey.SCHEDULE_PREFETCH_LEAD_SECONDS, 2)), System.out, TestHubs.ADMIN_PASSWORD));
    endpoints = hub.directory().townships().stream().flatMap(t -> t.villages().stream()).flatMap(v -> v.endpoints().stream()).toList();
    Vertx simVertx = Vertx.vertx();
    teardown.add(() -> simVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    List<SimEndpointSpec> specs = endpoints.stream().map(e -> new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(),
        hub.credentials().endpointSecrets().get(e.id()))).toList();
    fleet = SimulatedFleet.start(simVertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort())
        .timeScale(1.0), specs).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    teardown.add(() -> fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("the fleet online at the hub", WAIT, () -> admin.get("/api/v1/villages").body().getJsonObject("totals")
        .getInteger("online") == specs.size());
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  /** A 16-bit PCM WAV of a 440 Hz tone. */
  static Buffer wav(int rate, int channels, int ms) {
    int frames = rate * ms / 1000;
    Buffer data = Buffer.buffer();
    for (int i = 0; i < frames; i++) {
      short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
      for (int c = 0; c < channels; c++) {
        data.appendShortLE(s);
      }
    }
    return Buffer.buffer().appendString("RIFF").appendIntLE(36 + data.length()).appendString("WAVE").appendString("fmt ")
        .appendIntLE(16).appendShortLE((short) 1).appendShortLE((short) channels).appendIntLE(rate)
        .appendIntLE(rate * 2 * channels).appendShortLE((short) (2 * channels)).appendShortLE((short) 16)
        .appendString("data").appendIntLE(data.length()).appendBuffer(data);
  }

  private String open(JsonObject targets, String level) {
    ApiClient.Reply created = admin.post("/api/v1/live", new JsonObject().put("targets", targets).put("level", level)
        .put("title", "村委会通知").put("maxSeconds", 120));
    assertEquals(201, created.status(), created.toString());
    return created.body().getString("id");
  }

  @Test
  void aWavStreamedWithCurlReachesEveryVillageWithLagAndIsRecorded() throws Exception {
    String id = open(new JsonObject().put("all", true), "routine");
    Path file = dataDir.resolve("message.wav");
    Files.write(file, wav(16000, 1, 4000).getBytes());
    Process curl = new ProcessBuilder("curl", "-sS", "-T", file.toString(), "-H", "Authorization: Bearer " + admin.token(),
        "-H", "Content-Type: audio/wav", "http://127.0.0.1:" + hub.httpPort() + "/api/v1/live/" + id + "/audio")
        .redirectErrorStream(true).redirectOutput(dataDir.resolve("curl.out").toFile()).start();
    boolean finished = curl.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      curl.destroy();
    }
    String output = Files.readString(dataDir.resolve("curl.out"));
    assertTrue(finished, "curl finished: " + output);
    String answer = output.trim();
    assertEquals(0, curl.exitValue(), answer);
    JsonObject ended = new JsonObject(answer);
    assertEquals("ended", ended.getString("state"), answer);
    assertEquals("source_ended", ended.getString("endReason"), answer);
    JsonObject session = Await.until("every endpoint played it", WAIT, () -> admin.get("/api/v1/live/" + id).body(),
        s -> s.getJsonObject("counts").getLong("played") == endpoints.size() && s.getJsonObject("recording") != null
            && s.getJsonObject("lag").getInteger("endpoints") == endpoints.size());
    System.out.println("live session: " + session.copy().put("endpoints", session.getJsonArray("endpoints").getList().subList(0, 5))
        .put("villages", null).encode());
    for (Object e : session.getJsonArray("endpoints")) {
      JsonObject lag = ((JsonObject) e).getJsonObject("lag");
      assertNotNull(lag.getLong("p95Ms"), e.toString());
      assertTrue(lag.getLong("pages") >= 10, "pages of 60 ms played: " + e);
    }
    assertNotNull(session.getJsonObject("lag").getLong("p95Ms"));
    System.out.println("live lag over " + endpoints.size() + " endpoints: " + session.getJsonObject("lag"));
    long recorded = session.getJsonObject("recording").getLong("durationMs");
    assertTrue(Math.abs(recorded - 4000) <= 200, "the recording lasts the 4 s streamed: " + recorded);
    ApiClient.Reply audio = admin.get("/api/v1/media/" + session.getJsonObject("recording").getString("sha256"));
    assertEquals(200, audio.status(), audio.toString());
    assertEquals("live", audio.body().getString("origin"));
  }

  @Test
  void aReconnectingEndpointJoinsAtTheLiveEdge() throws Exception {
    Endpoint village = endpoints.get(0);
    String id = open(new JsonObject().put("villages", new JsonArray().add(village.villageId())), "routine");
    HttpURLConnection upload = chunkedUpload(id);
    try (OutputStream out = upload.getOutputStream()) {
      Buffer wav = wav(16000, 1, 8000);
      out.write(wav.getBytes(0, 44 + 16000 * 2 * 3)); // the first 3 s, sent at once: the hub paces them
      out.flush();
      Await.until("three seconds on air", WAIT, () -> {
        JsonObject s = admin.get("/api/v1/live/" + id).body();
        return "live".equals(s.getString("state")) && System.currentTimeMillis() - s.getLong("anchorMs") > 2500;
      });
      JsonObject s = admin.get("/api/v1/live/" + id).body();
      HttpURLConnection stream = (HttpURLConnection) URI.create(s.getString("streamUrl")).toURL().openConnection();
      stream.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (village.id() + ":" + hub.credentials().endpointSecrets().get(village.id())).getBytes(StandardCharsets.UTF_8)));
      assertEquals(200, stream.getResponseCode());
      try (InputStream in = stream.getInputStream()) {
        long firstAudioGranule = -1;
        for (int page = 0; page < 3; page++) {
          byte[] header = in.readNBytes(27);
          assertEquals("OggS", new String(header, 0, 4, StandardCharsets.US_ASCII));
          byte[] lacing = in.readNBytes(header[26] & 0xff);
          int body = 0;
          for (byte b : lacing) {
            body += b & 0xff;
          }
          in.readNBytes(body);
          if (page == 2) {
            firstAudioGranule = java.nio.ByteBuffer.wrap(header, 6, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
          }
        }
        long mediaMs = firstAudioGranule / 48;
        long onAir = System.currentTimeMillis() - s.getLong("anchorMs");
        assertTrue(mediaMs >= 2000, "joined at the live edge, not the start: page at " + mediaMs + " ms");
        assertTrue(onAir - mediaMs < 1000, "the first page is the newest: " + mediaMs + " ms of media after " + onAir + " ms on air");
      }
      stream.disconnect();
      out.write(wav.getBytes(44 + 16000 * 2 * 3, wav.length()));
    }
    assertEquals(200, upload.getResponseCode());
  }

  @Test
  void aStalledSourceEndsTheSessionCleanlyOnEveryEndpoint() throws Exception {
    String township = endpoints.get(0).townshipId();
    String id = open(new JsonObject().put("townships", new JsonArray().add(township)), "yellow");
    long inTownship = endpoints.stream().filter(e -> e.townshipId().equals(township)).count();
    HttpURLConnection upload = chunkedUpload(id);
    OutputStream out = upload.getOutputStream();
    out.write(wav(16000, 1, 1500).getBytes());
    out.flush(); // and then nothing more, the connection left open
    JsonObject session = Await.until("the stalled session ended everywhere", WAIT, () -> admin.get("/api/v1/live/" + id).body(),
        s -> "ended".equals(s.getString("state")) && s.getJsonObject("counts").getLong("played") == inTownship);
    assertEquals("stalled", session.getString("endReason"));
    upload.disconnect();
  }

  @Test
  void aRoutinePlayIsPreemptedByALiveSessionAndResumedAfterIt() throws Exception {
    Endpoint target = endpoints.get(endpoints.size() - 1);
    org.dalaba.sim.SimEndpoint speaker = fleet.endpoints().stream().filter(e -> e.id().equals(target.id())).findFirst().orElseThrow();
    // GIVEN a 20-second programme playing in one village
    JsonObject wav = admin.postBytes("/api/v1/media?name=news", "application/octet-stream", org.dalaba.hub.media.TestAudio.wav(20_000)).body();
    ApiClient.Reply programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "早间节目")
        .put("items", new JsonArray().add(new JsonObject().put("media", wav.getString("sha256")))));
    assertEquals(201, programme.status(), programme.toString());
    java.time.OffsetDateTime at = java.time.OffsetDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).plusSeconds(4)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ApiClient.Reply schedule = admin.post("/api/v1/schedules", new JsonObject().put("name", "早间节目")
        .put("programmeId", programme.body().getString("id")).put("onPreempt", "resume")
        .put("targets", new JsonObject().put("villages", new JsonArray().add(target.villageId())))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at.toString())));
    assertEquals(201, schedule.status(), schedule.toString());
    Await.until("the programme plays", WAIT, () -> speaker.playing() != null
        && speaker.playing().startsWith("r-"));
    String fireId = speaker.playing();
    // WHEN a live session to that village goes on air
    String id = open(new JsonObject().put("villages", new JsonArray().add(target.villageId())), "routine");
    HttpURLConnection upload = chunkedUpload(id);
    try (OutputStream out = upload.getOutputStream()) {
      out.write(wav(16000, 1, 2000).getBytes());
    }
    assertEquals(200, upload.getResponseCode());
    // THEN the programme was preempted, the live session played, and the rest of the programme followed it
    Await.until("the live session played there", WAIT, () -> admin.get("/api/v1/live/" + id).body().getJsonObject("counts")
        .getLong("played") == 1);
    assertTrue(speaker.playLog().stream().anyMatch(p -> p.commandId().equals(fireId) && p.outcome() == org.dalaba.sim.PlayRecord.Outcome.PREEMPTED),
        speaker.playLog().toString());
    Await.until("the programme resumed and finished", WAIT, () -> speaker.playLog().stream()
        .anyMatch(p -> p.commandId().startsWith(fireId + ".p") && p.outcome() == org.dalaba.sim.PlayRecord.Outcome.FINISHED));
  }

  @Test
  void aTownshipOperatorCannotOpenASessionToAnotherTownship() {
    String mine = endpoints.get(0).townshipId();
    String other = endpoints.stream().map(Endpoint::townshipId).filter(t -> !t.equals(mine)).findFirst().orElseThrow();
    ApiClient.Reply user = admin.post("/api/v1/users", new JsonObject().put("username", "live-op").put("password", "correct-horse-battery")
        .put("role", "township_operator").put("scope", new JsonObject().put("kind", "township").put("id", mine)));
    assertTrue(user.status() == 201 || user.status() == 409, user.toString());
    ApiClient operator = new ApiClient(hub.httpPort()).login("live-op", "correct-horse-battery");
    ApiClient.Reply refused = operator.post("/api/v1/live", new JsonObject().put("level", "routine")
        .put("targets", new JsonObject().put("townships", new JsonArray().add(other))));
    assertEquals(403, refused.status(), refused.toString());
    assertTrue(refused.body().getString("messageZh").contains("管辖范围"), refused.toString());
    ApiClient.Reply garbage = operator.post("/api/v1/live", new JsonObject().put("level", "purple")
        .put("targets", new JsonObject().put("townships", new JsonArray().add(mine))));
    assertEquals(400, garbage.status(), garbage.toString());
  }

  private HttpURLConnection chunkedUpload(String id) throws Exception {
    HttpURLConnection upload = (HttpURLConnection) URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/live/" + id + "/audio")
        .toURL().openConnection();
    upload.setRequestMethod("PUT");
    upload.setDoOutput(true);
    upload.setChunkedStreamingMode(4096);
    upload.setReadTimeout(60_000);
    upload.setRequestProperty("Authorization", "Bearer " + admin.token());
    upload.setRequestProperty("Content-Type", "audio/wav");
    return upload;
  }
}
