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
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.DeliveryPolicy;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.Flight;
import org.dalaba.hub.delivery.Progress;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends routine broadcasts and follows them as a policy of the {@link DeliveryEngine}: the prefetch ahead of a fire
 * ({@link PrefetchRetries}, a policy of its own), the play command at the fire, every endpoint's records, and what
 * happens after an alert preempted a programme on an endpoint (resume, restart or drop, per schedule): decided once
 * in Redis by whichever hub applies the PREEMPTED receipt, sent once by whichever hub leads ({@link Resumes}).
 * Routine plays are not re-sent; an endpoint that comes back online before it started a fire is caught up with it.
 * Runs on the hub's context.
 */
public final class RoutineService implements DeliveryPolicy<Fire> {
  private static final Logger LOG = LoggerFactory.getLogger(RoutineService.class);

  private final Clock clock;
  private final RedisStore redis;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final Events events;
  private final Supplier<String> publicUrl;
  private final long graceMs;
  private final DeliveryEngine engine;
  private final DeliveryStore plays;
  private final DeliveryStore prefetches;
  private final PrefetchRetries prefetchRetries;
  private final Resumes resumes;

  /** @param retryFirstMs, retryMaxMs back-off of re-sending a failed prefetch */
  public RoutineService(Vertx vertx, Clock clock, RedisStore redis, CommandBus bus, Supplier<Directory> directory, Events events,
                        Supplier<String> publicUrl, long graceMs, Predicate<String> endpointHoldsAlert, long retryFirstMs,
                        long retryMaxMs, DeliveryEngine engine) {
    this.clock = clock;
    this.redis = redis;
    this.bus = bus;
    this.directory = directory;
    this.events = events;
    this.publicUrl = publicUrl;
    this.graceMs = graceMs;
    this.engine = engine;
    this.plays = new DeliveryStore(redis, "play", DeliveryState.PLAYBACK);
    this.prefetches = new DeliveryStore(redis, "prefetch", DeliveryState.PREFETCH);
    this.prefetchRetries = new PrefetchRetries(vertx, clock, redis, bus, prefetches, engine, retryFirstMs, retryMaxMs);
    this.resumes = new Resumes(clock, bus, plays, endpointHoldsAlert, graceMs);
    engine.register(this);
    engine.register(prefetchRetries);
    engine.onTick(() -> resumes.sendDue(null));
  }

  public DeliveryStore plays() { return plays; }

  public DeliveryStore prefetches() { return prefetches; }

  /** Forgets the resumes this hub was waiting to send (the engine stops tracking separately). */
  public void stop() {
    resumes.clear();
  }

  /** Resumes this hub sent after preemptions. */
  public long resumesSent() {
    return resumes.sentCount();
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
    // The play it prepares, so an endpoint that cannot hear the hub at fireAt plays it from its cache (断网续播,
    // docs/protocol.md "prefetch"); left out when it would make the command too big for an endpoint.
    JsonObject announced = playFields(schedule, programme, fireAt).put("at", fireAt);
    if (command.copy().put("play", announced).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + SIGNATURE_BYTES <= org.dalaba.hub.config.Limits.COMMAND_BYTES) {
      command.put("play", announced);
    } else {
      LOG.info("Prefetch {} does not announce its play: the programme is too big for one command", id);
    }
    List<Request> writes = new ArrayList<>(prefetches.createWrites(id, coverage.endpointIds()));
    writes.addAll(prefetchRetries.planWrites(command, fireAt));
    writes.addAll(org.dalaba.hub.media.MediaAudience.grantWrites(command, coverage.topics()));
    return redis.transaction(writes).map(v -> {
      engine.launch(prefetchRetries, id, new PrefetchRetries.Plan(command, fireAt), coverage.endpointIds());
      coverage.topics().forEach(topic -> bus.publish(topic, command, expiresAt)
          .onFailure(e -> LOG.warn("Publishing prefetch {} to {} failed: {}", id, topic, e.toString())));
      LOG.info("Prefetch {} for schedule {} sent to {} endpoint(s)", id, schedule.id(), coverage.endpointIds().size());
      return null;
    });
  }

  /** What {@code kid} and {@code sig} add to a command. */
  private static final int SIGNATURE_BYTES = 160;

  /** The fields of a fire's play command that do not depend on when it is sent: the prefetch announces them. */
  private JsonObject playFields(Schedule schedule, Programme programme, long fireAt) {
    JsonArray items = new JsonArray();
    programme.items().forEach(item -> items.add(item.command(publicUrl.get())));
    return new JsonObject().put("id", FireIds.of(schedule.id(), fireAt, schedule.zone()))
        .put("expiresAt", fireAt + graceMs + programme.durationMs()).put("priority", schedule.priority())
        .put("items", items).put("durationMs", programme.durationMs());
  }

