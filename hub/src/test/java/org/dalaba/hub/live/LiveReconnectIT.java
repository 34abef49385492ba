package org.dalaba.hub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CurlSource;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.dalaba.sim.live.LiveStreamPlayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated endpoints (device-sim's own, over MQTT and HTTP) that lose their connections in the middle of a live
 * session: one loses its whole network (MQTT and the stream) and comes back, one loses only the stream's HTTP
 * connection for a while. Each joins again at the live edge (the first page it plays after coming back is the newest,
 * not the one after where it left off), and each ends the session played, with its lag reported.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LiveReconnectIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** How long each endpoint stays away. */
  private static final long AWAY_MS = 3000;

  @TempDir
  Path dataDir;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stop() throws Exception {
    teardown.close();
  }

  @Test
  void endpointsThatLoseTheirLinksMidSessionRejoinAtTheLiveEdgeAndEndPlayed() throws Exception {
    // GIVEN a hub and the endpoints of two villages, simulated
    RunningHub hub = teardown.add(Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD));
    List<Endpoint> all = hub.directory().townships().stream().flatMap(t -> t.villages().stream()).flatMap(v -> v.endpoints().stream())
        .toList();
    List<String> villages = all.stream().map(Endpoint::villageId).distinct().limit(2).toList();
    List<SimEndpointSpec> specs = all.stream().filter(e -> villages.contains(e.villageId())).map(e -> new SimEndpointSpec(e.id(),
        e.villageId(), e.townshipId(), hub.credentials().endpointSecrets().get(e.id()))).toList();
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    SimulatedFleet fleet = SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort())
        .timeScale(1.0), specs).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    teardown.add(() -> fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    ApiClient admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    SimEndpoint offline = fleet.endpoint(specs.get(0).endpointId());
    SimEndpoint streamCut = fleet.endpoint(specs.get(specs.size() - 1).endpointId());
    Await.until("both endpoints online at the hub", WAIT, () -> online(admin, offline.id()) && online(admin, streamCut.id()));

    // AND a 14-second live session to both villages, streamed with curl, playing everywhere
    ApiClient.Reply created = admin.post("/api/v1/live", new JsonObject().put("level", "routine").put("title", "村委会通知")
        .put("maxSeconds", 120).put("targets", new JsonObject().put("villages", new JsonArray(villages))));
    assertEquals(201, created.status(), created.toString());
    String id = created.body().getString("id");
    CurlSource source = teardown.add(CurlSource.start(dataDir, hub.httpPort(), admin.token(), id, TestAudio.wav(14_000)));
    Await.until("the session playing on every endpoint", WAIT,
        () -> session(admin, id).getJsonObject("counts").getLong("playing") == specs.size());
    Await.until("a second of audio played on both", WAIT, () -> played(offline, id) >= 1 && played(streamCut, id) >= 1);

    // WHEN one endpoint loses its network (MQTT and the stream), and the other only its stream, for a few seconds
    long cutAt = System.currentTimeMillis();
    offline.loseNetwork().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    streamCut.cutLiveStreams(AWAY_MS).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Await.until("the hub sees the endpoint offline, " + AWAY_MS + " ms away", WAIT,
        () -> !online(admin, offline.id()) && System.currentTimeMillis() - cutAt >= AWAY_MS);
    long backAt = System.currentTimeMillis();
    offline.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    // THEN both joined again at the live edge while the session was still live
    LiveStreamPlayer.Join again = Await.until("the offline endpoint's stream again", WAIT, () -> offline.liveJoins(id),
        j -> j.size() >= 2).get(1);
    LiveStreamPlayer.Join cutAgain = Await.until("the cut endpoint's stream again", WAIT, () -> streamCut.liveJoins(id),
        j -> j.size() >= 2).get(1);
    assertAtTheLiveEdge(again, backAt - cutAt, "after losing its network");
    assertAtTheLiveEdge(cutAgain, AWAY_MS, "after losing its stream");
    // the one that came back was sent the session again (catch-up); the other never lost MQTT and needed nothing
    assertTrue(liveCommands(offline, id) >= 2, "the live command again after reconnecting: " + offline.receivedCommands());
    assertEquals(1, liveCommands(streamCut, id), "the stream alone reconnected: " + streamCut.receivedCommands());
    assertTrue(streamCut.isConnected());

    // AND the session ends with the source, played everywhere, with each endpoint's lag
    JsonObject ended = Await.until("played everywhere", WAIT, () -> session(admin, id),
        s -> "ended".equals(s.getString("state")) && s.getJsonObject("counts").getLong("played") == specs.size());
    assertEquals("source_ended", ended.getString("endReason"), ended.encode());
    for (SimEndpoint endpoint : List.of(offline, streamCut)) {
      JsonObject lag = ended.getJsonArray("endpoints").stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("endpointId").equals(endpoint.id())).findFirst().orElseThrow().getJsonObject("lag");
      assertTrue(lag != null && lag.getLong("pages", 0L) > 0 && lag.getLong("p95Ms") != null, endpoint.id() + ": " + lag);
      System.out.println("live lag of " + endpoint.id() + " after a reconnect: " + lag.encode() + ", joins " + endpoint.liveJoins(id));
    }
    assertTrue(source.output().contains("\"source_ended\""), source.output());
  }

  /**
   * The first page after coming back is the newest (small lag), and it skips the audio sent while the endpoint was
   * away: resuming where it left off would lag by about {@code awayMs} and skip nothing.
   */
  private static void assertAtTheLiveEdge(LiveStreamPlayer.Join join, long awayMs, String when) {
    long skippedMs = (join.granule() - join.previousGranule()) / 48;
    assertTrue(join.lagMs() < 1000, "joined " + when + " at the live edge, lag " + join.lagMs() + " ms: " + join);
    assertTrue(skippedMs >= awayMs - 700, "skipped what was said while away (" + awayMs + " ms): " + skippedMs + " ms, " + join);
  }

  private static JsonObject session(ApiClient admin, String id) {
    return admin.get("/api/v1/live/" + id).body();
  }

  private static long played(SimEndpoint endpoint, String id) {
    List<LiveStreamPlayer.Join> joins = endpoint.liveJoins(id);
    return joins.isEmpty() ? 0 : (System.currentTimeMillis() - joins.get(0).playedAt()) / 1000;
  }

  private static long liveCommands(SimEndpoint endpoint, String id) {
    return endpoint.receivedCommands().stream().filter(c -> id.equals(c.getString("id"))).count();
  }

  private static boolean online(ApiClient admin, String endpointId) {
    return admin.get("/api/v1/villages").body().getJsonArray("townships").stream().map(JsonObject.class::cast)
        .flatMap(t -> t.getJsonArray("villages").stream()).map(JsonObject.class::cast)
        .flatMap(v -> v.getJsonArray("endpoints").stream()).map(JsonObject.class::cast)
        .filter(e -> endpointId.equals(e.getString("id"))).anyMatch(e -> e.getBoolean("online", false));
  }
}
