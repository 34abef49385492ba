package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CurlSource;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub processes; a live session is opened and streamed on one of them (its origin, here the leader), and that
 * hub is killed mid-session. The audio lived only there: the hub left ends the session within seconds (its origin
 * lease lapsed), every endpoint is told to stop and its record closes as at a normal end, and the end is audited.
 * Before the kill, a source that reaches the other hub is told, in Chinese first, which hub to send the audio to.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveOriginLostIT {
  private static final int LEASE_SECONDS = 3;
  /** From the kill: the leader lease passing on, the origin lease lapsing, a check, the stop reaching endpoints. */
  private static final long ENDED_WITHIN_MS = 15_000;

  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();
  /** The curl streaming the session's audio to its origin. */
  private CurlSource source;

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void aSessionWhoseHubDiesEndsOnTheOtherHubAndEveryEndpointStops() throws Exception {
    // GIVEN two hubs and the endpoints of one village
    TwoHubs hubs = TwoHubs.start(tmp, teardown, LEASE_SECONDS);
    SimulatedFleet fleet = FaultFixtures.villageFleet(hubs, teardown);
    List<SimEndpoint> village = List.copyOf(fleet.endpoints());
    String villageId = village.get(0).spec().villageId();
    ApiClient viaOrigin = FaultFixtures.login(hubs.leader.httpPort());
    ApiClient viaOther = FaultFixtures.login(hubs.follower.httpPort());

    // AND a live session opened and streamed on the leader, playing in the village
    String id = openAndStream(hubs, viaOrigin, viaOther, villageId, village.size());
    String originStream = ":" + hubs.leader.httpPort() + "/live/" + id + "/stream";
    for (SimEndpoint endpoint : fleet.endpoints()) {
      endpoint.receivedCommands().stream().filter(c -> id.equals(c.getString("id"))).forEach(c -> assertTrue(
          c.getJsonObject("stream").getString("url").endsWith(originStream), "the origin's stream URL: " + c.encode()));
    }

    // WHEN a second source reaches the other hub, it is told which hub takes the audio
    HttpResponse<String> elsewhere = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hubs.follower.httpPort() + "/api/v1/live/" + id + "/audio"))
        .header("Authorization", "Bearer " + viaOther.token()).header("Content-Type", "audio/wav")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(TestAudio.wav(500))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(409, elsewhere.statusCode(), elsewhere.body());
    JsonObject refusal = new JsonObject(elsewhere.body());
    assertTrue(refusal.getString("messageZh").contains("localhost:" + hubs.leader.httpPort()), refusal.encode());
    assertTrue(refusal.getString("messageZh").contains("开始它的服务器"), refusal.encode());

    // AND the hub streaming the session is killed
    long killedAt = System.currentTimeMillis();
    hubs.leader.kill();

    // THEN the other hub ends it within seconds: endpoints stop, every record ends played, and the end is audited
    JsonObject ended = Await.until("the session ended by the hub left", Duration.ofMillis(ENDED_WITHIN_MS + 30_000),
        () -> viaOther.get("/api/v1/live/" + id).body(), s -> "ended".equals(s.getString("state")));
    long endedAfter = System.currentTimeMillis() - killedAt;
    System.out.println("live session " + id + " ended " + endedAfter + " ms after its hub was killed");
    assertEquals("hub_lost", ended.getString("endReason"), ended.encode());
    assertTrue(endedAfter <= ENDED_WITHIN_MS, "ended within " + ENDED_WITHIN_MS + " ms of the kill: " + endedAfter);
    Await.until("every endpoint stopped", Duration.ofSeconds(20), () -> fleet.endpoints().stream().allMatch(e -> e.playing() == null));
    long stoppedAfter = System.currentTimeMillis() - killedAt;
    System.out.println("every endpoint stopped " + stoppedAfter + " ms after the kill");
    for (SimEndpoint endpoint : fleet.endpoints()) {
      assertTrue(endpoint.receivedCommands().stream().anyMatch(c -> "stop".equals(c.getString("type")) && id.equals(c.getString("ref"))
          && "ENDED".equals(c.getString("reason"))), endpoint.id() + " was told the session ended: " + endpoint.receivedCommands());
    }
    JsonObject counts = Await.until("every record closed played", FaultFixtures.WAIT,
        () -> viaOther.get("/api/v1/live/" + id).body().getJsonObject("counts"), c -> c.getLong("played") == village.size());
    assertEquals(village.size(), counts.getLong("played"), counts.encode());
    JsonArray audit = viaOther.get("/api/v1/audit?limit=200&action=live.end").body().getJsonArray("entries");
    assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(e -> id.equals(e.getJsonObject("details").getString("liveId"))
        && "hub_lost".equals(e.getJsonObject("details").getString("reason"))), audit.encode());
    assertEquals(null, ended.getJsonObject("recording"), "what was said is on the killed hub's disk");

    // AND when the killed hub runs again, the recording of what was said until it died goes to the media library
    hubs.leader.start();
    JsonObject recorded = Await.until("the session's recording recovered", FaultFixtures.WAIT,
        () -> viaOther.get("/api/v1/live/" + id).body(), s -> s.getJsonObject("recording") != null);
    long durationMs = recorded.getJsonObject("recording").getLong("durationMs");
    // the kill came moments after every endpoint played: some hundreds of ms of the minute streamed, in whole pages
    assertTrue(durationMs > 0 && durationMs < 60_000, "the recording holds what was streamed before the kill: " + recorded.encode());
    assertEquals(durationMs, recorded.getLong("audioMs"), "the session's audio is the recording's");
    // from the hub that holds the file (media files are kept per hub, docs/operations.md "Live sessions on several
    // hubs"); the other says so in words, not with a server error
    ApiClient.Reply elsewhereFile = viaOther.get("/api/v1/live/" + id + "/recording");
    assertEquals(404, elsewhereFile.status(), elsewhereFile.toString());
    assertTrue(elsewhereFile.body().getString("messageZh").contains("不在这台服务器上"), elsewhereFile.toString());
    assertEquals(200, FaultFixtures.login(hubs.leader.httpPort()).get("/api/v1/live/" + id + "/recording").status(),
        "and plays from the session");
  }

  @Test
  void aSessionStoppedThroughTheOtherHubEndsOnItsOriginOnceAndIsRecorded() throws Exception {
    // GIVEN two hubs and a live session opened and streamed on the leader, playing in one village
    TwoHubs hubs = TwoHubs.start(tmp, teardown, LEASE_SECONDS);
    SimulatedFleet fleet = FaultFixtures.villageFleet(hubs, teardown);
    String villageId = fleet.endpoints().iterator().next().spec().villageId();
    ApiClient viaOrigin = FaultFixtures.login(hubs.leader.httpPort());
    ApiClient viaOther = FaultFixtures.login(hubs.follower.httpPort());
    String id = openAndStream(hubs, viaOrigin, viaOther, villageId, fleet.endpoints().size());

    // WHEN an operator on the other hub stops it
    ApiClient.Reply stopped = viaOther.post("/api/v1/live/" + id + "/stop", new JsonObject());
    assertEquals(200, stopped.status(), stopped.toString());

    // THEN the origin stops taking the audio, the recording of what was said is kept, and the end stays the operator's
    Await.until("the origin closed the upload", Duration.ofSeconds(15), () -> !source.isAlive());
    JsonObject ended = Await.until("the recording stored", Duration.ofSeconds(20), () -> viaOther.get("/api/v1/live/" + id).body(),
        s -> s.getJsonObject("recording") != null);
    assertEquals("stopped", ended.getString("endReason"), ended.encode());
    assertTrue(ended.getJsonObject("recording").getLong("durationMs") > 0, ended.encode());
    // AND every endpoint was told once
    for (SimEndpoint endpoint : fleet.endpoints()) {
      long stops = endpoint.receivedCommands().stream().filter(c -> "stop".equals(c.getString("type")) && id.equals(c.getString("ref")))
          .map(c -> c.getString("id")).distinct().count();
      assertEquals(1, stops, endpoint.id() + " got one stop for the session: " + endpoint.receivedCommands());
    }
    JsonArray audit = viaOther.get("/api/v1/audit?limit=200&action=live.end").body().getJsonArray("entries");
    assertEquals(1, audit.stream().map(JsonObject.class::cast).filter(e -> id.equals(e.getJsonObject("details").getString("liveId"))).count(),
        "one end audited: " + audit.encode());
  }

  /** A routine session to the village opened on the leader, a minute of WAV streamed to it there; once every endpoint plays it. */
  private String openAndStream(TwoHubs hubs, ApiClient viaOrigin, ApiClient viaOther, String villageId, int endpoints) throws Exception {
    ApiClient.Reply created = viaOrigin.post("/api/v1/live", new JsonObject().put("level", "routine").put("title", "村委会通知")
        .put("maxSeconds", 120).put("targets", new JsonObject().put("villages", new JsonArray().add(villageId))));
    assertEquals(201, created.status(), created.toString());
    String id = created.body().getString("id");
    source = teardown.add(CurlSource.start(tmp, hubs.leader.httpPort(), viaOrigin.token(), id, TestAudio.wav(60_000)));
    Await.until("the session playing on every endpoint", FaultFixtures.WAIT,
        () -> viaOther.get("/api/v1/live/" + id).body().getJsonObject("counts").getLong("playing") == endpoints);
    return id;
  }
}