  /** Stores the fire and its records, then sends the play command to the fewest topics. */
  public Future<Fire> play(Schedule schedule, Programme programme, long fireAt) {
    Coverage coverage = Coverage.of(schedule.targets(), directory.get());
    long now = clock.millis();
    String id = FireIds.of(schedule.id(), fireAt, schedule.zone());
    long expiresAt = fireAt + graceMs + programme.durationMs();
    JsonObject command = new JsonObject().put("v", 1).put("id", id).put("type", "play").put("ts", now)
        .mergeIn(playFields(schedule, programme, fireAt));
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
      engine.launch(this, id, fire, coverage.endpointIds());
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

  /** Receipts for {@code f-…} commands and their re-sends {@code f-….rN}: see {@link PrefetchRetries}. */
  public Future<List<DeliveryStore.Applied>> applyPrefetchReceipts(List<Receipt> receipts) {
    return prefetchRetries.applyReceipts(receipts);
  }

  /**
   * Receipts for {@code r-…} commands and their resumed segments {@code r-….pN}. A preemption is not a failure
   * unless the schedule drops what was preempted: what follows it is decided in Redis, after the batch's other
   * receipts (a segment's start and its preemption may come in one batch), the same on every hub.
   */
  public Future<List<DeliveryStore.Applied>> applyPlayReceipts(List<Receipt> receipts) {
    Set<String> preemptedFires = new HashSet<>();
    receipts.stream().filter(RoutineService::isPreemption).forEach(r -> preemptedFires.add(FireIds.fireOf(r.commandId())));
    return fires(preemptedFires).compose(fires -> {
      long now = clock.millis();
      List<DeliveryStore.Transition> transitions = new ArrayList<>();
      List<Receipt> applied = new ArrayList<>();
      List<Receipt> preemptions = new ArrayList<>();
      for (Receipt r : receipts) {
        String fireId = FireIds.fireOf(r.commandId());
        Fire fire = fires.get(fireId);
        if (isPreemption(r) && fire != null && fire.onPreempt() != PreemptPolicy.DROP) {
          preemptions.add(r);
          continue;
        }
        transitions.add(new DeliveryStore.Transition(fireId, r.endpointId(), ReceiptMapping.stateOf(r), now, r.reason(), r.ts()));
        applied.add(r);
      }
      return plays.apply(transitions).compose(results -> {
        JsonArray moved = new JsonArray();
        for (int i = 0; i < results.size(); i++) {
          DeliveryStore.Transition t = transitions.get(i);
          if (results.get(i).outcome() == DeliveryStore.Applied.Outcome.MOVED) {
            if (isPreemption(applied.get(i))) {
              plays.notePreemption(t.id(), t.endpointId(), PreemptPolicy.DROP.outcome);
            }
            moved.add(deliveryItem(t.id(), t.endpointId(), t.to().wire()));
          }
        }
        if (!moved.isEmpty()) {
          events.publishShared("delivery.batch", new JsonObject().put("items", moved));
        }
        List<DeliveryEngine.Tracked> tracked = new ArrayList<>(DeliveryEngine.moved(transitions, results));
        return preempt(preemptions, fires, now).map(planned -> {
          tracked.addAll(planned);
          engine.track(tracked);
          Set<Receipt> kept = new HashSet<>(applied);
          return ReceiptMapping.align(receipts, kept::contains, results);
        });
      });
    });
  }

  /** The fires of these ids, from the leader's tracker where it has them, else from Redis (absent: no such fire). */
  private Future<Map<String, Fire>> fires(Set<String> ids) {
    Map<String, Fire> fires = new HashMap<>();
    List<Future<Void>> loads = new ArrayList<>();
    for (String id : ids) {
      Flight<Fire> flight = engine.flight(this, id);
      if (flight != null) {
        fires.put(id, flight.subject());
      } else {
        loads.add(fire(id).map(fire -> {
          if (fire != null && fire.command() != null) {
            fires.put(id, fire);
          }
          return null;
        }));
      }
    }
    return Future.all(loads).map(v -> fires);
  }

  /** Plans, in Redis and once per preempted segment, the remainder (or the whole programme) for after the alert. */
  private Future<List<DeliveryEngine.Tracked>> preempt(List<Receipt> preemptions, Map<String, Fire> fires, long now) {
    List<Future<DeliveryEngine.Tracked>> plans = new ArrayList<>();
    for (Receipt r : preemptions) {
      Fire fire = fires.get(FireIds.fireOf(r.commandId()));
      plans.add(plays.preempt(fire.id(), r.endpointId(), FireIds.segmentOf(r.commandId()), r.ts(),
          fire.onPreempt() == PreemptPolicy.RESUME, fire.durationMs(), fire.onPreempt().outcome, now).map(p -> {
            if (!p.planned()) {
              return null; // a repeated receipt or a retried batch: decided before
            }
            LOG.info("{} preempted on {} after {} ms; {} from {} ms as {}", fire.id(), LogText.of(r.endpointId()), p.playedMs(),
                fire.onPreempt().outcome, p.offsetMs(), FireIds.resumed(fire.id(), p.segment()));
            return new DeliveryEngine.Tracked(fire.id(), r.endpointId(), null);
          }));
    }
    return Future.all(plans).map(all -> {
      List<DeliveryEngine.Tracked> planned = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        DeliveryEngine.Tracked t = all.resultAt(i);
        if (t != null) {
          planned.add(t);
        }
      }
      return planned;
    });
  }

