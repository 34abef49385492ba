package org.dalaba.hub.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules on time. Keeps an agenda of each active schedule's next prefetch and fire, arms one
 * Vert.x timer for the earliest, handles what is due when it rings, plans each schedule's next fire and
 * re-arms: no polling. Only the leader acts, and every fire and prefetch is claimed in Redis with
 * {@code SET NX} first, so it can never happen twice, whichever instance gets there. On start, fires
 * missed while the hub was down are played if still inside the grace window, otherwise recorded as
 * missed ({@link MissedFires}). Runs on the hub's context.
 */
public final class RoutineScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(RoutineScheduler.class);
  /** The timer never sleeps longer than this, so a changed wall clock is noticed within the hour. */
  private static final long MAX_TIMER_MS = 3_600_000;
  private static final long GUARD_TTL_MS = Duration.ofDays(8).toMillis();
  private static final int MAX_MISSED_RECORDED = org.dalaba.hub.config.Limits.MISSED_FIRES_RECORDED;

  enum Kind { PREFETCH, FIRE }

  record Event(long at, Kind kind, String scheduleId, long fireAt, int priority) {
  }

  private static final Comparator<Event> ORDER = Comparator.comparingLong(Event::at)
      .thenComparing(Event::kind).thenComparing(Comparator.comparingInt(Event::priority).reversed());

  private final Vertx vertx;
  private final Clock clock;
  private final Leadership leadership;
  private final RedisStore redis;
  private final ProgrammeStore store;
  private final RoutineService routine;
  private final long prefetchLeadMs;
  private final Duration grace;
  private final Map<String, Schedule> active = new HashMap<>();
  private final PriorityQueue<Event> agenda = new PriorityQueue<>(ORDER);
  private long timer = -1;
  private boolean stopped;
  private java.util.function.Consumer<String> onScheduleChanged = id -> { };
  private io.vertx.core.eventbus.MessageConsumer<io.vertx.core.json.JsonObject> sharedChanges;

  public RoutineScheduler(Vertx vertx, Clock clock, Leadership leadership, RedisStore redis, ProgrammeStore store,
                          RoutineService routine, Duration prefetchLead, Duration grace) {
    this.vertx = vertx;
    this.clock = clock;
    this.leadership = leadership;
    this.redis = redis;
    this.store = store;
    this.routine = routine;
    this.prefetchLeadMs = prefetchLead.toMillis();
    this.grace = grace;
  }

  /** Loads every schedule, settles the fires missed while the hub was down, and plans the next ones. */
  public Future<Void> start() {
    return store.schedules().compose(schedules -> {
      Future<Void> chain = Future.succeededFuture();
      for (Schedule schedule : schedules) {
        if (!schedule.paused()) {
          chain = chain.compose(v -> catchUp(schedule));
        }
      }
      return chain;
    }).onSuccess(v -> arm());
  }

  /**
   * Told the id of every schedule changed through this instance, so other hub instances can re-plan
   * it ({@link #replan}); only the leader fires, and it may not be the instance the operator used.
   */
  public void onScheduleChanged(java.util.function.Consumer<String> listener) {
    this.onScheduleChanged = listener;
  }

  /**
   * A schedule changed through any instance is re-planned on every instance (only the leader fires): changes made
   * here are published through {@code events}, and those published anywhere are re-planned here.
   */
  public RoutineScheduler shareChangesThrough(org.dalaba.hub.events.Events events) {
    onScheduleChanged(id -> events.publishShared("schedule", new io.vertx.core.json.JsonObject().put("scheduleId", id)));
    sharedChanges = vertx.eventBus().<io.vertx.core.json.JsonObject>localConsumer(org.dalaba.hub.events.Events.ADDRESS, message -> {
      if ("schedule".equals(message.body().getString("type"))) {
        replan(message.body().getString("scheduleId"));
      }
    });
    return this;
  }

  /** The new leader plans every schedule again from Redis (it may have missed changes while it followed). */
  public void onLeadership(boolean leader) {
    if (leader) {
      reload().onFailure(e -> org.slf4j.LoggerFactory.getLogger(RoutineScheduler.class)
          .error("Reloading schedules as the new leader failed: {}", e.toString()));
    }
  }

  /** Plans everything again from Redis, settling missed fires: when this instance becomes leader. */
  public Future<Void> reload() {
    agenda.clear();
    active.clear();
    return start();
  }

  /** Re-reads one schedule from Redis and plans it from now (it was changed on another instance). */
  public Future<Void> replan(String scheduleId) {
    return store.schedule(scheduleId).map(schedule -> {
      forget(scheduleId);
      if (schedule != null && !schedule.paused()) {
        plan(schedule, clock.instant());
      }
      arm();
      return null;
    });
  }

  public Future<Void> stop() {
    stopped = true;
    Future<Void> unsubscribed = sharedChanges == null ? Future.succeededFuture() : sharedChanges.unregister();
    sharedChanges = null;
    vertx.cancelTimer(timer);
    agenda.clear();
    return unsubscribed;
  }

  /** A schedule was created or changed (including paused or resumed): re-plan it from now. */
  public Future<Void> scheduleChanged(Schedule schedule) {
    onScheduleChanged.accept(schedule.id());
    forget(schedule.id());
    if (schedule.paused()) {
      arm();
      return Future.succeededFuture();
    }
    // What passed while it was paused or before it changed is not owed: count from now.
    long now = clock.millis();
    return store.setLastFire(schedule.id(), now).map(v -> {
      plan(schedule, Instant.ofEpochMilli(now));
      arm();
      return null;
    });
  }

  public void scheduleDeleted(String scheduleId) {
    onScheduleChanged.accept(scheduleId);
    forget(scheduleId);
    arm();
  }

  /** The next fire planned for a schedule, if any (for the API and tests). */
  public Optional<Instant> plannedFire(String scheduleId) {
    return agenda.stream().filter(e -> e.scheduleId().equals(scheduleId) && e.kind() == Kind.FIRE).findFirst()
        .map(e -> Instant.ofEpochMilli(e.fireAt()));
  }

  private Future<Void> catchUp(Schedule schedule) {
    Instant now = clock.instant();
    return store.lastFire(schedule.id()).compose(last -> {
      Instant since = Instant.ofEpochMilli(last > 0 ? last : schedule.updatedAt() > 0 ? schedule.updatedAt() : schedule.createdAt());
      List<Instant> due = FireTimes.between(schedule, since, now, 10_000);
      MissedFires decision = MissedFires.decide(due, now, grace);
      List<Instant> missed = decision.missed();
      if (!missed.isEmpty()) {
        LOG.warn("Schedule {} ({}) missed {} fire(s) while the hub was down, the last at {}; recorded as missed", schedule.id(),
            schedule.name(), missed.size(), missed.get(missed.size() - 1));
      }
      List<Future<Void>> records = new ArrayList<>();
      for (Instant at : missed.subList(Math.max(0, missed.size() - MAX_MISSED_RECORDED), missed.size())) {
        records.add(claim(Keys.fireGuard(schedule.id(), at.toEpochMilli()))
            .compose(mine -> mine ? routine.recordMissed(schedule, at.toEpochMilli()) : Future.succeededFuture()));
      }
      return Future.all(records).compose(v -> due.isEmpty() ? Future.succeededFuture()
          : store.setLastFire(schedule.id(), due.get(due.size() - 1).toEpochMilli())).map(v -> {
            active.put(schedule.id(), schedule);
            decision.playNow().ifPresent(at -> agenda.add(new Event(now.toEpochMilli(), Kind.FIRE, schedule.id(), at.toEpochMilli(),
                schedule.priority())));
            plan(schedule, now);
            return null;
          });
    });
  }

  private void plan(Schedule schedule, Instant after) {
    active.put(schedule.id(), schedule);
    FireTimes.nextAfter(schedule, after).ifPresent(next -> {
      long fireAt = next.toEpochMilli();
      agenda.add(new Event(Math.max(clock.millis(), fireAt - prefetchLeadMs), Kind.PREFETCH, schedule.id(), fireAt, schedule.priority()));
      agenda.add(new Event(fireAt, Kind.FIRE, schedule.id(), fireAt, schedule.priority()));
    });
  }

  private void forget(String scheduleId) {
    active.remove(scheduleId);
    agenda.removeIf(e -> e.scheduleId().equals(scheduleId));
  }

  private void arm() {
    vertx.cancelTimer(timer);
    timer = -1;
    Event first = agenda.peek();
    if (first == null || stopped) {
      return;
    }
    long delay = Math.min(MAX_TIMER_MS, Math.max(1, first.at() - clock.millis()));
    timer = vertx.setTimer(delay, t -> tick());
  }

  private void tick() {
    timer = -1;
    long now = clock.millis();
    List<Event> due = new ArrayList<>();
    while (!agenda.isEmpty() && agenda.peek().at() <= now) {
      due.add(agenda.poll());
    }
    // One after the other, in agenda order: of two fires due together, the higher priority is sent first.
    Future<Void> chain = Future.succeededFuture();
    for (Event event : due) {
      Schedule schedule = active.get(event.scheduleId());
      if (schedule == null) {
        continue;
      }
      if (event.kind() == Kind.PREFETCH) {
        chain = chain.compose(v -> prefetch(schedule, event.fireAt()));
      } else {
        chain = chain.compose(v -> fire(schedule, event.fireAt(), now));
        plan(schedule, Instant.ofEpochMilli(Math.max(event.fireAt(), now)));
      }
    }
    arm();
  }

  private Future<Void> prefetch(Schedule schedule, long fireAt) {
    if (!leadership.isLeader()) {
      return Future.succeededFuture();
    }
    return claim(Keys.prefetchGuard(schedule.id(), fireAt))
        .compose(mine -> mine ? store.programme(schedule.programmeId()) : Future.succeededFuture(null))
        .compose(programme -> programme == null ? Future.succeededFuture() : routine.prefetch(schedule, programme, fireAt))
        .<Void>mapEmpty().recover(e -> {
          LOG.error("Prefetch for schedule {} at {} failed: {}", schedule.id(), fireAt, e.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Void> fire(Schedule schedule, long fireAt, long now) {
    if (!leadership.isLeader()) {
      return Future.succeededFuture();
    }
    boolean late = now - fireAt > grace.toMillis();
    return claim(Keys.fireGuard(schedule.id(), fireAt)).compose(mine -> {
      if (!mine) {
        return Future.succeededFuture();
      }
      Future<Void> done = late ? routine.recordMissed(schedule, fireAt)
          : store.programme(schedule.programmeId()).compose(programme -> programme == null
              ? Future.failedFuture("programme " + schedule.programmeId() + " no longer exists")
              : routine.play(schedule, programme, fireAt).mapEmpty());
      return done.compose(v -> store.setLastFire(schedule.id(), fireAt));
    }).recover(e -> {
      LOG.error("Firing schedule {} at {} failed: {}", schedule.id(), fireAt, e.toString());
      return Future.succeededFuture();
    });
  }

  /** SET NX: true if this instance is the one that does the work named by the key. */
  private Future<Boolean> claim(String key) {
    return redis.send(Command.SET, key, "1", "NX", "PX", GUARD_TTL_MS).map(r -> r != null && "OK".equals(r.toString()));
  }
}
