package org.dalaba.hub.schedule;

import org.dalaba.hub.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.catchup.CatchUp;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends routine broadcasts and follows them: the prefetch ahead of a fire, the play command at the
 * fire, every endpoint's records (play and prefetch), and what happens after an alert preempted a
 * programme on an endpoint (resume, restart or drop, per schedule). Runs on the hub's context.
 */
public final class RoutineService implements CatchUp.Source {
  private static final Logger LOG = LoggerFactory.getLogger(RoutineService.class);

  /** Where one endpoint is in a fire's programme, for resuming after a preemption. */
  private static final class Segment {
    long offsetMs;
    long startedAtDevice;
    int resumes;
  }

  private static final class OpenFire {
    final Fire fire;
    final Set<String> unfinished = new HashSet<>();
    final Map<String, Segment> segments = new HashMap<>();
    long closeTimer = -1;

    OpenFire(Fire fire) {
      this.fire = fire;
    }
  }

  private final Vertx vertx;
  private final Clock clock;
  private final RedisStore redis;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final Events events;
  private final Supplier<String> publicUrl;
  private final long graceMs;
  private final Predicate<String> endpointHoldsAlert;
  private final DeliveryStore plays;
  private final DeliveryStore prefetches;
  private final Map<String, OpenFire> open = new HashMap<>();
  private final Map<String, List<JsonObject>> resumesAfterAlert = new HashMap<>();
  private final PrefetchRetries prefetchRetries;

  /** @param retryFirstMs, retryMaxMs back-off of re-sending a failed prefetch */
  public RoutineService(Vertx vertx, Clock clock, RedisStore redis, CommandBus bus, Supplier<Directory> directory, Events events,
                        Supplier<String> publicUrl, long graceMs, Predicate<String> endpointHoldsAlert, long retryFirstMs,
                        long retryMaxMs) {
    this.vertx = vertx;
    this.clock = clock;
    this.redis = redis;
    this.bus = bus;
    this.directory = directory;
    this.events = events;
    this.publicUrl = publicUrl;
    this.graceMs = graceMs;
    this.endpointHoldsAlert = endpointHoldsAlert;
    this.plays = new DeliveryStore(redis, "play", DeliveryState.PLAYBACK);
    this.prefetches = new DeliveryStore(redis, "prefetch", DeliveryState.PREFETCH);
    this.prefetchRetries = new PrefetchRetries(vertx, clock, bus, retryFirstMs, retryMaxMs);
  }

  public DeliveryStore plays() { return plays; }

  public DeliveryStore prefetches() { return prefetches; }

  /** Reloads the working set of fires whose records are still open. */
  public Future<Void> recover() {
    return redis.send(Command.SMEMBERS, Keys.FIRES_OPEN).compose(ids -> {
      List<Future<Void>> loads = new ArrayList<>();
      ids.forEach(id -> loads.add(fire(id.toString()).compose(fire -> fire == null ? Future.succeededFuture()
          : plays.records(fire.id()).map(records -> {
            OpenFire working = new OpenFire(fire);
            records.forEach((endpoint, record) -> {
              if (!record.state().isFinal()) {
                working.unfinished.add(endpoint);
              }
            });
            track(working);
            return null;
          }))));
      return Future.all(loads).mapEmpty();
    });
  }

  public void stop() {
    prefetchRetries.stop();
    open.values().forEach(o -> vertx.cancelTimer(o.closeTimer));
    open.clear();
  }

  public Future<Fire> fire(String id) {
    return redis.send(Command.GET, Keys.fire(id)).map(r -> r == null ? null : Fire.fromJson(new JsonObject(r.toString())));
  }

  /** Fire ids of a schedule, newest first. */
  public Future<List<String>> fireIds(String scheduleId, int limit) {
    return redis.send(Command.ZREVRANGE, Keys.scheduleFires(scheduleId), 0, limit - 1).map(r -> {
      List<String> ids = new ArrayList<>();
      r.forEach(i -> ids.add(i.toString()));
      return ids;
    });
  }

