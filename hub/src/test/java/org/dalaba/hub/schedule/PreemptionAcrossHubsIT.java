package org.dalaba.hub.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.Dispatcher;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.OnContext;
import org.dalaba.hub.testing.PersistentRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What follows a preemption, with two hubs on one real Redis: the follower applies the PREEMPTED receipt with
 * the schedule's policy (it used to skip it), a retried batch plans nothing more, and the resume is sent once,
 * by whichever hub leads when the alert has ended there, also after a hand-over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreemptionAcrossHubsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  static Path dir;
  private ExternalProcess server;
  private Vertx vertx;
  private Context context;
  private RedisStore redis;
  private Directory directory;
  private Hub a;
  private Hub b;
  private int n;

  /** One hub instance: its engine, its routine service, what it published, whether it leads. */
  final class Hub {
    final AtomicBoolean leads = new AtomicBoolean();
    final AtomicBoolean alertOnTheAir = new AtomicBoolean(true);
    final RoutineSchedulerIT.RecordingBus bus = new RoutineSchedulerIT.RecordingBus();
    final Events events = new Events(vertx);
    final DeliveryEngine engine = new DeliveryEngine(vertx, Clock.systemUTC(), leads::get, events, new Dispatcher(bus), e -> true);
    final RoutineService routine = new RoutineService(vertx, Clock.systemUTC(), redis, bus, () -> directory, events, () -> "http://hub",
        300_000, e -> alertOnTheAir.get(), 5_000, 60_000, engine);

    List<String> resumes() {
      synchronized (bus.published) {
        return bus.published.stream().map(c -> c.getString("id")).filter(id -> id.contains(".p")).toList();
      }
    }
  }

  @BeforeAll
  void start() throws Exception {
    int port = EmbeddedRedis.freePort();
    server = PersistentRedis.start(dir, port);
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    redis = new RedisStore(vertx, "redis://127.0.0.1:" + port);
    try (InputStream in = DirectoryParser.class.getResourceAsStream(DirectoryParser.SAMPLE_RESOURCE)) {
      directory = DirectoryParser.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterEach
  void stopHubs() throws Exception {
    for (Hub hub : List.of(a, b)) {
      onContext(() -> {
        hub.engine.stop();
        hub.routine.stop();
        return Future.succeededFuture();
      });
    }
  }

  @AfterAll
  void stop() {
    redis.close();
    vertx.close();
    server.close();
  }

  /** Hub a leads, hub b follows; b's shared events reach a and a's reach b (as Redis pub/sub would). */
  private void twoHubs() throws Exception {
    a = new Hub();
    b = new Hub();
    a.events.shareThrough((type, body) -> {
      a.events.deliver(Events.stamped(type, body));
      b.events.deliver(Events.stamped(type, body));
    });
    b.events.shareThrough((type, body) -> {
      a.events.deliver(Events.stamped(type, body));
      b.events.deliver(Events.stamped(type, body));
    });
    a.leads.set(true);
    onContext(() -> {
      a.engine.start();
      b.engine.start();
      return Future.succeededFuture();
    });
  }

  /** A fire of a one-minute programme in one village, fired by the leader; its first endpoint started it. */
  private String firedAndStarted(String endpointId) throws Exception {
    String village = directory.endpoints().get(endpointId).villageId();
    Programme programme = new Programme("pg-pre-" + (++n), "节目", List.of(new ProgrammeItem("早上好", null, 0, 60_000)), 0, "admin");
    Schedule schedule = new Schedule("sc-pre-" + n, "测试", programme.id(), new Targets(false, List.of(), List.of(village)),
        new Recurrence.Daily(List.of(java.time.LocalTime.of(6, 30))), null, null, Set.of(), ZoneId.of("Asia/Shanghai"), 10,
        PreemptPolicy.RESUME, false, 0, "admin", 0);
    long fireAt = System.currentTimeMillis();
    Fire fire = onContext(() -> a.routine.play(schedule, programme, fireAt));
    onContext(() -> b.routine.applyPlayReceipts(List.of(receipt(endpointId, fire.id(), ReceiptState.STARTED, 100_000, null))));
    return fire.id();
  }

  private static Receipt receipt(String endpointId, String commandId, ReceiptState state, long ts, String reason) {
    return new Receipt(endpointId, commandId, state, ts, reason, null);
  }

  @Test
  void theFollowerAppliesThePolicyAndTheLeaderSendsTheResumeOnceAfterTheAlert() throws Exception {
    twoHubs();
    String endpoint = directory.endpoints().keySet().iterator().next();
    String fireId = firedAndStarted(endpoint);
    Receipt preempted = receipt(endpoint, fireId, ReceiptState.FAILED, 112_000, "PREEMPTED");

    // WHEN the follower applies the PREEMPTED receipt, and then the same batch again (a retry)
    onContext(() -> b.routine.applyPlayReceipts(List.of(preempted)));
    onContext(() -> b.routine.applyPlayReceipts(List.of(preempted)));

    // THEN the record stays open, noted resumed; nothing is sent while the alert is on the air
    Await.until("the preemption recorded", WAIT, () -> "resumed".equals(record(fireId, endpoint).getString("pre")));
    assertEquals("playing", record(fireId, endpoint).getString("s"));
    assertEquals(1, record(fireId, endpoint).getInteger("pn"), "one resume planned, not two");
    assertEquals(List.of(), a.resumes());
    // AND once the alert has ended there, the leader sends the rest, once, from where it stopped
    a.alertOnTheAir.set(false);
    onContext(() -> {
      a.routine.alertEndedOn(endpoint);
      return Future.succeededFuture();
    });
    Await.until("the resume sent", WAIT, () -> a.resumes().size() == 1);
    assertEquals(List.of(fireId + ".p1"), a.resumes());
    assertEquals(List.of(), b.resumes(), "the follower sends nothing");
    JsonObject resume = a.bus.published.stream().filter(c -> c.getString("id").equals(fireId + ".p1")).findFirst().orElseThrow();
    assertEquals(12_000, resume.getLong("offsetMs"));
  }

  @Test
  void aNewLeaderTakesOverAResumeStillWaitingAndSendsItOnce() throws Exception {
    twoHubs();
    String endpoint = directory.endpoints().keySet().iterator().next();
    String fireId = firedAndStarted(endpoint);
    // GIVEN a resume planned while the alert is on the air, waiting on the leader a
    onContext(() -> a.routine.applyPlayReceipts(List.of(receipt(endpoint, fireId, ReceiptState.FAILED, 105_000, "PREEMPTED"))));
    Await.until("the preemption recorded", WAIT, () -> "resumed".equals(record(fireId, endpoint).getString("pre")));

    // WHEN a stops leading (killed, say) and b takes over, and then the alert ends
    a.leads.set(false);
    onContext(() -> a.engine.onLeadership(false));
    b.leads.set(true);
    onContext(() -> b.engine.onLeadership(true));
    assertTrue(onContext(() -> Future.succeededFuture(b.engine.isTracked(fireId))), "the new leader tracks the fire");
    a.alertOnTheAir.set(false);
    b.alertOnTheAir.set(false);

    // THEN the new leader sends the resume on its next tick, exactly once; the old one never does
    Await.until("the resume sent by the new leader", WAIT, () -> b.resumes().size() == 1);
    assertEquals(List.of(fireId + ".p1"), b.resumes());
    assertEquals(List.of(), a.resumes());
    assertEquals(5_000, b.bus.published.stream().filter(c -> c.getString("id").equals(fireId + ".p1")).findFirst().orElseThrow()
        .getLong("offsetMs"));
  }

  @Test
  void aPrefetchRetryDecidedOnTheFollowerIsSentByTheLeaderAndAfterAHandOverByTheNext() throws Exception {
    twoHubs();
    String endpoint = directory.endpoints().keySet().iterator().next();
    String village = directory.endpoints().get(endpoint).villageId();
    Programme programme = new Programme("pg-pf-" + (++n), "节目", List.of(new ProgrammeItem(null, "ab".repeat(32), 1000, 3000)), 0,
        "admin");
    Schedule schedule = new Schedule("sc-pf-" + n, "测试", programme.id(), new Targets(false, List.of(), List.of(village)),
        new Recurrence.Daily(List.of(java.time.LocalTime.of(6, 30))), null, null, Set.of(), ZoneId.of("Asia/Shanghai"), 10,
        PreemptPolicy.RESUME, false, 0, "admin", 0);
    long fireAt = System.currentTimeMillis() + 600_000;
    onContext(() -> a.routine.prefetch(schedule, programme, fireAt));
    String prefetchId = a.bus.published.get(0).getString("id");

    // WHEN the follower applies a failed download, twice (a retried batch)
    Receipt failed = receipt(endpoint, prefetchId, ReceiptState.FAILED, 1, "MEDIA_UNAVAILABLE");
    onContext(() -> b.routine.applyPrefetchReceipts(List.of(failed)));
    onContext(() -> b.routine.applyPrefetchReceipts(List.of(failed)));
    // THEN the leader sends it again under a new id, once, after the back-off (5 s)
    Await.until("the first re-send", Duration.ofSeconds(15), () -> retries(a).size() == 1);
    assertEquals(List.of(prefetchId + ".r1"), retries(a));
    assertEquals(List.of(), retries(b));

    // AND WHEN that attempt fails too and the leader changes before the next one is due
    onContext(() -> b.routine.applyPrefetchReceipts(List.of(receipt(endpoint, prefetchId + ".r1", ReceiptState.FAILED, 2,
        "MEDIA_UNAVAILABLE"))));
    a.leads.set(false);
    onContext(() -> a.engine.onLeadership(false));
    b.leads.set(true);
    onContext(() -> b.engine.onLeadership(true));
    // THEN the new leader sends the second attempt (back-off 10 s); the old one sends nothing more
    Await.until("the second re-send, by the new leader", Duration.ofSeconds(20), () -> retries(b).size() == 1);
    assertEquals(List.of(prefetchId + ".r2"), retries(b));
    assertEquals(List.of(prefetchId + ".r1"), retries(a));
  }

  private static List<String> retries(Hub hub) {
    synchronized (hub.bus.published) {
      return hub.bus.published.stream().map(c -> c.getString("id")).filter(id -> id.contains(".r")).toList();
    }
  }

  private JsonObject record(String fireId, String endpointId) {
    try {
      return new JsonObject(await(redis.send(io.vertx.redis.client.Command.HGET,
          org.dalaba.hub.store.Keys.deliveries("play", fireId), endpointId)).toString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    return OnContext.run(context, action);
  }

  static <T> T await(Future<T> future) throws Exception {
    return OnContext.await(future);
  }
}
