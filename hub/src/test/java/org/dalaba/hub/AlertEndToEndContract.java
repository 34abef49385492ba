package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.protocol.RejectReason;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.PlayRecord;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The foundation's end-to-end contract, run once per broker: a real hub (embedded Redis), a real MQTT
 * broker, and the 113 sample villages simulated over real MQTT connections. Subclasses start the hub
 * against their broker and call {@link #startFleet}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AlertEndToEndContract {
  static final Duration WAIT = Duration.ofSeconds(45);
  /** 业民镇's 14 villages are cheap IP speakers without their own text-to-speech: they play only audio. */
  static final String AUDIO_ONLY_TOWNSHIP = "211282107";

  RunningHub hub;
  Vertx simVertx;
  SimulatedFleet fleet;
  ApiClient api;

  /** Simulated playback runs at 1/100 of real time, so a 3 s alert plays in 30 ms. */
  void startFleet(int mqttPort) throws Exception {
    TestFleet started = TestFleet.start(hub, mqttPort,
        e -> e.townshipId().equals(AUDIO_ONLY_TOWNSHIP) ? java.util.Set.of("audio") : null);
    simVertx = started.vertx();
    fleet = started.fleet();
    api = new ApiClient(hub.httpPort()).login("admin", org.dalaba.hub.testing.TestHubs.ADMIN_PASSWORD);
    Await.until("all 113 endpoints online at the hub", WAIT, () -> onlineCount() == 113);
  }

  @AfterAll
  void stopAll() throws Exception {
    if (fleet != null) {
      fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (simVertx != null) {
      simVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (hub != null) {
      hub.close();
    }
    stopBroker();
  }

  /** An external broker stops last, after the hub and the fleet have disconnected from it. */
  void stopBroker() {
  }

  @Test
  @Order(1)
  void anAlertToTheWholeCountyIsPlayedByAll113Villages() {
    // GIVEN 113 villages online
    // WHEN emergency staff send a red alert to everyone
    String id = sendAlert(new JsonObject().put("all", true), null);
    // THEN every village reports played, and each endpoint played it exactly once
    JsonObject alert = awaitCounts(id, c -> c.getLong("played") == 113);
    assertEquals(113, alert.getJsonObject("counts").getLong("targets"));
    assertEquals(113, alert.getJsonArray("villages").size());
    for (Object v : alert.getJsonArray("villages")) {
      JsonObject village = (JsonObject) v;
      assertEquals("played", village.getString("state"));
      assertTrue(village.getString("finishedAt").endsWith("+08:00"), "times are shown in Asia/Shanghai");
    }
    for (SimEndpoint endpoint : fleet.endpoints()) {
      assertEquals(1, playsOf(endpoint, id), endpoint.id() + " played the alert once");
    }
  }

  @Test
  @Order(2)
  void anEndpointOfflineAtSendTimeGetsTheAlertWhenItReconnects() throws Exception {
    // GIVEN one village of 马家寨镇 offline
    Township township = hub.directory().township("211282105").orElseThrow();
    SimEndpoint offline = fleet.endpoint(township.villages().get(0).endpoints().get(0).id());
    await(offline.disconnect());
    Await.until("the hub sees it offline", WAIT, () -> !endpointOnline(offline.id()));
    // WHEN an alert goes to the township
    String id = sendAlert(new JsonObject().put("townships", new JsonArray().add(township.id())), null);
    int others = township.villages().size() - 1;
    awaitCounts(id, c -> c.getLong("played") == others);
    assertEquals("pending", endpointState(id, offline.id()));
    // THEN it is played once the endpoint is back
    await(offline.connect());
    awaitCounts(id, c -> c.getLong("played") == township.villages().size());
    assertEquals(1, playsOf(offline, id));
  }

  @Test
  @Order(3)
  void anExpiredAlertIsNeverPlayed() throws Exception {
    // GIVEN an endpoint offline
    Village village = hub.directory().township("211282105").orElseThrow().villages().get(1);
    SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
    await(endpoint.disconnect());
    Await.until("the hub sees it offline", WAIT, () -> !endpointOnline(endpoint.id()));
    // WHEN an alert to it expires before it comes back
    String expiring = sendAlert(villages(village.id()), Instant.now().plusMillis(1500).toString());
    awaitCounts(expiring, c -> c.getLong("expired") == 1);
    await(endpoint.connect());
    // THEN a later alert reaches it, and the expired one never played
    String later = sendAlert(villages(village.id()), null);
    awaitCounts(later, c -> c.getLong("played") == 1);
    assertEquals(0, playsOf(endpoint, expiring));
    assertEquals("expired", endpointState(expiring, endpoint.id()));
  }

  @Test
  @Order(4)
  void aCancelledAlertStopsPlaying() {
    // GIVEN a long alert playing in one village (1,194 characters × 2 repeats, within the 600 s air-time
    // limit; about 6 s at 1/100 speed)
    Village village = hub.directory().township("211282105").orElseThrow().villages().get(2);
    SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
    JsonObject body = alertBody(villages(village.id()), null).put("text", "请注意".repeat(398)).put("repeat", 2);
    String id = created(api.post("/api/v1/alerts", body));
    awaitCounts(id, c -> c.getLong("playing") == 1);
    // WHEN it is cancelled
    ApiClient.Reply cancel = api.post("/api/v1/alerts/" + id + "/cancel", "{}");
    assertEquals(200, cancel.status(), cancel.toString());
    // THEN the endpoint stops playing it and the record says cancelled
    Await.until("playback stopped on " + endpoint.id(), WAIT, () -> endpoint.playLog().stream()
        .anyMatch(p -> p.commandId().equals(id) && p.outcome() == PlayRecord.Outcome.STOPPED));
    JsonObject alert = api.get("/api/v1/alerts/" + id).body();
    assertEquals("cancelled", alert.getString("state"));
    assertEquals(1, alert.getJsonObject("counts").getLong("cancelled"));
    assertEquals(409, api.post("/api/v1/alerts/" + id + "/cancel", "{}").status(), "cancelling twice is a conflict");
  }

  @Test
  @Order(5)
  void anEndpointCannotReportForAnotherVillage() throws Exception {
    // GIVEN village A offline with a pending alert, village B online
    List<Village> villages = hub.directory().township("211282105").orElseThrow().villages();
    SimEndpoint a = fleet.endpoint(villages.get(3).endpoints().get(0).id());
    SimEndpoint b = fleet.endpoint(villages.get(4).endpoints().get(0).id());
    await(a.disconnect());
    Await.until("the hub sees A offline", WAIT, () -> !endpointOnline(a.id()));
    String id = sendAlert(villages(villages.get(3).id(), villages.get(4).id()), null);
    awaitCounts(id, c -> c.getLong("played") == 1);
    // WHEN B publishes a forged "finished" receipt on A's topic
    JsonObject forged = new JsonObject().put("v", 1).put("cmd", id).put("state", "finished").put("ts", System.currentTimeMillis());
    b.publishRaw("dalaba/v1/ep/" + a.id() + "/receipt", forged.toBuffer(), 1);
    // THEN the broker refuses it: after B's next alert is recorded, A's record is still pending
    String next = sendAlert(villages(villages.get(4).id()), null);
    awaitCounts(next, c -> c.getLong("played") == 1);
    assertEquals("pending", endpointState(id, a.id()));
    await(a.connect());
    awaitCounts(id, c -> c.getLong("played") == 2);
  }

  @Test
  @Order(6)
  void malformedAndOversizedMessagesAreCountedWhileTheOthersPlay() throws Exception {
    // GIVEN one endpoint sending garbage: malformed JSON and a payload over 4,096 bytes
    SimEndpoint bad = fleet.endpoint(hub.directory().township("211282105").orElseThrow().villages().get(5).endpoints().get(0).id());
    long malformedBefore = hub.deviceErrors().count(RejectReason.MALFORMED_JSON);
    long oversizedBefore = hub.deviceErrors().count(RejectReason.OVERSIZED);
    await(bad.publishRaw("dalaba/v1/ep/" + bad.id() + "/receipt", Buffer.buffer("{\"v\":1,\"cmd\":"), 1));
    await(bad.publishRaw("dalaba/v1/ep/" + bad.id() + "/heartbeat", Buffer.buffer("{\"v\":1,\"pad\":\"" + "x".repeat(5000) + "\"}"), 1));
    // WHEN an alert goes to the whole county
    Await.until("all 113 endpoints online", WAIT, () -> onlineCount() == 113);
    String id = sendAlert(new JsonObject().put("all", true), null);
    // THEN both bad messages were rejected and counted, and all 113 still played
    awaitCounts(id, c -> c.getLong("played") == 113);
    assertTrue(hub.deviceErrors().count(RejectReason.MALFORMED_JSON) > malformedBefore, "malformed JSON counted");
    assertTrue(hub.deviceErrors().count(RejectReason.OVERSIZED) > oversizedBefore, "oversized payload counted");
    JsonObject errors = api.get("/api/v1/device-errors").body();
    assertTrue(errors.getLong("total") >= 2, errors.encode());
  }

  @Test
  @Order(7)
  void theEventStreamCarriesStatusChangesAndReceipts() throws Exception {
    // GIVEN a console listening to the event stream
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/events?ticket="
            + api.post("/api/v1/events/ticket", "{}").body().getString("ticket"))).build();
    var stream = client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
        .thenAccept(response -> response.body().forEach(lines::add));
    try {
      Await.until("the stream is open", WAIT, () -> lines.contains(": connected"));
      // WHEN an endpoint goes offline and an alert is played
      Village village = hub.directory().township("211282105").orElseThrow().villages().get(6);
      SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
      await(endpoint.disconnect());
      await(endpoint.connect());
      String id = sendAlert(villages(village.id()), null);
      awaitCounts(id, c -> c.getLong("played") == 1);
      // THEN the stream carried the status change and the receipts
      Await.until("a status event for " + endpoint.id(), WAIT, () -> lines.stream()
          .anyMatch(l -> l.startsWith("data:") && l.contains("endpoint.status") && l.contains(endpoint.id())));
      Await.until("a played delivery event for " + id, WAIT, () -> lines.stream()
          .anyMatch(l -> l.startsWith("data:") && l.contains("\"delivery\"") && l.contains(id) && l.contains("\"played\"")));
    } finally {
      stream.cancel(true);
    }
  }

  @Test
  @Order(8)
  void aRedAlertToTheCountyInterruptsALongBlueAlertWhichIsThenPlayedAgain() {
    // GIVEN a blue alert of the longest air time allowed (1,200 characters ≈ 300 s a pass × 2 = 600 s; 6 s
    // at the fleet's 1/100 speed) playing on every endpoint of the first township
    Township township = hub.directory().township("211282101").orElseThrow();
    List<String> endpoints = township.villages().stream().flatMap(v -> v.endpoints().stream()).map(Endpoint::id).toList();
    JsonObject blueBody = alertBody(new JsonObject().put("townships", new JsonArray().add(township.id())), null)
        .put("level", "blue").put("title", "道路结冰预警").put("text", "请注意".repeat(398)).put("repeat", 2);
    String blue = created(api.post("/api/v1/alerts", blueBody));
    awaitCounts(blue, c -> c.getLong("playing") == endpoints.size());
    // WHEN a red alert to the whole county is accepted while it plays
    String red = sendAlert(new JsonObject().put("all", true), null);
    // THEN the red one has started on every endpoint of that township within seconds (generous deadline)
    JsonObject redView = Await.until("red started on all " + endpoints.size() + " endpoints of " + township.id(),
        Duration.ofSeconds(20), () -> api.get("/api/v1/alerts/" + red).body(),
        a -> endpoints.stream().allMatch(e -> timeToAirOf(a, e) != null));
    long slowest = endpoints.stream().mapToLong(e -> timeToAirOf(redView, e)).max().orElseThrow();
    System.out.printf("priority e2e: red started on %d endpoints of a township playing blue; slowest %d ms after the 201%n",
        endpoints.size(), slowest);
    // AND the blue one was interrupted there (failed PREEMPTED, not counted as failed) and played again to the end
    JsonObject blueView = awaitCounts(blue, c -> c.getLong("played") == endpoints.size());
    assertEquals(0, blueView.getJsonObject("counts").getLong("failed"), blueView.encode());
    for (String id : endpoints) {
      List<String> log = fleet.endpoint(id).playLog().stream().filter(p -> p.commandId().equals(blue) || p.commandId().equals(red))
          .map(p -> (p.commandId().equals(blue) ? "blue:" : "red:") + p.outcome()).toList();
      assertEquals(List.of("blue:PREEMPTED", "red:FINISHED", "blue:FINISHED"), log, id);
    }
    awaitCounts(red, c -> c.getLong("played") == 113);
    JsonObject timeToAir = api.get("/api/v1/alerts/" + red).body().getJsonObject("timeToAir");
    assertTrue(timeToAir.getLong("started") >= 113 && timeToAir.getLong("p50Ms") <= timeToAir.getLong("p95Ms")
        && timeToAir.getLong("p95Ms") <= timeToAir.getLong("maxMs"), timeToAir.encode());
    System.out.printf("priority e2e: red time-to-air over %d endpoints %s%n", timeToAir.getLong("started"), timeToAir.encode());
    assertTrue(new ApiClient(hub.httpPort()).withToken(metricsToken()).getText("/metrics").contains("dalaba_alert_time_to_air_seconds_count"));
  }

  @Test
  @Order(28)
  void audioOnlySpeakersPlayTheVoicedAlertAfterTheAttentionSignal() {
    // GIVEN a township whose speakers announce caps ["audio"]
    Township township = hub.directory().township(AUDIO_ONLY_TOWNSHIP).orElseThrow();
    // WHEN an orange alert goes to it and one text-speaking village
    String textVillage = hub.directory().township("211282105").orElseThrow().villages().get(7).id();
    JsonObject targets = new JsonObject().put("townships", new JsonArray().add(township.id())).put("villages", new JsonArray().add(textVillage));
    String id = created(api.post("/api/v1/alerts", alertBody(targets, null).put("level", "orange")));
    // THEN every endpoint plays it: the audio-only ones the hub's recording, fetched and checked
    awaitCounts(id, c -> c.getLong("played") == township.villages().size() + 1);
    JsonObject media = api.get("/api/v1/alerts/" + id).body().getJsonObject("media");
    String sha = media.getString("sha256");
    JsonObject item = api.get("/api/v1/media/" + sha).body();
    assertEquals("alert-tts", item.getString("origin"), item.encode());
    for (Village village : township.villages()) {
      SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
      assertEquals(List.of(sha), mediaPlayed(endpoint, id), endpoint.id() + " played the voiced alert once");
    }
    SimEndpoint speaking = fleet.endpoint(textVillage + "-01");
    assertEquals(java.util.Collections.singletonList(null), mediaPlayed(speaking, id), "a text endpoint spoke it itself");
  }

  @Test
  @Order(9)
  void anEndpointBackOnlineGetsWhatItIsOwedMostUrgentFirstAndNothingExpiredOrCancelled() throws Exception {
    // GIVEN an endpoint offline while a blue, a red, a yellow, a cancelled orange and an expired red alert go to it
    Village village = hub.directory().township("211282102").orElseThrow().villages().get(0);
    SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
    // the socket closed before the hub hears of it (the broker's last will): a clean DISCONNECT after an
    // offline status could let the broker still deliver the first alert to the departing connection
    await(endpoint.dropConnection());
    Await.until("the hub sees it offline", WAIT, () -> !endpointOnline(endpoint.id()));
    String blue = created(api.post("/api/v1/alerts", alertBody(villages(village.id()), null).put("level", "blue")));
    String red = sendAlert(villages(village.id()), null);
    String yellow = created(api.post("/api/v1/alerts", alertBody(villages(village.id()), null).put("level", "yellow")));
    String cancelled = created(api.post("/api/v1/alerts", alertBody(villages(village.id()), null).put("level", "orange")));
    assertEquals(200, api.post("/api/v1/alerts/" + cancelled + "/cancel", "{}").status());
    String expired = sendAlert(villages(village.id()), Instant.now().plusMillis(1500).toString());
    awaitCounts(expired, c -> c.getLong("expired") == 1);
    // WHEN it comes back
    await(endpoint.connect());
    // THEN it plays red, yellow, blue in that order, none interrupted, and never the cancelled or expired one
    awaitCounts(blue, c -> c.getLong("played") == 1);
    List<String> played = endpoint.playLog().stream().map(PlayRecord::commandId)
        .filter(List.of(blue, red, yellow, cancelled, expired)::contains).toList();
    assertEquals(List.of(red, yellow, blue), played);
    assertTrue(endpoint.playLog().stream().noneMatch(p -> p.outcome() == PlayRecord.Outcome.PREEMPTED), endpoint.playLog().toString());
    assertTrue(endpoint.receivedCommands().stream().map(c -> c.getString("id")).noneMatch(List.of(cancelled, expired)::contains),
        "the hub sent nothing cancelled or expired");
  }

  @Test
  @Order(29)
  void anAttachedRecordingIsPlayedInsteadOfTheVoicedText() {
    // GIVEN a 1.5 s recording uploaded by the operator
    byte[] recording = org.dalaba.hub.alert.audio.AttentionSignal.parse("330x1500").render(16000, 1).toWav();
    ApiClient.Reply upload = api.postBytes("/api/v1/media?name=" + java.net.URLEncoder.encode("村支书录音", java.nio.charset.StandardCharsets.UTF_8),
        "audio/wav", recording);
    assertEquals(201, upload.status(), upload.toString());
    String recordingSha = upload.body().getString("sha256");
    // WHEN a red alert names it
    Township township = hub.directory().township(AUDIO_ONLY_TOWNSHIP).orElseThrow();
    String id = created(api.post("/api/v1/alerts", alertBody(new JsonObject().put("townships", new JsonArray().add(township.id())), null)
        .put("media", recordingSha)));
    // THEN the speakers play the attention signal followed by that recording, not the voiced text
    awaitCounts(id, c -> c.getLong("played") == township.villages().size());
    String played = api.get("/api/v1/alerts/" + id).body().getJsonObject("media").getString("sha256");
    JsonObject item = api.get("/api/v1/media/" + played).body();
    assertEquals("alert-recording", item.getString("origin"), item.encode());
    assertTrue(item.getLong("durationMs") >= 1500 + 2000, "signal (red siren 2.7 s) + recording: " + item.encode());
    for (Village village : township.villages()) {
      assertEquals(List.of(played), mediaPlayed(fleet.endpoint(village.endpoints().get(0).id()), id));
    }
    // AND what is not audio in the library is refused with a reason the operator reads
    ApiClient.Reply unknown = api.post("/api/v1/alerts", alertBody(villages(township.villages().get(0).id()), null).put("media", "0".repeat(64)));
    assertEquals(400, unknown.status(), unknown.toString());
    assertEquals("media", unknown.body().getString("field"), unknown.toString());
  }

  @Test
  @Order(12)
  void anAlertLongerThanTheAirTimeLimitIsRefusedInChinese() {
    // GIVEN the default limit of 600 s; WHEN a blue alert of 900 s (1,200 characters ≈ 300 s × 3) is sent
    JsonObject body = alertBody(villages("211282103001"), null).put("level", "blue").put("title", "道路结冰预警")
        .put("text", "请注意".repeat(398)).put("repeat", 3);
    ApiClient.Reply reply = api.post("/api/v1/alerts", body);
    // THEN 400, saying how long it is, what the limit is and what to do
    assertEquals(400, reply.status(), reply.toString());
    assertEquals("repeat", reply.body().getString("field"), reply.toString());
    String message = reply.body().getString("message");
    assertTrue(message.contains("15 分钟") && message.contains("超过上限 10 分钟") && message.contains("减少重复次数"), message);
  }

  @Test
  @Order(32)
  void anEndpointThatCanPlayNeitherTextNorAudioIsRecordedFailedWithTheReason() throws Exception {
    // GIVEN one village's speaker replaced by one announcing caps [] (no text-to-speech, no audio)
    Village village = hub.directory().township("211282105").orElseThrow().villages().get(8);
    Endpoint endpoint = village.endpoints().get(0);
    SimEndpoint original = fleet.endpoint(endpoint.id());
    await(original.disconnect());
    Await.until("the hub sees it offline", WAIT, () -> !endpointOnline(endpoint.id()));
    SimulatedFleet mute = await(SimulatedFleet.start(simVertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(mqttPort())
        .timeScale(0.01), List.of(new SimEndpointSpec(endpoint.id(), endpoint.villageId(), endpoint.townshipId(),
        hub.credentials().endpointSecrets().get(endpoint.id()), java.util.Set.of()))));
    try {
      Await.until("the mute speaker online", WAIT, () -> endpointOnline(endpoint.id()));
      // WHEN an alert goes to its village
      String id = sendAlert(villages(village.id()), null);
      // THEN its record is failed with NO_PLAYABLE_FORMAT, shown in the alert's view
      awaitCounts(id, c -> c.getLong("failed") == 1);
      JsonObject shown = api.get("/api/v1/alerts/" + id).body().getJsonArray("villages").getJsonObject(0);
      assertEquals("NO_PLAYABLE_FORMAT", shown.getJsonArray("endpoints").getJsonObject(0).getString("reason"), shown.encode());
    } finally {
      await(mute.close());
      await(original.connect());
    }
  }

  @Test
  @Order(13)
  void supplementaryPlaneCharactersCountOnceEachUpToTheLimits() {
    // GIVEN a title of 100 and a text of 2,000 CJK Extension B characters (place names use them)
    String character = "\uD840\uDC00"; // 𠀀 U+20000, two UTF-16 units
    Village village = hub.directory().township("211282103").orElseThrow().villages().get(1);
    SimEndpoint endpoint = fleet.endpoint(village.endpoints().get(0).id());
    JsonObject body = alertBody(villages(village.id()), null).put("level", "blue").put("title", character.repeat(100))
        .put("text", character.repeat(2000));
    // WHEN sent, THEN accepted and played by the endpoint with the text intact
    String id = created(api.post("/api/v1/alerts", body));
    awaitCounts(id, c -> c.getLong("played") == 1);
    JsonObject received = endpoint.receivedCommands().stream().filter(c -> id.equals(c.getString("id"))).findFirst().orElseThrow();
    assertEquals(character.repeat(2000), received.getString("text"));
    // AND one more character in either is refused with 400 naming the field
    for (String field : List.of("title", "text")) {
      JsonObject over = body.copy().put(field, body.getString(field) + character);
      ApiClient.Reply reply = api.post("/api/v1/alerts", over);
      assertEquals(400, reply.status(), reply.toString());
      assertEquals(field, reply.body().getString("field"), reply.toString());
    }
  }

  @Test
  @Order(33)
  void anEndpointFetchesOnlyMediaSentToIt() throws Exception {
    // GIVEN an alert voiced for one audio-only village only
    Township township = hub.directory().township(AUDIO_ONLY_TOWNSHIP).orElseThrow();
    Village target = township.villages().get(0);
    String id = created(api.post("/api/v1/alerts", alertBody(villages(target.id()), null).put("text", "只发给一个村的预警。")));
    awaitCounts(id, c -> c.getLong("played") == 1);
    String sha = api.get("/api/v1/alerts/" + id).body().getJsonObject("media").getString("sha256");
    String stranger = township.villages().get(1).endpoints().get(0).id();
    String recipient = target.endpoints().get(0).id();
    // THEN the recipient's credentials fetch it, another village's get 403
    assertEquals(200, fetchStatus(recipient, sha));
    assertEquals(403, fetchStatus(stranger, sha));
    // AND a file never sent to anyone is refused to every endpoint
    String unsent = api.postBytes("/api/v1/media?name=unsent", "audio/wav",
        org.dalaba.hub.alert.audio.AttentionSignal.parse("1234x300").render(8000, 1).toWav()).body().getString("sha256");
    assertEquals(403, fetchStatus(recipient, unsent));
  }

  // ---- fixtures ----

  /** The broker port the fleet connects to. */
  abstract int mqttPort();

  /** The hub's data directory, where its metrics token is. */
  abstract Path dataDir();

  String metricsToken() {
    return TestHubs.metricsToken(dataDir());
  }

  int fetchStatus(String endpointId, String sha) throws Exception {
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((endpointId + ":" + hub.credentials().endpointSecrets()
        .get(endpointId)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/media/" + sha))
        .header("Authorization", basic).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The file each playback of the command used (null: spoken by the endpoint itself). */
  static List<String> mediaPlayed(SimEndpoint endpoint, String commandId) {
    return endpoint.playLog().stream().filter(p -> p.commandId().equals(commandId)).map(PlayRecord::mediaSha256).toList();
  }

  JsonObject alertBody(JsonObject targets, String expiresAt) {
    JsonObject body = new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出，注意防寒保暖。")
        .put("level", "red").put("targets", targets);
    if (expiresAt != null) {
      body.put("expiresAt", expiresAt);
    }
    return body;
  }

  String sendAlert(JsonObject targets, String expiresAt) {
    return created(api.post("/api/v1/alerts", alertBody(targets, expiresAt)));
  }

  static String created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.body().getString("id");
  }

  static JsonObject villages(String... ids) {
    return new JsonObject().put("villages", new JsonArray(List.of((Object[]) ids)));
  }

  JsonObject awaitCounts(String id, java.util.function.Predicate<JsonObject> done) {
    return Await.until("counts of alert " + id, WAIT, () -> api.get("/api/v1/alerts/" + id).body(),
        alert -> alert.containsKey("counts") && done.test(alert.getJsonObject("counts")));
  }

  String endpointState(String alertId, String endpointId) {
    for (Object v : api.get("/api/v1/alerts/" + alertId).body().getJsonArray("villages")) {
      for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
        if (((JsonObject) e).getString("endpointId").equals(endpointId)) {
          return ((JsonObject) e).getString("state");
        }
      }
    }
    return null;
  }

  /** An endpoint's time-to-air in an alert's view, or null while it has not started. */
  static Long timeToAirOf(JsonObject alert, String endpointId) {
    for (Object v : alert.getJsonArray("villages")) {
      for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
        if (((JsonObject) e).getString("endpointId").equals(endpointId)) {
          return ((JsonObject) e).getLong("timeToAirMs");
        }
      }
    }
    return null;
  }

  long onlineCount() {
    return api.get("/api/v1/villages").body().getJsonObject("totals").getLong("online");
  }

  boolean endpointOnline(String endpointId) {
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

  static long playsOf(SimEndpoint endpoint, String commandId) {
    return endpoint.playLog().stream().filter(p -> p.commandId().equals(commandId)).count();
  }

  static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
