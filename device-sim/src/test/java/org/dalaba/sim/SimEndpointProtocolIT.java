package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The device protocol (docs/protocol.md) as seen by a hub, against a real Mosquitto. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimEndpointProtocolIT extends HubFleetTestSupport {

  private static final AtomicInteger TOWNSHIPS = new AtomicInteger(100);

  SimEndpointProtocolIT() {
    super(TOWNSHIPS);
  }

  private SimEndpoint startOne() {
    return startFleet(broker.fleetOptions().timeScale(0.001), 1).get(0);
  }

  @Test
  void aDrillIsPlayedAndRecordedAsADrill() {
    // GIVEN an online endpoint
    SimEndpoint endpoint = startOne();
    JsonObject drill = Fixtures.command("alert-exercise");

    // WHEN the hub publishes the document's drill example to the endpoint's township
    hub.publish(Topics.cmdTownship(township), drill);

    // THEN it plays it to the end and its play record says it was a drill
    hub.awaitReceipt(drill.getString("id"), "finished");
    List<PlayRecord> log = endpoint.playLog();
    assertEquals(1, log.size());
    assertTrue(log.get(0).exercise(), log.toString());
  }

  @Test
  void alertToTownshipIsReceivedStartedAndFinished() {
    // GIVEN an online endpoint
    SimEndpoint endpoint = startOne();
    JsonObject alert = Fixtures.command("alert");

    // WHEN the hub publishes the document's example alert to the endpoint's township
    hub.publish(Topics.cmdTownship(township), alert);

    // THEN the endpoint reports received, started, finished, in that order, each shaped like the examples
    hub.awaitReceipt(alert.getString("id"), "finished");
    assertEquals(List.of("received", "started", "finished"), hub.states(alert.getString("id")));
    JsonObject example = Fixtures.example("receipt-received.json").toJsonObject();
    for (JsonObject receipt : hub.receipts(alert.getString("id"))) {
      assertEquals(example.fieldNames(), receipt.fieldNames());
      assertEquals(1, receipt.getInteger("v"));
    }
    assertTrue(hub.messages(m -> m.isReceipt(alert.getString("id"), null)).stream()
        .allMatch(m -> m.endpointId().equals(endpoint.id())));
    List<PlayRecord> log = endpoint.playLog();
    assertEquals(1, log.size());
    assertEquals(new PlayRecord(alert.getString("id"), "alert", log.get(0).startedAt(), log.get(0).endedAt(),
        PlayRecord.Outcome.FINISHED), log.get(0));
    assertNull(endpoint.playing());
  }

  @Test
  void onlineStatusIsRetainedAfterSubscriptionsAndShapedLikeTheExample() {
    // GIVEN a hub that announced itself (retained), and an endpoint that connected
    hub.publishRetained(Topics.HUB_STATUS, Fixtures.example("hub-status.json").toJsonObject());
    SimEndpoint endpoint = startOne();

    // WHEN a newcomer subscribes to its status
    try (HubProbe late = HubProbe.connect(vertx, broker.port(), Topics.status(endpoint.id()))) {
      // THEN it gets the retained online status with the example's fields
      HubProbe.Msg status = late.awaitOne(m -> true);
      assertTrue(status.retained());
      JsonObject example = Fixtures.example("status-online.json").toJsonObject();
      assertEquals(example.fieldNames(), status.json().fieldNames());
      assertEquals("online", status.json().getString("state"));
      assertEquals(70, status.json().getInteger("volume"));
    }
    assertEquals(Fixtures.example("status-offline-will.json").toJsonObject(), Payloads.will().toJsonObject());
    assertTrue(endpoint.isConnected());
    Await.until("the endpoint saw the hub's retained status", Duration.ofSeconds(5),
        () -> "online".equals(endpoint.hubState()));
  }

  @Test
  void duplicateIsNotReplayedButItsLatestReceiptIsRepeated() {
    // GIVEN an endpoint that played an alert sent to its village
    SimEndpoint endpoint = startOne();
    JsonObject alert = Fixtures.alert(100, 1);
    hub.publish(Topics.cmdVillage(endpoint.spec().villageId()), alert);
    hub.awaitReceipt(alert.getString("id"), "finished");

    // WHEN the same id arrives again on its endpoint topic (a re-send)
    hub.publish(Topics.cmdEndpoint(endpoint.id()), alert);

    // THEN it answers with its latest receipt again and does not play a second time
    Await.result(hub.await(m -> m.isReceipt(alert.getString("id"), "finished"), 2));
    assertEquals(List.of("received", "started", "finished", "finished"), hub.states(alert.getString("id")));
    assertEquals(1, endpoint.playLog().size());
    assertEquals(2, endpoint.receivedCommands().size());
    FleetSummary.EndpointStats stats = fleet.summary().endpoints().get(0);
    assertEquals(2, stats.received());
    assertEquals(1, stats.distinct());
    assertEquals(1, stats.played());
  }

  @Test
  void expiredCommandFailsExpiredAndNeverPlays() {
    // GIVEN an endpoint
    SimEndpoint endpoint = startOne();
    JsonObject alert = Fixtures.command("alert").put("expiresAt", System.currentTimeMillis() - 1_000);

    // WHEN an alert arrives after its expiresAt
    hub.publish(Topics.CMD_ALL, alert);

    // THEN it reports failed EXPIRED only
    JsonObject receipt = hub.awaitReceipt(alert.getString("id"), "failed").json();
    assertEquals("EXPIRED", receipt.getString("reason"));
    assertEquals(Fixtures.example("receipt-failed.json").toJsonObject().fieldNames(), receipt.fieldNames());
    assertEquals(List.of("failed"), hub.states(alert.getString("id")));
    assertTrue(endpoint.playLog().isEmpty());
  }

  @Test
  void stopDuringPlaybackStopsItAndReportsTheStopsReason() {
    // GIVEN an endpoint playing a long programme
    SimEndpoint endpoint = startOne();
    JsonObject play = Fixtures.play(60_000_000, 10);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), play);
    hub.awaitReceipt(play.getString("id"), "started");
    assertEquals(play.getString("id"), endpoint.playing());

    // WHEN the hub cancels it
    hub.publish(Topics.cmdEndpoint(endpoint.id()), Fixtures.stop(play.getString("id")));

    // THEN playback stops at once and the play fails CANCELLED; the stop has no receipt of its own
    JsonObject failed = hub.awaitReceipt(play.getString("id"), "failed").json();
    assertEquals("CANCELLED", failed.getString("reason"));
    assertEquals(PlayRecord.Outcome.STOPPED, endpoint.playLog().get(0).outcome());
    assertNull(endpoint.playing());
    assertEquals(1, fleet.summary().stopped());
  }

  @Test
  void stopBeforeTheCommandArrivesMeansItNeverPlays() {
    // GIVEN an endpoint that received a stop for a command it has not seen
    SimEndpoint endpoint = startOne();
    JsonObject play = Fixtures.play(1_000, 10);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), Fixtures.stop(play.getString("id")));

    // WHEN the command arrives afterwards
    hub.publish(Topics.cmdVillage(endpoint.spec().villageId()), play);

    // THEN it is failed CANCELLED and never played (a later command's receipts prove nothing was pending)
    assertEquals("CANCELLED", hub.awaitReceipt(play.getString("id"), "failed").json().getString("reason"));
    JsonObject marker = Fixtures.command("volume");
    hub.publish(Topics.cmdEndpoint(endpoint.id()), marker);
    hub.awaitReceipt(marker.getString("id"), "finished");
    assertEquals(List.of("failed"), hub.states(play.getString("id")));
    assertTrue(endpoint.playLog().isEmpty());
  }

  @Test
  void alertPreemptsARoutinePlay() {
    // GIVEN an endpoint playing a long routine programme
    SimEndpoint endpoint = startOne();
    JsonObject play = Fixtures.play(60_000_000, 100);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), play);
    hub.awaitReceipt(play.getString("id"), "started");

    // WHEN an alert arrives
    JsonObject alert = Fixtures.alert(100, 2);
    hub.publish(Topics.CMD_ALL, alert);

    // THEN the play fails PREEMPTED and the alert plays to the end
    assertEquals("PREEMPTED", hub.awaitReceipt(play.getString("id"), "failed").json().getString("reason"));
    hub.awaitReceipt(alert.getString("id"), "finished");
    assertEquals(List.of("received", "started", "finished"), hub.states(alert.getString("id")));
    List<PlayRecord> log = endpoint.playLog();
    assertEquals(List.of(PlayRecord.Outcome.PREEMPTED, PlayRecord.Outcome.FINISHED),
        log.stream().map(PlayRecord::outcome).toList());
  }

  @Test
  void secondAlertWaitsForTheFirstAndQueuedPlaysGoByPriority() {
    // GIVEN an endpoint playing an alert of about 300 ms
    SimEndpoint endpoint = startOne();
    JsonObject first = Fixtures.alert(300_000, 1);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), first);
    hub.awaitReceipt(first.getString("id"), "started");

    // WHEN a low and then a high priority play, then a second alert arrive while it plays
    JsonObject low = Fixtures.play(10_000, 5);
    JsonObject high = Fixtures.play(10_000, 50);
    JsonObject second = Fixtures.alert(10_000, 1);
    String topic = Topics.cmdEndpoint(endpoint.id());
    hub.publish(topic, low);
    hub.publish(topic, high);
    hub.publish(topic, second);

    // THEN nothing is cut: first alert, second alert, high play, low play
    hub.awaitReceipt(low.getString("id"), "finished");
    List<String> order = endpoint.playLog().stream().map(PlayRecord::commandId).toList();
    assertEquals(List.of(first.getString("id"), second.getString("id"), high.getString("id"), low.getString("id")), order);
    assertTrue(endpoint.playLog().stream().allMatch(r -> r.outcome() == PlayRecord.Outcome.FINISHED));
  }

  @Test
  void aHigherLevelAlertPreemptsALowerOneWhichIsPlayedAgainAfterwards() {
    // GIVEN an endpoint playing a long blue alert
    SimEndpoint endpoint = startOne();
    String topic = Topics.cmdEndpoint(endpoint.id());
    JsonObject blue = started(topic, Fixtures.alert(3_000_000, 1).put("level", "blue"));

    // WHEN a yellow alert (same rule for any higher level) and then another blue arrive
    JsonObject yellow = Fixtures.alert(10_000, 1).put("level", "yellow");
    JsonObject laterBlue = Fixtures.alert(10_000, 1).put("level", "blue");
    started(topic, yellow);
    hub.publish(topic, laterBlue);

    // THEN the first blue fails PREEMPTED at once, yellow plays, then the first blue is played again from
    // the start (it arrived first), then the later blue
    assertEquals("PREEMPTED", hub.awaitReceipt(blue.getString("id"), "failed").json().getString("reason"));
    hub.awaitReceipt(laterBlue.getString("id"), "finished");
    assertEquals(List.of("received", "started", "failed", "started", "finished"), hub.states(blue.getString("id")));
    assertEquals(List.of(blue.getString("id") + ":PREEMPTED", yellow.getString("id") + ":FINISHED",
            blue.getString("id") + ":FINISHED", laterBlue.getString("id") + ":FINISHED"),
        endpoint.playLog().stream().map(r -> r.commandId() + ":" + r.outcome()).toList());
  }

  @Test
  void anEqualOrLowerLevelAlertWaits() {
    // GIVEN an endpoint playing an orange alert
    SimEndpoint endpoint = startOne();
    String topic = Topics.cmdEndpoint(endpoint.id());
    JsonObject orange = started(topic, Fixtures.alert(2_000_000, 1).put("level", "orange"));
    // WHEN a blue and another orange arrive
    JsonObject blue = Fixtures.alert(10_000, 1).put("level", "blue");
    JsonObject orange2 = Fixtures.alert(10_000, 1).put("level", "orange");
    hub.publish(topic, blue);
    hub.publish(topic, orange2);
    // THEN nothing is cut; the queued orange goes before the blue that arrived earlier
    hub.awaitReceipt(blue.getString("id"), "finished");
    assertEquals(List.of(orange.getString("id"), orange2.getString("id"), blue.getString("id")),
        endpoint.playLog().stream().map(PlayRecord::commandId).toList());
    assertTrue(endpoint.playLog().stream().allMatch(r -> r.outcome() == PlayRecord.Outcome.FINISHED));
  }

  @Test
  void aPreemptedAlertThatExpiresWhileWaitingIsNotPlayedAgain() {
    // GIVEN a blue alert that expires in a moment, playing
    SimEndpoint endpoint = startOne();
    String topic = Topics.cmdEndpoint(endpoint.id());
    JsonObject blue = started(topic, Fixtures.alert(3_000_000, 1).put("level", "blue")
        .put("expiresAt", System.currentTimeMillis() + 1_500));
    // WHEN a red alert that plays past the blue's expiry preempts it
    JsonObject red = Fixtures.alert(3_000_000, 1);
    hub.publish(topic, red);
    // THEN the blue fails PREEMPTED, then EXPIRED while it waits, and is never started again
    JsonObject expired = hub.awaitOne(m -> m.isReceipt(blue.getString("id"), "failed")
        && "EXPIRED".equals(m.json().getString("reason"))).json();
    assertEquals("expired while queued", expired.getString("detail"));
    assertEquals(List.of("received", "started", "failed", "failed"), hub.states(blue.getString("id")));
  }

  @Test
  void whenExpiryPassesDuringAnAlertTheCurrentPassEndsAndNoOtherStarts() {
    // GIVEN an alert of 10 passes of about 1 s each that expires during its first pass
    SimEndpoint endpoint = startOne();
    JsonObject alert = Fixtures.alert(1_000_000, 10).put("expiresAt", System.currentTimeMillis() + 500);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), alert);
    // THEN it reports finished after that pass, and the play log says it stopped at expiry
    hub.awaitReceipt(alert.getString("id"), "finished");
    PlayRecord record = endpoint.playLog().get(0);
    assertEquals(PlayRecord.Outcome.EXPIRED, record.outcome());
    assertTrue(record.endedAt() - record.startedAt() < 5_000, "it did not play all 10 passes: " + record);
  }

  /** Publishes {@code command} and waits until the endpoint reports it started. */
  private JsonObject started(String topic, JsonObject command) {
    hub.publish(topic, command);
    hub.awaitReceipt(command.getString("id"), "started");
    return command;
  }

  @Test
  void aHigherPriorityPlayPreemptsALowerOneAtRunTime() {
    // GIVEN an endpoint playing a low-priority programme
    SimEndpoint endpoint = startOne();
    String topic = Topics.cmdEndpoint(endpoint.id());
    JsonObject low = Fixtures.play(300_000, 5);
    hub.publish(topic, low);
    hub.awaitReceipt(low.getString("id"), "started");

    // WHEN a higher-priority programme arrives
    JsonObject high = Fixtures.play(10_000, 50);
    hub.publish(topic, high);

    // THEN the higher one wins: the low one fails PREEMPTED and the high one plays to the end
    hub.awaitReceipt(high.getString("id"), "finished");
    assertEquals(List.of("received", "started", "failed"), hub.states(low.getString("id")));
    assertEquals(List.of(PlayRecord.Outcome.PREEMPTED, PlayRecord.Outcome.FINISHED),
        endpoint.playLog().stream().map(PlayRecord::outcome).toList());
  }

  @Test
  void volumeIsAppliedReportedAndRepublished() {
    // GIVEN an endpoint at the default volume
    SimEndpoint endpoint = startOne();
    JsonObject volume = Fixtures.command("volume");

    // WHEN the hub sets the volume to 85
    hub.publish(Topics.cmdEndpoint(endpoint.id()), volume);

    // THEN it reports received then finished, and its retained status carries the new volume
    hub.awaitReceipt(volume.getString("id"), "finished");
    assertEquals(List.of("received", "finished"), hub.states(volume.getString("id")));
    assertEquals(85, endpoint.volume());
    hub.awaitOne(m -> m.topic().equals(Topics.status(endpoint.id())) && m.json() != null
        && Integer.valueOf(85).equals(m.json().getInteger("volume")));
  }

  @Test
  void malformedCommandsAreAnsweredBadCommandWhenTheyHaveAnId() {
    // GIVEN an endpoint
    SimEndpoint endpoint = startOne();
    String topic = Topics.cmdEndpoint(endpoint.id());

    // WHEN it gets an alert missing fields, an unknown type, and bytes that are not JSON
    JsonObject missing = new JsonObject().put("v", 1).put("id", "bad-missing").put("type", "alert").put("ts", 1);
    JsonObject unknown = Fixtures.command("volume").put("type", "dance");
    hub.publish(topic, missing);
    hub.publish(topic, unknown);
    hub.publish(topic, Buffer.buffer("{\"v\":1,\"id\":"));
    JsonObject marker = Fixtures.command("volume");
    hub.publish(topic, marker);

    // THEN the readable ones fail BAD_COMMAND, the unreadable one is ignored, and the endpoint carries on
    assertEquals("BAD_COMMAND", hub.awaitReceipt("bad-missing", "failed").json().getString("reason"));
    assertEquals("BAD_COMMAND", hub.awaitReceipt(unknown.getString("id"), "failed").json().getString("reason"));
    hub.awaitReceipt(marker.getString("id"), "finished");
    assertEquals(2, hub.messages(m -> "receipt".equals(m.kind()) && endpoint.id().equals(m.endpointId())
        && m.json() != null && "failed".equals(m.json().getString("state"))).size());
    assertEquals(4, fleet.summary().received());
  }

  @Test
  void dropConnectionLeavesTheRetainedWillAndConnectBringsItBack() {
    // GIVEN an online endpoint
    SimEndpoint endpoint = startOne();

    // WHEN its TCP connection dies without DISCONNECT
    Await.result(endpoint.dropConnection());

    // THEN the broker publishes its will, retained, exactly as the document shows it
    HubProbe.Msg will = hub.awaitOne(m -> m.topic().equals(Topics.status(endpoint.id()))
        && m.json() != null && "will".equals(m.json().getString("reason")));
    assertEquals(Fixtures.example("status-offline-will.json").toJsonObject(), will.json());
    assertFalse(endpoint.isConnected());
    try (HubProbe late = HubProbe.connect(vertx, broker.port(), Topics.status(endpoint.id()))) {
      HubProbe.Msg retained = late.awaitOne(m -> true);
      assertTrue(retained.retained());
      assertEquals("will", retained.json().getString("reason"));
    }

    // AND connect() brings it back online
    Await.result(endpoint.connect());
    assertTrue(endpoint.isConnected());
    Await.result(hub.await(m -> m.topic().equals(Topics.status(endpoint.id())) && m.json() != null
        && "online".equals(m.json().getString("state")), 2));
  }

  @Test
  void cleanDisconnectPublishesOfflineWithReasonShutdown() {
    // GIVEN an online endpoint
    SimEndpoint endpoint = startOne();

    // WHEN it disconnects cleanly
    Await.result(endpoint.disconnect());

    // THEN its retained status says offline, reason shutdown, and no will follows
    HubProbe.Msg offline = hub.awaitOne(m -> m.topic().equals(Topics.status(endpoint.id()))
        && m.json() != null && "offline".equals(m.json().getString("state")));
    assertEquals("shutdown", offline.json().getString("reason"));
    assertFalse(endpoint.isConnected());
  }

  @Test
  void heartbeatCarriesWhatIsPlaying() {
    // GIVEN an endpoint with a one-second heartbeat, playing a long programme
    SimEndpoint endpoint = startFleet(broker.fleetOptions().timeScale(0.001).heartbeatSeconds(1), 1).get(0);
    JsonObject play = Fixtures.play(60_000_000, 10);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), play);
    hub.awaitReceipt(play.getString("id"), "started");

    // WHEN a heartbeat comes
    HubProbe.Msg beat = hub.awaitOne(m -> m.topic().equals(Topics.heartbeat(endpoint.id()))
        && m.json() != null && play.getString("id").equals(m.json().getString("playing")));

    // THEN it has the example's fields
    assertEquals(Fixtures.example("heartbeat.json").toJsonObject().fieldNames(), beat.json().fieldNames());
    assertEquals(70, beat.json().getInteger("volume"));
  }

  @Test
  void prefetchFetchesWithBasicAuthAndChecksTheHash() {
    // GIVEN a media server that wants the endpoint's credentials, and an endpoint
    Buffer audio = Buffer.buffer("RIFF fake audio bytes".getBytes(StandardCharsets.UTF_8));
    String sha = MediaFetcher.sha256(audio);
    String wrongSha = MediaFetcher.sha256(Buffer.buffer("something else"));
    SimEndpoint endpoint = startOne();
    String expectedAuth = "Basic " + Base64.getEncoder().encodeToString(
        (endpoint.id() + ":secret").getBytes(StandardCharsets.UTF_8));
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(req -> {
      if (!expectedAuth.equals(req.getHeader("Authorization"))) {
        req.response().setStatusCode(401).end();
      } else if (req.path().equals("/media/" + sha) || req.path().equals("/media/" + wrongSha)) {
        req.response().end(audio);
      } else {
        req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + server.actualPort() + "/media/";

    // WHEN the hub asks it to prefetch good, tampered and missing audio
    JsonObject good = prefetch(sha, base + sha);
    JsonObject tampered = prefetch(wrongSha, base + wrongSha);
    JsonObject missing = prefetch(sha, base + "nothing-here");
    for (JsonObject command : List.of(good, tampered, missing)) {
      hub.publish(Topics.cmdEndpoint(endpoint.id()), command);
    }

    // THEN ready, MEDIA_HASH_MISMATCH and MEDIA_UNAVAILABLE, and the good audio is kept
    hub.awaitReceipt(good.getString("id"), "ready");
    assertEquals(List.of("received", "ready"), hub.states(good.getString("id")));
    assertEquals("MEDIA_HASH_MISMATCH", hub.awaitReceipt(tampered.getString("id"), "failed").json().getString("reason"));
    assertEquals("MEDIA_UNAVAILABLE", hub.awaitReceipt(missing.getString("id"), "failed").json().getString("reason"));
    assertTrue(endpoint.hasMedia(sha));
    Await.result(server.close());
  }

  private static JsonObject prefetch(String sha, String url) {
    JsonObject command = Fixtures.command("prefetch");
    command.getJsonArray("media").getJsonObject(0).put("sha256", sha).put("url", url).put("bytes", 21);
    return command;
  }

  @Test
  void publishRawSendsAnythingAnywhere() {
    // GIVEN two endpoints of one village
    List<SimEndpoint> endpoints = startFleet(broker.fleetOptions().timeScale(0.001), 2);
    SimEndpoint mallory = endpoints.get(0);
    SimEndpoint victim = endpoints.get(1);

    // WHEN one publishes malformed JSON to the other's receipt topic (Mosquitto here has no ACL)
    Await.result(mallory.publishRaw(Topics.receipt(victim.id()), Buffer.buffer("{not json"), 1));

    // THEN the bytes arrive as they were sent
    HubProbe.Msg msg = hub.awaitOne(m -> m.topic().equals(Topics.receipt(victim.id())));
    assertEquals("{not json", msg.payload().toString());
    assertNull(msg.json());
  }
}
