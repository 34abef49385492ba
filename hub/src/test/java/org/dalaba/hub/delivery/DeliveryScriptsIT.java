package org.dalaba.hub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.OnContext;
import org.dalaba.hub.testing.PersistentRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery records' Lua scripts on a real redis-server of the test's own: records only move forward with the
 * counts in step, ranks come from Java, closing, and what follows a preemption decided once and sent once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryScriptsIT {
  private static final String E1 = "211282105001-01";
  private static final String E2 = "211282105001-02";
  private static final String E3 = "211282105002-01";

  @TempDir
  static Path dir;
  private ExternalProcess server;
  private Vertx vertx;
  private RedisStore redis;
  private DeliveryStore plays;
  private int n;
  private String id;

  @BeforeAll
  void startRedis() throws Exception {
    int port = EmbeddedRedis.freePort();
    server = PersistentRedis.start(dir, port);
    vertx = Vertx.vertx();
    redis = new RedisStore(vertx, "redis://127.0.0.1:" + port);
    plays = new DeliveryStore(redis, "play", DeliveryState.PLAYBACK);
  }

  @AfterAll
  void stopRedis() {
    redis.close();
    vertx.close();
    server.close();
  }

  @BeforeEach
  void newCommand() throws Exception {
    id = "r-20261125-0630-test" + (++n);
    await(redis.transaction(plays.createWrites(id, List.of(E1, E2, E3))));
  }

  private DeliveryStore.Transition to(String endpoint, DeliveryState state, long at) {
    return new DeliveryStore.Transition(id, endpoint, state, at, state == DeliveryState.FAILED ? "MEDIA_UNAVAILABLE" : null, at - 5);
  }

  @Test
  void recordsMoveOnlyForwardAndTheCountsStayInStep() throws Exception {
    // WHEN receipts arrive out of order, repeated, and for an endpoint that has no record
    List<DeliveryStore.Applied> first = await(plays.apply(List.of(to(E1, DeliveryState.PLAYING, 1000), to(E1, DeliveryState.RECEIVED, 1001),
        to(E2, DeliveryState.PLAYED, 1002), to(E2, DeliveryState.FAILED, 1003), to("211282199999-01", DeliveryState.RECEIVED, 1004))));
    List<DeliveryStore.Applied> again = await(plays.apply(List.of(to(E1, DeliveryState.PLAYING, 2000))));

    // THEN a record moves up once and never back, a final one never changes, and the unknown one is said so
    assertEquals(DeliveryStore.Applied.Outcome.MOVED, first.get(0).outcome());
    assertEquals(DeliveryState.PENDING, first.get(0).previous());
    assertEquals(new DeliveryStore.Applied(DeliveryStore.Applied.Outcome.UNCHANGED, DeliveryState.PLAYING), first.get(1));
    assertEquals(DeliveryStore.Applied.Outcome.MOVED, first.get(2).outcome());
    assertEquals(new DeliveryStore.Applied(DeliveryStore.Applied.Outcome.UNCHANGED, DeliveryState.PLAYED), first.get(3));
    assertEquals(DeliveryStore.Applied.UNKNOWN, first.get(4));
    assertEquals(DeliveryStore.Applied.Outcome.UNCHANGED, again.get(0).outcome(), "a retried batch changes nothing");
    Map<String, DeliveryRecord> records = await(plays.records(id));
    assertEquals(DeliveryState.PLAYING, records.get(E1).state());
    assertEquals(1000, records.get(E1).startedAt());
    assertEquals(995, records.get(E1).deviceStartedAt());
    assertEquals(1000, records.get(E1).receivedAt(), "a record that skipped received notes it at its start");
    assertEquals(DeliveryState.PLAYED, records.get(E2).state());
    Map<String, Long> counts = await(plays.counts(id));
    assertEquals(Map.of("targets", 3L, "pending", 1L, "received", 0L, "playing", 1L, "played", 1L, "failed", 0L, "expired", 0L,
        "cancelled", 0L), counts);
  }

  @Test
  void theRanksAreTheOnesJavaPasses() throws Exception {
    // GIVEN the ranks as Java writes them, and a script call that passes ranks where PENDING outranks PLAYING
    assertEquals(DeliveryState.values().length, new JsonObject(DeliveryState.RANKS_JSON).size());
    JsonObject inverted = new JsonObject(DeliveryState.RANKS_JSON).put("pending", 2).put("playing", 0);
    // WHEN a receipt is applied with those ranks
    String result = await(redis.runScript("apply-receipts", List.of(Keys.deliveries("play", id), Keys.counts("play", id)),
        List.of(inverted.encode(), E1, "playing", "1000", "", "995"))).get(0).toString();
    // THEN the script follows them (it keeps no ranks of its own)
    assertEquals("same:pending", result);
  }

  @Test
  void closingEndsOnlyTheStatesNamedAndKeepsTheCounts() throws Exception {
    await(plays.apply(List.of(to(E1, DeliveryState.RECEIVED, 1000), to(E2, DeliveryState.PLAYED, 1000))));
    List<String> changed = await(plays.close(id, List.of(DeliveryState.PENDING), DeliveryState.EXPIRED, "EXPIRED", 5000));
    assertEquals(List.of(E3), changed);
    List<String> rest = await(plays.close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
        DeliveryState.EXPIRED, "NO_FINAL_RECEIPT", 6000));
    assertEquals(List.of(E1), rest);
    Map<String, Long> counts = await(plays.counts(id));
    assertEquals(2L, counts.get("expired"));
    assertEquals(1L, counts.get("played"));
    assertEquals(0L, counts.get("pending") + counts.get("received") + counts.get("playing"));
    assertEquals("NO_FINAL_RECEIPT", await(plays.records(id)).get(E1).reason());
  }

  @Test
  void aPreemptionIsDecidedOncePerSegmentAndResumesWhereItStopped() throws Exception {
    // GIVEN E1 started the programme (device clock 10,000) and was preempted 4 s later
    await(plays.apply(List.of(new DeliveryStore.Transition(id, E1, DeliveryState.PLAYING, 1000, null, 10_000))));
    DeliveryStore.Preemption first = await(plays.preempt(id, E1, 0, 14_000, true, 60_000, "resumed", 2000));
    // WHEN the same receipt is applied again (a retried batch, a repeated receipt)
    DeliveryStore.Preemption repeated = await(plays.preempt(id, E1, 0, 14_000, true, 60_000, "resumed", 2500));

    // THEN one resume is planned, segment 1 from 4,000 ms; the repeat plans nothing
    assertEquals(new DeliveryStore.Preemption(true, 1, 4000, 4000), first);
    assertFalse(repeated.planned());
    assertEquals(List.of(new DeliveryStore.PlannedResume(E1, 1, 4000)), await(plays.plannedResumes(id)));
    assertEquals("resumed", await(plays.records(id)).get(E1).preemption());

    // AND WHEN segment 1 starts (device 20,000) and is preempted again 3 s in, the next one starts at 7,000 ms
    await(plays.apply(List.of(new DeliveryStore.Transition(id, E1, DeliveryState.PLAYING, 3000, null, 20_000))));
    DeliveryStore.Preemption second = await(plays.preempt(id, E1, 1, 23_000, true, 60_000, "resumed", 4000));
    assertEquals(new DeliveryStore.Preemption(true, 2, 7000, 7000), second);
    // and a late copy of the first preemption changes nothing
    assertFalse(await(plays.preempt(id, E1, 0, 14_000, true, 60_000, "resumed", 4500)).planned());
  }

  @Test
  void aRestartStartsFromTheTopAndAFinalRecordHasNothingToFollow() throws Exception {
    await(plays.apply(List.of(new DeliveryStore.Transition(id, E1, DeliveryState.PLAYING, 1000, null, 10_000),
        new DeliveryStore.Transition(id, E2, DeliveryState.PLAYED, 1000, null, 10_000))));
    assertEquals(new DeliveryStore.Preemption(true, 1, 0, 5000), await(plays.preempt(id, E1, 0, 15_000, false, 60_000, "restarted", 2000)));
    assertFalse(await(plays.preempt(id, E2, 0, 15_000, false, 60_000, "restarted", 2000)).planned());
    assertFalse(await(plays.preempt(id, "211282199999-01", 0, 15_000, false, 60_000, "restarted", 2000)).planned());
    assertNull(await(plays.records(id)).get(E2).preemption());
  }

  @Test
  void aPlannedResumeIsClaimedByExactlyOneSender() throws Exception {
    await(plays.apply(List.of(new DeliveryStore.Transition(id, E1, DeliveryState.PLAYING, 1000, null, 10_000))));
    await(plays.preempt(id, E1, 0, 14_000, true, 60_000, "resumed", 2000));
    // WHEN two leaders (a hand-over overlap) both try to send it, and one asks for a segment already superseded
    boolean first = await(plays.takeResume(id, E1, 1, 3000));
    boolean second = await(plays.takeResume(id, E1, 1, 3001));
    boolean stale = await(plays.takeResume(id, E1, 0, 3002));
    // THEN exactly one gets it, and it is no longer planned
    assertTrue(first);
    assertFalse(second);
    assertFalse(stale);
    assertEquals(List.of(), await(plays.plannedResumes(id)));
  }

  @Test
  void scriptsAreLoadedAgainAfterRedisForgotThem() throws Exception {
    await(redis.send(Command.SCRIPT, "FLUSH"));
    List<DeliveryStore.Applied> applied = await(plays.apply(List.of(to(E1, DeliveryState.RECEIVED, 1000))));
    assertEquals(DeliveryStore.Applied.Outcome.MOVED, applied.get(0).outcome());
  }

  static <T> T await(Future<T> future) throws Exception {
    return OnContext.await(future);
  }
}