  /** Tells the target endpoints to fetch the programme's recordings (if it has any). */
  public Future<Void> prefetch(Schedule schedule, Programme programme, long fireAt) {
    List<ProgrammeItem> media = programme.mediaItems();
    if (media.isEmpty()) {
      return Future.succeededFuture();
    }
    Coverage coverage = Coverage.of(schedule.targets(), directory.get());
    String id = Fire.prefetchIdOf(FireIds.of(schedule.id(), fireAt, schedule.zone()));
    long now = clock.millis();
    JsonArray refs = new JsonArray();
    media.forEach(item -> refs.add(item.command(publicUrl.get()).getJsonObject("media")));
    long expiresAt = fireAt + programme.durationMs() + graceMs + 3_600_000; // kept past any resume
    JsonObject command = new JsonObject().put("v", 1).put("id", id).put("type", "prefetch").put("ts", now)
        .put("expiresAt", expiresAt).put("media", refs);
    List<Request> writes = new ArrayList<>(prefetches.createWrites(id, coverage.endpointIds()));
    writes.addAll(org.dalaba.hub.media.MediaAudience.grantWrites(command, coverage.topics()));
    return redis.transaction(writes).map(v -> {
      prefetchRetries.sent(command, fireAt);
      coverage.topics().forEach(topic -> bus.publish(topic, command, expiresAt)
          .onFailure(e -> LOG.warn("Publishing prefetch {} to {} failed: {}", id, topic, e.toString())));
      LOG.info("Prefetch {} for schedule {} sent to {} endpoint(s)", id, schedule.id(), coverage.endpointIds().size());
      return null;
    });
  }