  private static boolean isPreemption(Receipt r) {
    return r.state() == ReceiptState.FAILED && "PREEMPTED".equals(r.reason());
  }

  private static JsonObject deliveryItem(String fireId, String endpointId, String state) {
    return new JsonObject().put("fireId", fireId).put("endpointId", endpointId).put("state", state);
  }

  /** An alert ended on an endpoint: send it the programmes that alert interrupted (unless another alert holds it). */
  public void alertEndedOn(String endpointId) {
    resumes.sendDue(endpointId);
  }

  // ---- the policy ----

  @Override
  public String kind() { return "play"; }

  @Override
  public DeliveryStore records() { return plays; }

  @Override
  public Future<List<String>> openIds() {
    return redis.send(Command.SMEMBERS, Keys.FIRES_OPEN).map(RedisStore::toStrings);
  }

  @Override
  public Future<Fire> load(String id) {
    return fire(id).map(fire -> fire == null || !Fire.FIRED.equals(fire.state()) ? null : fire);
  }

  @Override
  public long expiresAt(Fire fire) { return fire.expiresAt(); }

  @Override
  public long closeAt(Fire fire) { return fire.closeAt(); }

  /** Routine plays after every alert, by priority (higher first), then the older first. */
  @Override
  public DueCommand due(Flight<Fire> flight, String endpointId, Progress progress, Runnable onSent) {
    Fire fire = flight.subject();
    return new DueCommand(fire.command(), fire.expiresAt(), false, fire.priority(), fire.scheduledAt(), onSent);
  }

  /** Routine plays are not re-sent: an endpoint that missed one gets it when it comes back online. */
  @Override
  public boolean resendDue(Flight<Fire> flight, Progress progress, long now) {
    return false;
  }

  /** Only while it has not started the fire (once started, what follows a preemption is the resume's). */
  @Override
  public boolean catchUpDue(Flight<Fire> flight, String endpointId, Progress progress) {
    return progress.state().rank < DeliveryState.PLAYING.rank;
  }

  @Override
  public Future<Void> expire(Flight<Fire> flight) {
    return Future.succeededFuture(); // records stay open past expiry: a resumed programme may still finish
  }

  @Override
  public Future<Void> close(Flight<Fire> flight) {
    long now = clock.millis();
    return engine.closeRecords(flight, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
            DeliveryState.EXPIRED, "NO_FINAL_RECEIPT")
        .compose(v -> prefetches.close(flight.subject().prefetchId(), List.of(DeliveryState.PENDING, DeliveryState.RECEIVED),
            DeliveryState.EXPIRED, "NO_FINAL_RECEIPT", now))
        .<Void>mapEmpty()
        .onComplete(v -> engine.finish(flight));
  }

  @Override
  public void completed(Flight<Fire> flight) {
    resumes.forget(flight.id());
    Fire done = flight.subject().withState(Fire.COMPLETED);
    redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.fire(done.id())).arg(done.toJson().encode()),
            Request.cmd(Command.SREM).arg(Keys.FIRES_OPEN).arg(done.id())))
        .onSuccess(v -> events.publishShared("fire", new JsonObject().put("fireId", done.id()).put("scheduleId", done.scheduleId())
            .put("state", Fire.COMPLETED)))
        .onFailure(e -> LOG.error("Recording the end of fire {} failed: {}", done.id(), e.toString()));
  }

  /** A preemption was decided (on this hub or another): send what follows once no alert holds the endpoint. */
  @Override
  public void heard(Flight<Fire> flight, String endpointId) {
    resumes.follow(flight.subject(), endpointId)
        .onFailure(e -> LOG.warn("Reading the resume of {} on {} failed: {}", flight.id(), endpointId, e.toString()));
  }

  /** Another hub leads now and sends what is planned. */
  @Override
  public void released() {
    resumes.clear();
  }

  /** A new leader takes over the resumes planned and not sent yet. */
  @Override
  public void adopted(Flight<Fire> flight) {
    resumes.follow(flight.subject(), null)
        .onFailure(e -> LOG.warn("Reading the resumes of {} failed: {}", flight.id(), e.toString()));
  }

  /** The earliest instant still inside the grace window of {@code now}. */
  public Instant graceStart(Instant now) {
    return now.minusMillis(graceMs);
  }
}
