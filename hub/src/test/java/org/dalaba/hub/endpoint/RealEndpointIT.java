package org.dalaba.hub.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.audio.AttentionSignal;
import org.dalaba.sim.audio.Decoders;
import org.dalaba.sim.audio.Speech;
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
 * The real endpoint (device-sim {@code --endpoint}, docs/endpoint.md) against a real hub on its embedded broker,
 * provisioned from the console's credential download, playing into {@code --audio-out file:}: what it wrote is
 * compared sample for sample with the decoded sources (WAV and the hub's espeak-ng voicing decode
 * deterministically, and so does the endpoint's own speech). Then its link is cut before a programme's time:
 * it plays from its cache on time, and the hub gets the receipts once the link is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealEndpointIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final int PREFETCH_LEAD_SECONDS = 3;
  static final String VILLAGE = "211282101001";
  static final String ENDPOINT = VILLAGE + "-01";
  /** The speaker's own volume until told otherwise; red alerts play at 100 (alert.volume.red). */
  static final int OWN_VOLUME = 70;

  @TempDir
  static Path dataDir;
  @TempDir
  static Path endpointDir;
  RunningHub hub;
  ApiClient api;
  EndpointUnderTest endpoint;

  @BeforeAll
  void start() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/espeak-ng", "espeak-ng");
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.SCHEDULE_PREFETCH_LEAD_SECONDS, PREFETCH_LEAD_SECONDS)),
        System.out, TestHubs.ADMIN_PASSWORD);
    api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    endpoint = EndpointUnderTest.start(hub, api, dataDir, endpointDir, ENDPOINT, "tcp://127.0.0.1:" + hub.mqttPort(),
        "--hub-key", dataDir.resolve("credentials/hub-keys.txt").toString());
    Await.until("the endpoint online", WAIT, () -> online(ENDPOINT));
  }

  @AfterAll
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void anAlertIsHeardAsTheLevelsSignalThenTheTextSpoken() throws Exception {
    int mark = endpoint.samples();
    String text = "大风红色预警，请注意防风。";
    String id = created(api.post("/api/v1/alerts", new JsonObject().put("title", "大风红色预警").put("text", text).put("level", "red")
        .put("repeat", 1).put("targets", new JsonObject().put("villages", new JsonArray().add(VILLAGE))))).getString("id");
    Await.until("the alert played", WAIT, () -> counts("/api/v1/alerts/" + id).getLong("played") == 1);
    short[] expected = EndpointUnderTest.concat(AttentionSignal.forLevel("red"), Speech.espeak().speak(text));
    short[] heard = endpoint.output(mark);
    assertEquals(expected.length, heard.length, "the signal and the speech, nothing more");
    assertEquals(EndpointUnderTest.sha256(expected), EndpointUnderTest.sha256(heard), "at the alert's forced volume 100");
    System.out.printf("real endpoint: red alert heard for %d ms%n", expected.length / 48);
    // the clock probe at start read the media server's Date header (same machine: no offset)
    JsonObject status = endpoint.running.status();
    assertTrue(status.getLong("clockMeasuredAt") > 0, status.encode());
    assertEquals(0L, status.getLong("clockOffsetMs"), status.encode());
  }

  @Test
  @Order(2)
  void aProgrammeOfARecordingAndATextIsHeardInOrderAtTheSpeakersVolume() throws Exception {
    byte[] wav = TestAudio.wav(3_000);
    String sha = upload(wav);
    JsonObject programme = created(api.post("/api/v1/programmes", new JsonObject().put("name", "早间节目").put("items",
        new JsonArray().add(new JsonObject().put("media", sha)).add(new JsonObject().put("text", "今天白天晴。")))));
    String spoken = programme.getJsonArray("items").getJsonObject(1).getString("media");
    int mark = endpoint.samples();
    String fireId = fire(schedule(programme.getString("id"), PREFETCH_LEAD_SECONDS + 3));
    Await.until("the fire played", WAIT, () -> counts("/api/v1/fires/" + fireId).getLong("played") == 1);
    short[] expected = EndpointUnderTest.atVolume(EndpointUnderTest.concat(Decoders.decode(wav),
        Decoders.decode(endpoint.running.runtime().cache().read(spoken))), OWN_VOLUME);
    short[] heard = endpoint.output(mark);
    assertEquals(expected.length, heard.length);
    assertEquals(EndpointUnderTest.sha256(expected), EndpointUnderTest.sha256(heard));
    JsonObject lateness = api.get("/api/v1/fires/" + fireId).body().getJsonObject("lateness");
    System.out.printf("real endpoint: programme of %d ms heard; lateness %s%n", expected.length / 48, lateness.encode());
  }

  @Test
  @Order(3)
  void anAlertPreemptsAProgrammeWhichResumesWhereItWasCut() throws Exception {
    byte[] wav = TestAudio.wav(8_000);
    String sha = upload(wav);
    String programmeId = created(api.post("/api/v1/programmes", new JsonObject().put("name", "长节目").put("items",
        new JsonArray().add(new JsonObject().put("media", sha))))).getString("id");
    int mark = endpoint.samples();
    String fireId = fire(schedule(programmeId, PREFETCH_LEAD_SECONDS + 3));
    // a second and a half into the programme, a red alert
    Await.until("1.5 s of the programme heard", WAIT, () -> endpoint.samples() - mark >= 72_000);
    String text = "请注意。";
    String alertId = created(api.post("/api/v1/alerts", new JsonObject().put("title", "红色预警").put("text", text).put("level", "red")
        .put("repeat", 1).put("targets", new JsonObject().put("villages", new JsonArray().add(VILLAGE))))).getString("id");
    Await.until("the alert played", WAIT, () -> counts("/api/v1/alerts/" + alertId).getLong("played") == 1);
    Await.until("the programme played to its end", WAIT, () -> counts("/api/v1/fires/" + fireId).getLong("played") == 1);

    short[] programme = EndpointUnderTest.atVolume(Decoders.decode(wav), OWN_VOLUME);
    short[] alert = EndpointUnderTest.concat(AttentionSignal.forLevel("red"), Speech.espeak().speak(text));
    short[] heard = endpoint.output(mark);
    // heard = the programme's first P samples, the whole alert, then the programme from the hub's offset to its end
    int p = 0;
    while (p < heard.length && p < programme.length && heard[p] == programme[p]) {
      p++;
    }
    p -= p % 960; // playback writes 20 ms chunks: the cut is on a chunk boundary
    assertTrue(p >= 72_000, "at least 1.5 s of the programme before the alert, was " + p);
    assertEquals(EndpointUnderTest.sha256(alert), EndpointUnderTest.sha256(java.util.Arrays.copyOfRange(heard, p, p + alert.length)),
        "then the whole alert");
    short[] rest = java.util.Arrays.copyOfRange(heard, p + alert.length, heard.length);
    int offset = programme.length - rest.length;
    assertEquals(EndpointUnderTest.sha256(java.util.Arrays.copyOfRange(programme, offset, programme.length)),
        EndpointUnderTest.sha256(rest), "then the programme from where the hub resumed it to its end");
    long gapMs = (offset - p) / 48;
    System.out.printf("real endpoint: programme cut after %d ms, alert %d ms, resumed from %d ms (%+d ms from the cut)%n",
        p / 48, alert.length / 48, offset / 48, gapMs);
    assertTrue(Math.abs(gapMs) < 1_000, "the resume starts within a second of the cut: " + gapMs + " ms");
  }

  @Test
  @Order(4)
  void withItsLinkCutAtTheScheduledTimeItPlaysFromTheCacheOnTimeAndReportsWhenBack() throws Exception {
    byte[] wav = TestAudio.wav(2_000);
    String sha = upload(wav);
    JsonObject programme = created(api.post("/api/v1/programmes", new JsonObject().put("name", "断网节目").put("items",
        new JsonArray().add(new JsonObject().put("media", sha)).add(new JsonObject().put("text", "断网续播。")))));
    String spoken = programme.getJsonArray("items").getJsonObject(1).getString("media");
    OffsetDateTime at = OffsetDateTime.now(SHANGHAI).plusSeconds(PREFETCH_LEAD_SECONDS + 4).truncatedTo(ChronoUnit.SECONDS);
    String scheduleId = scheduleAt(programme.getString("id"), at);
    // GIVEN it holds the programme (the prefetch, which announces the play), and then loses its link
    Await.until("prefetched", WAIT, () -> endpoint.running.runtime().cache().has(sha) && endpoint.running.runtime().cache().has(spoken));
    assertTrue(endpoint.running.endpoint().scheduledPlays() >= 1, "the prefetch announced its play");
    endpoint.running.endpoint().dropConnection().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Await.until("the hub sees it offline", WAIT, () -> !online(ENDPOINT));
    int mark = endpoint.samples();
    // WHEN the time comes, THEN it plays anyway, on time
    Await.until("sound at the scheduled time", WAIT, () -> endpoint.samples() > mark);
    long lateMs = System.currentTimeMillis() - at.toInstant().toEpochMilli();
    short[] expected = EndpointUnderTest.atVolume(EndpointUnderTest.concat(Decoders.decode(wav),
        Decoders.decode(endpoint.running.runtime().cache().read(spoken))), OWN_VOLUME);
    Await.until("the whole programme heard", WAIT, () -> endpoint.samples() - mark >= expected.length
        && endpoint.running.endpoint().outboxSize() >= 3);
    assertEquals(EndpointUnderTest.sha256(expected), EndpointUnderTest.sha256(endpoint.output(mark)));
    String fireId = fire(scheduleId);
    assertEquals(1, counts("/api/v1/fires/" + fireId).getLong("pending"), "the hub has heard nothing yet");
    // AND once the link is back, its receipts (received, started, finished, at their real times) reach the hub
    endpoint.running.endpoint().connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Await.until("the fire recorded played", WAIT, () -> counts("/api/v1/fires/" + fireId).getLong("played") == 1);
    Await.until("every kept receipt sent", WAIT, () -> endpoint.running.endpoint().outboxSize() == 0);
    JsonObject lateness = api.get("/api/v1/fires/" + fireId).body().getJsonObject("lateness");
    System.out.printf("real endpoint offline: sound %d ms after the scheduled time (seen by the test); hub's lateness %s%n", lateMs,
        lateness.encode());
    assertTrue(lateness.getLong("maxMs") < 2_000, "started on time by the endpoint's own receipt: " + lateness);
    assertEquals(expected.length, endpoint.samples() - mark, "and the hub's catch-up copy was not played again");
  }

  // ---- fixtures ----

  String upload(byte[] wav) {
    return api.postBytes("/api/v1/media?name=tone", "audio/wav", wav).body().getString("sha256");
  }

  @Test
  @Order(5)
  void aLiveSessionIsHeardThroughTheOutputForAsLongAsItWasSpoken() throws Exception {
    Await.until("the endpoint online", WAIT, () -> online(ENDPOINT));
    int mark = endpoint.samples();
    String id = created(api.post("/api/v1/live", new JsonObject().put("level", "routine").put("title", "村委会通知")
        .put("maxSeconds", 60).put("targets", new JsonObject().put("villages", new JsonArray().add(VILLAGE))))).getString("id");
    byte[] wav = TestAudio.wav(3_000);
    // the hub paces the upload to real time, so this returns once the 3 s have been "spoken"
    java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/live/" + id + "/audio"))
        .header("Authorization", "Bearer " + api.token()).header("Content-Type", "audio/wav")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(wav)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    Await.until("the live session played", WAIT, () -> counts("/api/v1/live/" + id).getLong("played") == 1);
    Await.until("the output has the session", WAIT, () -> {
      try {
        return endpoint.output(mark).length >= 2_700 * 48;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    short[] heard = endpoint.output(mark);
    long heardMs = heard.length / 48;
    System.out.printf("real endpoint: live session of 3000 ms heard for %d ms%n", heardMs);
    // Opus frames of 20 ms, pages of 60 ms and the decoder's pre-skip: within a page or two of what was spoken
    assertTrue(heardMs >= 2_800 && heardMs <= 3_300, "heard " + heardMs + " ms of a 3,000 ms session");
    long loud = java.util.stream.IntStream.range(0, heard.length).filter(k -> Math.abs(heard[k]) > 1_000).count();
    assertTrue(loud > heard.length / 3, "the tone is heard, not silence: " + loud + " of " + heard.length + " samples");
  }

  String schedule(String programmeId, int secondsAhead) {
    return scheduleAt(programmeId, OffsetDateTime.now(SHANGHAI).plusSeconds(secondsAhead).truncatedTo(ChronoUnit.SECONDS));
  }

  String scheduleAt(String programmeId, OffsetDateTime at) {
    return created(api.post("/api/v1/schedules", new JsonObject().put("name", "节目" + at.toEpochSecond()).put("programmeId", programmeId)
        .put("targets", new JsonObject().put("villages", new JsonArray().add(VILLAGE))).put("onPreempt", "resume")
        .put("recurrence", new JsonObject().put("type", "once").put("at", at.toString())))).getString("id");
  }

  String fire(String scheduleId) {
    return Await.until("the fire", WAIT, () -> api.get("/api/v1/schedules/" + scheduleId + "/fires").body().getJsonArray("fires"),
        fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
  }

  JsonObject counts(String path) {
    JsonObject body = api.get(path).body();
    return body.containsKey("counts") ? body.getJsonObject("counts") : new JsonObject().put("played", -1L).put("pending", -1L);
  }

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

  static JsonObject created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.body();
  }
}