  /** Stores the fire and its records, then sends the play command to the fewest topics. */
  public Future<Fire> play(Schedule schedule, Programme programme, long fireAt) {
    Coverage coverage = Coverage.of(schedule.targets(), directory.get());
    long now = clock.millis();
    String id = FireIds.of(schedule.id(), fireAt, schedule.zone());
    long expiresAt = fireAt + graceMs + programme.durationMs();
    JsonArray items = new JsonArray();
    programme.items().forEach(item -> items.add(item.command(publicUrl.get())));
    JsonObject command = new JsonObject().put("v", 1).put("id", id).put("type", "play").put("ts", now)
        .put("expiresAt", expiresAt).put("priority", schedule.priority()).put("items", items)
        .put("durationMs", programme.durationMs());
    Fire fire = new Fire(id, schedule.id(), schedule.name(), programme.id(), programme.name(), fireAt, Fire.FIRED, now,
        coverage.endpointIds().size(), coverage.topics(), schedule.priority(), schedule.onPreempt(), programme.durationMs(),
        expiresAt, command);
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.fire(id)).arg(fire.toJson().encode()));
    writes.addAll(plays.createWrites(id, coverage.endpointIds()));
    writes.add(Request.cmd(Command.ZADD).arg(Keys.scheduleFires(schedule.id())).arg(fireAt).arg(id));
    writes.add(Request.cmd(Command.SADD).arg(Keys.FIRES_OPEN).arg(id));
    writes.addAll(org.dalaba.hub.media.MediaAudience.grantWrites(command, coverage.topics()));
    return redis.transaction(writes).map(v -> {
      OpenFire working = new OpenFire(fire);
      working.unfinished.addAll(coverage.endpointIds());
      track(working);
      coverage.topics().forEach(topic -> bus.publish(topic, command, expiresAt)
          .onFailure(e -> LOG.warn("Publishing play {} to {} failed: {}", id, topic, e.toString())));
      LOG.info("Schedule {} fired {} ({} ms late) to {} endpoint(s)", schedule.id(), id, now - fireAt, coverage.endpointIds().size());
      events.publishShared("fire", new JsonObject().put("fireId", id).put("scheduleId", schedule.id()).put("state", Fire.FIRED));
      return fire;
    });
  }

  /** Records a fire that was not played because the hub was down past the grace window. */
  public Future<Void> recordMissed(Schedule schedule, long fireAt) {
    String id = FireIds.of(schedule.id(), fireAt, schedule.zone());
    Fire fire = new Fire(id, schedule.id(), schedule.name(), schedule.programmeId(), null, fireAt, Fire.MISSED, 0, 0, List.of(),
        schedule.priority(), schedule.onPreempt(), 0, 0, null);
    return redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.fire(id)).arg(fire.toJson().encode()),
        Request.cmd(Command.ZADD).arg(Keys.scheduleFires(schedule.id())).arg(fireAt).arg(id)));
  }

  // ---- receipts ----

  /**
   * Receipts for {@code f-…} commands and their re-sends {@code f-….rN}. A failed download is not final
   * while a re-send is still due before the play time: the record keeps its state and notes the reason.
   */
  public Future<List<DeliveryStore.Applied>> applyPrefetchReceipts(List<Receipt> receipts) {
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>();
    List<Receipt> applied = new ArrayList<>();
    for (Receipt r : receipts) {
      String id = FireIds.fireOf(r.commandId());
      if (r.state() == ReceiptState.FAILED && prefetchRetries.failed(id, r.endpointId(), r.reason())) {
        prefetches.note(id, r.endpointId(), "r", r.reason());
        continue;
      }
      if (r.state() == ReceiptState.READY) {
        prefetchRetries.ready(id, r.endpointId());
      }
      transitions.add(new DeliveryStore.Transition(id, r.endpointId(), ReceiptMapping.stateOf(r), now, r.reason(), r.ts()));
      applied.add(r);
    }
    Set<Receipt> kept = new HashSet<>(applied);
    return prefetches.apply(transitions).map(results -> ReceiptMapping.align(receipts, kept::contains, results));
  }

  /** Receipts for {@code r-…} commands; a preemption is handled by the schedule's policy, not recorded as a failure. */
  public Future<List<DeliveryStore.Applied>> applyPlayReceipts(List<Receipt> receipts) {
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>();
    List<Receipt> applied = new ArrayList<>();
    for (Receipt r : receipts) {
      String fireId = FireIds.fireOf(r.commandId());
      OpenFire working = open.get(fireId);
      if (r.state() == ReceiptState.STARTED && working != null) {
        working.segments.computeIfAbsent(r.endpointId(), e -> new Segment()).startedAtDevice = r.ts();
      }
      if (isPreemption(r) && working != null && working.fire.onPreempt() != PreemptPolicy.DROP) {
        preempted(working, r, now);
        continue;
      }
      transitions.add(new DeliveryStore.Transition(fireId, r.endpointId(), ReceiptMapping.stateOf(r), now, r.reason(), r.ts()));
      applied.add(r);
    }
    return plays.apply(transitions).map(results -> {
      for (int i = 0; i < results.size(); i++) {
        DeliveryStore.Transition t = transitions.get(i);
        if (results.get(i).outcome() != DeliveryStore.Applied.Outcome.MOVED) {
          continue;
        }
        if (isPreemption(applied.get(i))) {
          plays.notePreemption(t.id(), t.endpointId(), PreemptPolicy.DROP.outcome);
        }
        events.publishShared("delivery", new JsonObject().put("fireId", t.id()).put("endpointId", t.endpointId()).put("state", t.to().wire()));
        OpenFire working = open.get(t.id());
        if (working != null && t.to().isFinal()) {
          working.unfinished.remove(t.endpointId());
          if (working.unfinished.isEmpty()) {
            complete(working);
          }
        }
      }
      Set<Receipt> kept = new HashSet<>(applied);
      return ReceiptMapping.align(receipts, kept::contains, results);
    });
  }

  private static boolean isPreemption(Receipt r) {
    return r.state() == ReceiptState.FAILED && "PREEMPTED".equals(r.reason());
  }

  /** Plans the remainder (or the whole programme again) for when the alert has ended on the endpoint. */
  private void preempted(OpenFire working, Receipt receipt, long now) {
    Fire fire = working.fire;
    Segment segment = working.segments.computeIfAbsent(receipt.endpointId(), e -> new Segment());
    long played = segment.offsetMs + Math.max(0, receipt.ts() - segment.startedAtDevice);
    long offset = fire.onPreempt() == PreemptPolicy.RESUME ? Math.min(played, Math.max(0, fire.durationMs() - 1)) : 0;
    segment.offsetMs = offset;
    segment.resumes++;
    String id = FireIds.resumed(fire.id(), segment.resumes);
    long remaining = fire.durationMs() - offset;
    long expiresAt = Math.max(fire.expiresAt(), now + remaining + graceMs);
    JsonObject command = fire.command().copy().put("id", id).put("ts", now).put("expiresAt", expiresAt).put("offsetMs", offset);
    plays.notePreemption(fire.id(), receipt.endpointId(), fire.onPreempt().outcome);
    LOG.info("{} preempted on {} after {} ms; {} from {} ms as {}", fire.id(), LogText.of(receipt.endpointId()), played,
        fire.onPreempt().outcome, offset, id);
    if (endpointHoldsAlert.test(receipt.endpointId())) {
      resumesAfterAlert.computeIfAbsent(receipt.endpointId(), e -> new ArrayList<>()).add(command);
    } else {
      bus.publish(Topics.endpoint(receipt.endpointId()), command, expiresAt); // it queues behind the alert
    }
  }

  /** What an endpoint that (re)connected is still owed: every fire it has not started while it may still play. */
  @Override
  public List<DueCommand> dueFor(String endpointId, long now) {
    List<DueCommand> due = new ArrayList<>();
    for (OpenFire working : open.values()) {
      Fire fire = working.fire;
      if (working.unfinished.contains(endpointId) && !working.segments.containsKey(endpointId) && now < fire.expiresAt()) {
        due.add(new DueCommand(fire.command(), fire.expiresAt(), false, fire.priority(), fire.scheduledAt(), () -> { }));
      }
    }
    return due;
  }

  /** An alert ended on an endpoint: send it the programmes that alert interrupted. */
  public void alertEndedOn(String endpointId) {
    if (endpointHoldsAlert.test(endpointId)) {
      return; // another alert is still there; wait for it too
    }
    List<JsonObject> waiting = resumesAfterAlert.remove(endpointId);
    if (waiting != null) {
      waiting.forEach(command -> bus.publish(Topics.endpoint(endpointId), command, command.getLong("expiresAt")));
    }
  }

  // ---- end of a fire ----

  private void track(OpenFire working) {
    open.put(working.fire.id(), working);
    working.closeTimer = vertx.setTimer(Math.max(1, working.fire.closeAt() - clock.millis()), t -> closeRemaining(working));
  }

  private void closeRemaining(OpenFire working) {
    long now = clock.millis();
    String id = working.fire.id();
    plays.close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING), DeliveryState.EXPIRED,
            "NO_FINAL_RECEIPT", now)
        .compose(v -> prefetches.close(working.fire.prefetchId(), List.of(DeliveryState.PENDING, DeliveryState.RECEIVED),
            DeliveryState.EXPIRED, "NO_FINAL_RECEIPT", now))
        .onComplete(v -> complete(working));
  }

  private void complete(OpenFire working) {
    vertx.cancelTimer(working.closeTimer);
    open.remove(working.fire.id());
    Fire done = working.fire.withState(Fire.COMPLETED);
    redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.fire(done.id())).arg(done.toJson().encode()),
            Request.cmd(Command.SREM).arg(Keys.FIRES_OPEN).arg(done.id())))
        .onSuccess(v -> events.publishShared("fire", new JsonObject().put("fireId", done.id()).put("scheduleId", done.scheduleId())
            .put("state", Fire.COMPLETED)))
        .onFailure(e -> LOG.error("Recording the end of fire {} failed: {}", done.id(), e.toString()));
  }

  /** The earliest instant still inside the grace window of {@code now}. */
  public Instant graceStart(Instant now) {
    return now.minusMillis(graceMs);
  }
}
