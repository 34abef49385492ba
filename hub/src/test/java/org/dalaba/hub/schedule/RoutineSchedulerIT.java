package org.dalaba.hub.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against a real Redis with a controlled clock: a restart inside and outside the grace
 * window, two hub instances firing the same schedule (only one does), and pause/resume. The command bus
 * records what would have been published (the broker is covered by the end-to-end test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutineSchedulerIT {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path dataDir;
  EmbeddedRedis embeddedRedis;
  Vertx vertx;
  RedisStore redis;
  Directory directory;
  Context context;
  final List<RoutineScheduler> started = new ArrayList<>();
  final List<RoutineService> services = new ArrayList<>();

  /** Every publish a hub instance made: topic → command. */
  static final class RecordingBus implements CommandBus {
    final List<JsonObject> published = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<Void> publish(String topic, JsonObject command, long expiresAtMillis) {
      published.add(command.copy().put("topic", topic));
      return Future.succeededFuture();
    }

    long plays() {
      synchronized (published) {
        return published.stream().filter(c -> "play".equals(c.getString("type"))).count();
      }
    }
  }

  @BeforeAll
  void startRedis() throws Exception {
    embeddedRedis = new EmbeddedRedis(dataDir, EmbeddedRedis.freePort(), "");
    embeddedRedis.start();
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext(); // the hub's one context: the scheduler is touched only there
    redis = new RedisStore(vertx, embeddedRedis.url());
    await(redis.loadScripts());
    try (InputStream in = DirectoryParser.class.getResourceAsStream(DirectoryParser.SAMPLE_RESOURCE)) {
      directory = DirectoryParser.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @BeforeEach
  void emptyRedis() throws Exception {
    // each test sees only its own schedule (FLUSHALL is among the commands the embedded Redis refuses)
    String cursor = "0";
    do {
      io.vertx.redis.client.Response page = await(redis.send(io.vertx.redis.client.Command.SCAN, cursor, "COUNT", 1000));
      cursor = page.get(0).toString();
      for (io.vertx.redis.client.Response key : page.get(1)) {
        await(redis.send(io.vertx.redis.client.Command.DEL, key.toString()));
      }
    } while (!cursor.equals("0"));
  }

  @AfterEach
  void stopSchedulers() throws Exception {
    for (RoutineScheduler scheduler : started) {
      onContext(() -> {
        scheduler.stop();
        return Future.succeededFuture();
      });
    }
    for (RoutineService service : services) {
      onContext(() -> {
        service.stop();
        return Future.succeededFuture();
      });
    }
    started.clear();
    services.clear();
  }

  @AfterAll
  void stopRedis() throws Exception {
    redis.close();
    await(vertx.close());
    embeddedRedis.close();
  }

  @Test
  void afterARestartAFireInsideTheGraceWindowIsPlayedOnce() throws Exception {
    // GIVEN a daily 18:00 schedule created at 17:00, and a hub that was down until 18:03 (5 minutes' grace)
    Schedule schedule = dailyAt("sc-inside", "17:00", LocalTime.of(18, 0));
    RecordingBus bus = new RecordingBus();
    // WHEN the hub starts
    start(clockAt("18:03"), bus, schedule);
    // THEN the 18:00 programme is played now, once, and recorded as fired
    Await.until("the 18:00 play", WAIT, () -> bus.plays() == 1);
    Fire fire = fireAt(schedule, "18:00");
    assertEquals(Fire.FIRED, fire.state());
    assertEquals(113, fire.endpointCount());
    assertEquals(List.of("dalaba/v1/cmd/all"), fire.topics());
  }

  @Test
  void afterARestartAFireOutsideTheGraceWindowIsRecordedAsMissedAndNotPlayed() throws Exception {
    // GIVEN the same schedule and a hub that was down until 18:06
    Schedule schedule = dailyAt("sc-outside", "17:00", LocalTime.of(18, 0));
    RecordingBus bus = new RecordingBus();
    // WHEN the hub starts
    RoutineScheduler scheduler = start(clockAt("18:06"), bus, schedule);
    // THEN 18:00 is recorded as missed, nothing is played, and the next fire is tomorrow's
    Await.until("the missed fire", WAIT, () -> fireAtOrNull(schedule, "18:00") != null);
    assertEquals(Fire.MISSED, fireAt(schedule, "18:00").state());
    assertEquals(0, bus.plays());
    assertEquals(FireTimesTest.local("2026-11-26T18:00"), onContext(() -> Future.succeededFuture(scheduler.plannedFire(schedule.id()))).orElseThrow());
  }

  @Test
  void twoHubInstancesFireTheSameScheduleOnlyOnce() throws Exception {
    // GIVEN two hub instances on one Redis, both starting inside the grace window
    Schedule schedule = dailyAt("sc-twice", "17:00", LocalTime.of(18, 0));
    RecordingBus first = new RecordingBus();
    RecordingBus second = new RecordingBus();
    start(clockAt("18:02"), first, schedule);
    start(clockAt("18:02"), second, schedule);
    // THEN exactly one of them played it (SET NX on the fire)
    Await.until("one play", WAIT, () -> first.plays() + second.plays() >= 1);
    Await.until("the fire recorded", WAIT, () -> fireAtOrNull(schedule, "18:00") != null);
    assertEquals(1, first.plays() + second.plays());
  }

  @Test
  void ofTwoFiresDueTogetherTheHigherPriorityIsSentFirst() throws Exception {
    // GIVEN two schedules at 18:00 on the same villages, priorities 10 and 50, and a hub starting at 18:01
    Schedule low = dailyAt("sc-low", "17:00", LocalTime.of(18, 0));
    Schedule high = withPriority(dailyAt("sc-high", "17:00", LocalTime.of(18, 0)), 50);
    await(new ProgrammeStore(redis).save(high));
    RecordingBus bus = new RecordingBus();
    // WHEN both fire
    start(clockAt("18:01"), bus, low);
    Await.until("both plays", WAIT, () -> bus.plays() == 2);
    // THEN the priority-50 programme went out first
    assertEquals(50, bus.published.get(0).getInteger("priority"));
    assertEquals(10, bus.published.get(1).getInteger("priority"));
  }

  @Test
  void aPausedScheduleHasNoNextFireAndResumesFromNow() throws Exception {
    // GIVEN a schedule at 18:00 and 20:00, the clock at 19:00
    Schedule schedule = dailyAt("sc-pause", "17:00", LocalTime.of(18, 0), LocalTime.of(20, 0));
    await(redisSet(schedule.id(), FireTimesTest.local("2026-11-25T18:00").toEpochMilli()));
    RoutineScheduler scheduler = start(clockAt("19:00"), new RecordingBus(), schedule);
    assertEquals(FireTimesTest.local("2026-11-25T20:00"), planned(scheduler, schedule));
    // WHEN it is paused
    onContext(() -> scheduler.scheduleChanged(schedule.withPaused(true, 0)));
    // THEN nothing is planned; and once resumed, the next fire after now is
    assertTrue(onContext(() -> Future.succeededFuture(scheduler.plannedFire(schedule.id()))).isEmpty());
    onContext(() -> scheduler.scheduleChanged(schedule.withPaused(false, 0)));
    assertEquals(FireTimesTest.local("2026-11-25T20:00"), planned(scheduler, schedule));
  }

  // ---- fixtures ----

  Schedule dailyAt(String id, String createdAtLocal, LocalTime... times) throws Exception {
    Programme programme = new Programme("pg-" + id, "节目", List.of(new ProgrammeItem("早上好", null, 0, 3000)), 0, "admin");
    await(new ProgrammeStore(redis).save(programme));
    long created = FireTimesTest.local("2026-11-25T" + createdAtLocal).toEpochMilli();
    Schedule schedule = new Schedule(id, "测试", programme.id(), Targets.everyone(), new Recurrence.Daily(List.of(times)), null,
        null, Set.of(), FireTimesTest.SHANGHAI, 10, PreemptPolicy.RESUME, false, created, "admin", created);
    await(new ProgrammeStore(redis).save(schedule));
    return schedule;
  }

  static Schedule withPriority(Schedule s, int priority) {
    return new Schedule(s.id(), s.name(), s.programmeId(), s.targets(), s.recurrence(), s.startDate(), s.endDate(), s.skipDates(),
        s.zone(), priority, s.onPreempt(), s.paused(), s.createdAt(), s.createdBy(), s.updatedAt());
  }

  static Clock clockAt(String localTime) {
    return FireTimesTest.clockAt("2026-11-25T" + localTime);
  }

  RoutineScheduler start(Clock clock, RecordingBus bus, Schedule schedule) throws Exception {
    Supplier<Directory> dir = () -> directory;
    RoutineService routine = new RoutineService(vertx, clock, redis, bus, dir, new Events(vertx), () -> "http://hub.example:8080",
        300_000, endpoint -> false, 5_000, 60_000, engine(clock, bus));
    RoutineScheduler scheduler = new RoutineScheduler(vertx, clock, () -> true, redis, new ProgrammeStore(redis), routine,
        Duration.ofSeconds(600), Duration.ofMinutes(5));
    started.add(scheduler);
    services.add(routine);
    onContext(scheduler::start);
    return scheduler;
  }

  /** A delivery engine of a leading hub, not started (the test drives the scheduler only). */
  org.dalaba.hub.delivery.DeliveryEngine engine(Clock clock, RecordingBus bus) {
    return new org.dalaba.hub.delivery.DeliveryEngine(vertx, clock, () -> true, new Events(vertx),
        new org.dalaba.hub.delivery.Dispatcher(bus), endpoint -> true);
  }

  Instant planned(RoutineScheduler scheduler, Schedule schedule) throws Exception {
    return onContext(() -> Future.succeededFuture(scheduler.plannedFire(schedule.id()))).orElseThrow();
  }

  Fire fireAt(Schedule schedule, String localTime) throws Exception {
    Fire fire = fireAtOrNull(schedule, localTime);
    if (fire == null) {
      throw new AssertionError("no fire of " + schedule.id() + " at " + localTime);
    }
    return fire;
  }

  Fire fireAtOrNull(Schedule schedule, String localTime) {
    long at = FireTimesTest.local("2026-11-25T" + localTime).toEpochMilli();
    try {
      return await(new RoutineService(vertx, Clock.systemUTC(), redis, new RecordingBus(), () -> directory, new Events(vertx),
          () -> "", 0, e -> false, 5_000, 60_000, engine(Clock.systemUTC(), new RecordingBus())).fire(FireIds.of(schedule.id(), at, schedule.zone())));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Future<Void> redisSet(String scheduleId, long at) {
    return new ProgrammeStore(redis).setLastFire(scheduleId, at);
  }

  <T> T onContext(Supplier<Future<T>> action) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(done));
    return await(done.future());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
