package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub processes; a routine programme plays in one village, an alert preempts it there, and the leader is
 * killed while the alert is still on the air. What follows the preemption was decided in Redis when the
 * PREEMPTED receipt came in; the new leader takes it over and, once the alert has ended, sends the resume:
 * exactly once, and only after the kill, so by the new leader.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LeaderKilledDuringPreemptionIT {
  private static final int LEASE_SECONDS = 3;
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void theResumeIsSentExactlyOnceByTheNewLeader() throws Exception {
    // GIVEN two hubs and the endpoints of one village, playing in real time
    TwoHubs hubs = TwoHubs.start(tmp, teardown, LEASE_SECONDS);
    SimulatedFleet fleet = FaultFixtures.villageFleet(hubs, teardown);
    List<SimEndpoint> village = List.copyOf(fleet.endpoints());
    String villageId = village.get(0).spec().villageId();
    ApiClient viaLeader = FaultFixtures.login(hubs.leader.httpPort());
    ApiClient viaFollower = FaultFixtures.login(hubs.follower.httpPort());

    // AND a one-minute recording scheduled there a few seconds from now, resumed after a preemption
    JsonObject wav = viaLeader.postBytes("/api/v1/media?name=" + URLEncoder.encode("广播体操", StandardCharsets.UTF_8),
        "application/octet-stream", TestAudio.wav(60_000)).body();
    ApiClient.Reply programme = viaLeader.post("/api/v1/programmes", new JsonObject().put("name", "广播体操")
        .put("items", new JsonArray().add(new JsonObject().put("media", wav.getString("sha256")))));
    assertEquals(201, programme.status(), programme.toString());
    OffsetDateTime at = OffsetDateTime.now(SHANGHAI).plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
    ApiClient.Reply schedule = viaLeader.post("/api/v1/schedules", new JsonObject().put("name", "广播体操")
        .put("programmeId", programme.body().getString("id")).put("onPreempt", "resume")
        .put("targets", new JsonObject().put("villages", new JsonArray().add(villageId)))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at.toString())));
    assertEquals(201, schedule.status(), schedule.toString());
    String fireId = Await.until("the fire", FaultFixtures.WAIT, () -> viaFollower.get("/api/v1/schedules/"
        + schedule.body().getString("id") + "/fires").body().getJsonArray("fires"), f -> f != null && !f.isEmpty())
        .getJsonObject(0).getString("id");
    Await.until("the programme playing in the village", FaultFixtures.WAIT,
        () -> counts(viaFollower, fireId).getLong("playing") == village.size());

    // WHEN an alert preempts it there
    ApiClient.Reply alert = viaFollower.post("/api/v1/alerts", new JsonObject().put("title", "大风蓝色预警")
        .put("text", "请村民收好晾晒的衣物，关好门窗。").put("level", "blue").put("repeat", 3)
        .put("targets", new JsonObject().put("villages", new JsonArray().add(villageId))));
    assertEquals(201, alert.status(), alert.toString());
    Await.until("the preemption decided on every endpoint", FaultFixtures.WAIT, () -> preemptions(viaFollower, fireId) == village.size());
    // AND the leader is killed while the alert is still on the air
    assertTrue(fleet.endpoints().stream().allMatch(e -> e.playing() != null && !e.playing().equals(fireId)),
        "the alert is still playing everywhere");
    assertEquals(0, resumesReceived(fleet, fireId), "nothing resumed while the alert plays");
    long killedAt = System.currentTimeMillis();
    hubs.leader.kill();
    Await.until("the follower leads", Duration.ofSeconds(30), () -> TwoHubs.health(hubs.follower).getBoolean("leader"));

    // THEN once the alert has ended, every endpoint gets the rest of the programme exactly once, from the new leader
    Await.until("the resumed programme played everywhere", FaultFixtures.WAIT,
        () -> counts(viaFollower, fireId).getLong("played") == village.size());
    for (SimEndpoint endpoint : fleet.endpoints()) {
      List<JsonObject> resumes = endpoint.receivedCommands().stream().filter(c -> c.getString("id", "").startsWith(fireId + ".p"))
          .toList();
      assertEquals(1, resumes.size(), endpoint.id() + " got " + resumes);
      JsonObject resume = resumes.get(0);
      assertEquals(fireId + ".p1", resume.getString("id"));
      assertTrue(resume.getLong("ts") >= killedAt, "sent after the old leader was killed: " + resume.encode());
      assertTrue(resume.getLong("offsetMs") > 0, "resumed where it stopped: " + resume.encode());
    }
  }

  private static JsonObject counts(ApiClient api, String fireId) {
    return api.get("/api/v1/fires/" + fireId).body().getJsonObject("counts");
  }

  private static long preemptions(ApiClient api, String fireId) {
    return api.get("/api/v1/fires/" + fireId).body().getJsonArray("villages").stream()
        .flatMap(v -> ((JsonObject) v).getJsonArray("endpoints").stream())
        .filter(e -> "resumed".equals(((JsonObject) e).getString("preemption"))).count();
  }

  private static long resumesReceived(SimulatedFleet fleet, String fireId) {
    return fleet.endpoints().stream().flatMap(e -> e.receivedCommands().stream())
        .filter(c -> c.getString("id", "").startsWith(fireId + ".p")).count();
  }
}
