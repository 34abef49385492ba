package org.dalaba.hub.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 from the outside: a speaker vendor's endpoint ({@link VendorSpeaker}) written from docs/protocol.md alone
 * (its own Ogg parser, Ed25519 check, receipts and lag), against a real hub with its embedded broker, while an operator
 * streams a WAV as docs/api.md says. Each test uses villages of its own, so sessions never meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveVendorEndpointIT {
  static final Duration WAIT = Duration.ofSeconds(45);
  @TempDir
  static Path dataDir;

  private final Teardown teardown = new Teardown();
  private RunningHub hub;
  private ApiClient admin;
  private Operator operator;
  private List<Village> villages;

  @BeforeAll
  void start() throws Exception {
    hub = teardown.add(Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD));
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    operator = new Operator(admin, hub.httpPort());
    villages = hub.directory().townships().stream().flatMap(t -> t.villages().stream()).filter(v -> !v.endpoints().isEmpty()).toList();
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  /** The endpoint's provisioning file, as the hub hands it out (docs/api.md "Directory and endpoint credentials"). */
  private VendorSpeaker.Provisioning provisioning(int village) throws Exception {
    String endpointId = villages.get(village).endpoints().get(0).id();
    ApiClient.Reply file = admin.get("/api/v1/endpoints/" + endpointId + "/credentials");
    assertEquals(200, file.status(), file.toString());
    JsonObject f = file.body();
    assertNotNull(f.getString("password"), "a secret made in this run is in the provisioning file");
    return new VendorSpeaker.Provisioning(f.getString("username"), f.getString("password"), f.getString("villageId"),
        f.getString("townshipId"), new CommandSignatures(f.getJsonArray("hubKeys")));
  }

  private VendorSpeaker speaker(int village) throws Exception {
    VendorSpeaker speaker = teardown.add(VendorSpeaker.connect(hub.mqttPort(), provisioning(village)));
    Await.until(speaker.me.endpointId() + " online at the hub", WAIT, () -> online(speaker.me.endpointId()));
    return speaker;
  }

  private boolean online(String endpointId) {
    return admin.get("/api/v1/villages").body().getJsonArray("townships").stream().map(JsonObject.class::cast)
        .flatMap(t -> t.getJsonArray("villages").stream().map(JsonObject.class::cast))
        .flatMap(v -> v.getJsonArray("endpoints").stream().map(JsonObject.class::cast))
        .anyMatch(e -> e.getString("id").equals(endpointId) && "online".equals(e.getString("state")));
  }

  private String villageId(int village) {
    return villages.get(village).id();
  }

  private static JsonObject receipt(VendorSpeaker speaker, String cmd, String state) {
    Await.until(speaker.me.endpointId() + " reports " + state + " for " + cmd, WAIT, speaker::describe,
        seen -> speaker.has(cmd, state));
    return speaker.receiptsFor(cmd).stream().filter(r -> r.state().equals(state)).findFirst().orElseThrow().json();
  }

  private static JsonObject liveCommand(VendorSpeaker speaker, String id) {
    return speaker.commands.stream().filter(c -> c.getJsonObject("command").getString("id").equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no live command " + id + " reached " + speaker.me.endpointId()));
  }

  /** An alert to one village, valid an hour; @return its id. */
  private String alert(String level, String text, int repeat, String village) {
    ApiClient.Reply alert = admin.post("/api/v1/alerts", new JsonObject().put("title", "预警").put("text", text).put("level", level)
        .put("repeat", repeat).put("targets", new JsonObject().put("villages", List.of(village)))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, alert.status(), alert.toString());
    return alert.body().getString("id");
  }

  /** The second {@code started} for a command: played again after being preempted. */
  private static void awaitStartedAgain(VendorSpeaker speaker, String cmd, String what) {
    Await.until(what, WAIT, speaker::describe, seen -> speaker.receiptsFor(cmd).stream().filter(r -> r.state().equals("started")).count() == 2);
  }

  /** The session's records: {@code played} on that many endpoints and none failed (a preemption is not a failure). */
  private void awaitPlayedWithoutFailures(String id, int played) {
    JsonObject session = Await.until(played + " endpoint(s) played session " + id, WAIT, () -> operator.session(id),
        s -> s.getJsonObject("counts").getInteger("played", 0) == played);
    assertEquals(0, session.getJsonObject("counts").getInteger("failed", 0), session.encode());
  }

  private static String streamed(CompletableFuture<HttpResponse<String>> put) throws Exception {
    HttpResponse<String> answer = put.get(60, TimeUnit.SECONDS);
    assertEquals(200, answer.statusCode(), answer.body());
    return answer.body();
  }

  @Test
  void aSessionStreamedByAnOperatorPlaysOnVendorSpeakersWithTheLagTheyReport() throws Exception {
    List<VendorSpeaker> speakers = List.of(speaker(0), speaker(1));
    String id = operator.open("routine", 60, villageId(0), villageId(1)).getString("id");
    CompletableFuture<HttpResponse<String>> put = operator.stream(id, Operator.wav(16000, 5000));
    speakers.forEach(speaker -> receipt(speaker, id, "finished"));
    JsonObject ended = new JsonObject(streamed(put));
    assertEquals("source_ended", ended.getString("endReason"), ended.encode());

    for (VendorSpeaker speaker : speakers) {
      JsonObject finished = receipt(speaker, id, "finished");
      JsonObject arrived = liveCommand(speaker, id);
      assertTrue(arrived.getBoolean("signed"), "the live command is signed by a key of the provisioning file: " + arrived);
      JsonObject live = arrived.getJsonObject("command");
      assertEquals("live", live.getString("type"));
      assertEquals("ogg-opus", live.getJsonObject("stream").getString("format"));
      assertEquals("routine", live.getString("level"));
      assertEquals(List.of("received", "started", "finished"), speaker.receiptsFor(id).stream().map(VendorSpeaker.Receipt::state).toList());

      StreamJoin join = speaker.joins.get(0);
      assertEquals(200, join.status);
      assertEquals("audio/ogg", join.contentType);
      assertNotNull(join.cacheControl, "never cached: a Cache-Control header");
      assertTrue(join.cacheControl.contains("no-store") || join.cacheControl.contains("no-cache"), join.cacheControl);
      assertEquals(String.valueOf(live.getLong("anchorMs")), join.anchorHeader, "X-Dalaba-Anchor-Ms repeats anchorMs");
      assertEquals(List.of(), join.deviations, "the stream is as docs/protocol.md describes");
      long playedMs = join.audio.stream().mapToLong(StreamJoin.AudioPage::samples).sum() / 48;
      assertTrue(playedMs > 4000 && playedMs < 5600, "about the 5 s streamed reached the speaker: " + playedMs + " ms");

      long startedLag = receipt(speaker, id, "started").getLong("lagMs");
      JsonObject lag = finished.getJsonObject("lag");
      assertTrue(startedLag >= 0 && startedLag < 1000, "first page under 1 s from hub to air: " + startedLag);
      assertTrue(lag.getLong("p95Ms") < 1000, "p95 under 1 s: " + lag);
      assertEquals(join.audio.size(), lag.getInteger("pages"));
      assertTrue(speaker.commands.stream().map(c -> c.getJsonObject("command")).anyMatch(c -> "stop".equals(c.getString("type"))
          && id.equals(c.getString("ref")) && "ENDED".equals(c.getString("reason"))), "the hub said the session ended");
    }

    JsonObject session = Await.until("the session shows both speakers' lag", WAIT, () -> operator.session(id),
        s -> s.getJsonObject("lag") != null && s.getJsonObject("lag").getInteger("endpoints", 0) == 2
            && s.getJsonObject("counts").getInteger("played", 0) == 2);
    assertEquals(2, session.getJsonObject("counts").getInteger("targets"));
    for (Object o : session.getJsonArray("endpoints")) {
      JsonObject e = (JsonObject) o;
      VendorSpeaker speaker = speakers.stream().filter(s -> s.me.endpointId().equals(e.getString("endpointId"))).findFirst().orElseThrow();
      assertEquals(receipt(speaker, id, "started").getLong("lagMs"), e.getJsonObject("lag").getLong("firstMs"), e.encode());
      assertEquals(receipt(speaker, id, "finished").getJsonObject("lag").getLong("p95Ms"), e.getJsonObject("lag").getLong("p95Ms"), e.encode());
    }
    System.out.println("vendor live lag: " + session.getJsonObject("lag").encode());
  }

  @Test
  void theStreamRouteRefusesWhoItShouldAndKeepsServingTheRest() throws Exception {
    VendorSpeaker speaker = speaker(2);
    VendorSpeaker.Provisioning slow = provisioning(3);
    VendorSpeaker.Provisioning other = provisioning(4);
    JsonObject opened = operator.open("routine", 60, villageId(2), villageId(3));
    String id = opened.getString("id");
    URI url = URI.create(opened.getString("streamUrl"));
    String a = speaker.me.endpointId();
    String password = speaker.me.password();

    HttpResponse.ResponseInfo early = StreamProbe.ask(url, a, password);
    assertEquals(503, early.statusCode(), "before the first audio");
    assertTrue(early.headers().firstValue("Retry-After").isPresent(), "503 with Retry-After");

    CompletableFuture<HttpResponse<String>> put = operator.stream(id, Operator.wav(16000, 24000));
    receipt(speaker, id, "started");
    try (StreamProbe.NeverReads never = new StreamProbe.NeverReads(url, slow.endpointId(), slow.password())) {
      assertEquals(401, StreamProbe.ask(url, null, null).statusCode(), "no credentials");
      assertEquals(401, StreamProbe.ask(url, a, other.password()).statusCode(), "another endpoint's password under my name");
      assertEquals(401, StreamProbe.ask(url, a, "").statusCode(), "an empty password");
      assertEquals(403, StreamProbe.ask(url, other.endpointId(), other.password()).statusCode(), "a session not sent to that endpoint");
      URI unknown = URI.create(url.toString().replace(id, "l-00000000-nosuch"));
      assertEquals(404, StreamProbe.ask(unknown, a, password).statusCode(), "a session id that does not exist");

      streamed(put);
      JsonObject finished = receipt(speaker, id, "finished");
      assertTrue(finished.getJsonObject("lag").getLong("p95Ms") < 1000, "a reader that never reads does not slow the rest: " + finished);
      StreamProbe.NeverReads.Drained drained = never.drain(10_000);
      System.out.println("never-reading client: " + drained + "; the reading speaker got " + speaker.joins.get(0).bytes + " bytes");
      // On loopback the sockets' buffers take the whole 24 s (about 79 kB) before the hub sees a full write queue, so
      // the never-reader is not cut off mid-session; what matters here is that it costs the others nothing and the
      // session's end ends it too.
      assertTrue(!drained.how().equals("open"), "the session's end ended the never-reading connection: " + drained);
    }
    assertEquals(404, StreamProbe.ask(url, a, password).statusCode(), "a finished session");
  }

  @Test
  void aSpeakerThatComesOnlineMidSessionJoinsAtTheLiveEdge() throws Exception {
    VendorSpeaker first = speaker(5);
    String id = operator.open("routine", 60, villageId(5), villageId(6)).getString("id");
    CompletableFuture<HttpResponse<String>> put = operator.stream(id, Operator.wav(16000, 9000));
    receipt(first, id, "started");
    Await.until("3 s of the session gone by", WAIT, () -> first.joins.get(0).audio.size() > 0
        && first.joins.get(0).audio.get(first.joins.get(0).audio.size() - 1).granule() > 3 * 48_000);
    VendorSpeaker late = speaker(6);
    JsonObject started = receipt(late, id, "started");
    StreamJoin join = late.joins.get(0);
    StreamJoin.AudioPage edge = join.audio.get(0);
    long hubReceived = join.anchorMs + edge.granule() / 48;
    assertTrue(edge.granule() > 3 * 48_000, "it starts past the first 3 s, not at the session's beginning: " + edge);
    assertTrue(edge.sequence() > 2, "page sequence numbers skip the pages before the edge: " + edge);
    assertTrue(edge.arrivedMs() - hubReceived < 500, "the first page is the newest the hub had: " + (edge.arrivedMs() - hubReceived) + " ms old");
    assertTrue(started.getLong("lagMs") < 1000, started.encode());
    streamed(put);
    receipt(late, id, "finished");
    receipt(first, id, "finished");
  }

  @Test
  void anAlertAboveARoutineSessionPreemptsItAndTheSpeakerRejoinsAtTheLiveEdge() throws Exception {
    VendorSpeaker speaker = speaker(7);
    String id = operator.open("routine", 60, villageId(7)).getString("id");
    CompletableFuture<HttpResponse<String>> put = operator.stream(id, Operator.wav(16000, 20000));
    receipt(speaker, id, "started");
    String alertId = alert("orange", "请注意防范大风", 1, villageId(7));
    JsonObject preempted = receipt(speaker, id, "failed");
    assertEquals("PREEMPTED", preempted.getString("reason"));
    receipt(speaker, alertId, "finished");
    awaitStartedAgain(speaker, id, "the speaker pulls the stream again after the alert");
    StreamJoin rejoin = speaker.joins.get(speaker.joins.size() - 1);
    StreamJoin.AudioPage edge = rejoin.audio.get(0);
    assertTrue(edge.arrivedMs() - (rejoin.anchorMs + edge.granule() / 48) < 500, "rejoined at the live edge: " + edge);
    streamed(put);
    receipt(speaker, id, "finished");
    awaitPlayedWithoutFailures(id, 1);
  }

  @Test
  void anEmergencySessionPreemptsALowerAlertWhichReplaysAfterIt() throws Exception {
    VendorSpeaker speaker = speaker(8);
    String alertId = alert("blue", "请注意防寒保暖，".repeat(10), 5, villageId(8)); // about 20 s a pass
    receipt(speaker, alertId, "started");
    String id = operator.open("red", 60, villageId(8)).getString("id");
    CompletableFuture<HttpResponse<String>> put = operator.stream(id, Operator.wav(16000, 3000));
    receipt(speaker, id, "started");
    assertEquals("PREEMPTED", receipt(speaker, alertId, "failed").getString("reason"));
    streamed(put);
    receipt(speaker, id, "finished");
    awaitStartedAgain(speaker, alertId, "the blue alert starts again after the session");
    admin.post("/api/v1/alerts/" + alertId + "/cancel", new JsonObject());
  }

  @Test
  void aHigherSessionTakesOverAnEndpointWhichThenRejoinsTheFirst() throws Exception {
    VendorSpeaker shared = speaker(10);
    VendorSpeaker only = speaker(11);
    String routine = operator.open("routine", 60, villageId(10), villageId(11)).getString("id");
    CompletableFuture<HttpResponse<String>> first = operator.stream(routine, Operator.wav(16000, 16000));
    receipt(shared, routine, "started");
    String red = operator.open("red", 60, villageId(10)).getString("id");
    CompletableFuture<HttpResponse<String>> second = operator.stream(red, Operator.wav(16000, 3000));
    assertEquals("PREEMPTED", receipt(shared, routine, "failed").getString("reason"));
    receipt(shared, red, "finished");
    streamed(second);
    awaitStartedAgain(shared, routine, "the taken-over endpoint rejoins the routine session");
    streamed(first);
    receipt(shared, routine, "finished");
    receipt(only, routine, "finished");
    awaitPlayedWithoutFailures(routine, 2);
  }

  @Test
  void aSourceThatStallsEndsTheSessionAndTheSpeakerFinishesWhatItHeard() throws Exception {
    VendorSpeaker speaker = speaker(12);
    String id = operator.open("routine", 60, villageId(12)).getString("id");
    java.util.concurrent.CountDownLatch release = teardown.add(new Release()).latch;
    CompletableFuture<HttpResponse<String>> put = operator.streamThenStall(id, Operator.wav(16000, 2000), release);
    receipt(speaker, id, "started");
    JsonObject finished = receipt(speaker, id, "finished");
    assertTrue(finished.getJsonObject("lag").getInteger("pages") > 0, finished.encode());
    assertEquals("stalled", Await.until("the session ended as stalled", WAIT, () -> operator.session(id).getString("endReason"),
        reason -> reason != null), "the hub's stall (live.stallSeconds) comes before the endpoint's own 10 s");
    assertEquals(List.of("received", "started", "finished"), speaker.receiptsFor(id).stream().map(VendorSpeaker.Receipt::state).toList());
    release.countDown();
    streamed(put);
  }

  /** Lets a stalled upload end when the test is over, whatever happened. */
  private static final class Release implements AutoCloseable {
    final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void close() {
      latch.countDown();
    }
  }

  @Test
  void anOperatorsStopEndsTheSessionWithStopEndedAndTheSpeakerFinishes() throws Exception {
    VendorSpeaker speaker = speaker(9);
    String id = operator.open("routine", 60, villageId(9)).getString("id");
    CompletableFuture<HttpResponse<String>> put = operator.stream(id, Operator.wav(16000, 20000));
    receipt(speaker, id, "started");
    ApiClient.Reply stopped = admin.post("/api/v1/live/" + id + "/stop", new JsonObject());
    assertEquals(200, stopped.status(), stopped.toString());
    assertEquals("stopped", stopped.body().getString("endReason"));
    streamed(put);
    JsonObject finished = receipt(speaker, id, "finished");
    assertNotNull(finished.getJsonObject("lag"));
    Await.until("the record played", WAIT, () -> operator.session(id).getJsonObject("counts").getInteger("played", 0) == 1);
    assertEquals(409, admin.post("/api/v1/live/" + id + "/stop", new JsonObject()).status(), "a second stop: ended already");
  }

  @Test
  void anOperatorsStopAnswersAnUploadOverHttp2With200() throws Exception {
    VendorSpeaker speaker = speaker(13);
    String id = operator.open("routine", 60, villageId(13)).getString("id");
    CompletableFuture<HttpResponse<String>> put = operator.streamOverHttp2(id, Operator.wav(16000, 20000));
    receipt(speaker, id, "started");
    assertEquals(200, admin.post("/api/v1/live/" + id + "/stop", new JsonObject()).status());
    // docs/api.md: the upload is answered 200 with the session when it ends, whatever ended it
    assertTrue(streamed(put).contains("\"endReason\":\"stopped\""), "the ended session");
    assertEquals(HttpClient.Version.HTTP_2, put.get().version(), "the JDK client upgraded to HTTP/2");
  }
}
