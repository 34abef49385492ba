package org.dalaba.hub.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.DeliveryPolicy;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.Flight;
import org.dalaba.hub.delivery.Progress;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prefetches as a policy of the {@link DeliveryEngine}: in flight from the prefetch until the play time. A failed
 * download is sent again to that endpoint with back-off (first {@code firstMs}, doubling up to {@code maxMs}) for as
 * long as the next attempt comes before the play time (docs/protocol.md, "prefetch"). A re-send has its own id,
 * {@code f-….r1}, {@code f-….r2}, because an endpoint answers a repeated id with its latest receipt instead of
 * fetching again; its receipts count for the original prefetch record. The plan and every endpoint's next attempt
 * are kept in Redis ({@link Keys#retries}), decided by whichever hub applies the failure and sent, on time, by
 * whichever hub leads (the leader's own decisions and other hubs' reach it through the engine), so a new leader
 * carries on.
 * Prefetches are not re-sent otherwise, nor caught up (the play carries the media references). Runs on the hub's
 * context.
 */
final class PrefetchRetries implements DeliveryPolicy<PrefetchRetries.Plan> {
  private static final Logger LOG = LoggerFactory.getLogger(PrefetchRetries.class);
  /** Failures a new download may cure; anything else (a bad command) is final. */
  private static final Set<String> RETRYABLE = Set.of("MEDIA_UNAVAILABLE", "MEDIA_HASH_MISMATCH");
  private static final String PLAN = "plan";

  /** A prefetch as sent, with when its media are needed; {@code next}: the leader's next attempt per endpoint. */
  static final class Plan {
    final JsonObject command;
    final long playAt;
    final Map<String, Attempt> next = new HashMap<>();

    Plan(JsonObject command, long playAt) {
      this.command = command;
      this.playAt = playAt;
    }
  }

  /** Attempt {@code n} (the re-send {@code .rN}) is due at {@code dueAt}. */
  record Attempt(int n, long dueAt) {
    JsonObject toJson() {
      return new JsonObject().put("n", n).put("due", dueAt);
    }

    static Attempt fromJson(String stored) {
      JsonObject json = new JsonObject(stored);
      return new Attempt(json.getInteger("n"), json.getLong("due"));
    }
  }

  private final Vertx vertx;
  private final Clock clock;
  private final RedisStore redis;
  private final CommandBus bus;
  private final DeliveryStore prefetches;
  private final DeliveryEngine engine;
  private final long firstMs;
  private final long maxMs;
  private long retriesSent;

  PrefetchRetries(Vertx vertx, Clock clock, RedisStore redis, CommandBus bus, DeliveryStore prefetches, DeliveryEngine engine, long firstMs,
                  long maxMs) {
    this.vertx = vertx;
    this.clock = clock;
    this.redis = redis;
    this.bus = bus;
    this.prefetches = prefetches;
    this.engine = engine;
    this.firstMs = firstMs;
    this.maxMs = maxMs;
  }

  /** The re-send's id {@code n} of prefetch {@code id}. */
  static String retryId(String id, int n) {
    return id + ".r" + n;
  }

  /** Which attempt a prefetch command id is: 0 the prefetch itself, N its re-send {@code .rN}. */
  static int attemptOf(String commandId) {
    return FireIds.numberAfter(commandId, ".r");
  }

  /** The writes that keep the plan of a prefetch about to be sent, for the caller's transaction. */
  List<Request> planWrites(JsonObject command, long playAt) {
    String id = command.getString("id");
    String key = Keys.retries(kind(), id);
    return List.of(Request.cmd(Command.HSET).arg(key).arg(PLAN)
            .arg(new JsonObject().put("command", command).put("playAt", playAt).encode()),
        Request.cmd(Command.PEXPIREAT).arg(key).arg(playAt + 3_600_000L),
        Request.cmd(Command.ZADD).arg(Keys.PREFETCHES_OPEN).arg(playAt).arg(id));
  }

  /** Prefetch receipts: a failed download is not final while another attempt is arranged; the record notes the reason. */
  Future<List<DeliveryStore.Applied>> applyReceipts(List<Receipt> receipts) {
    List<Future<Boolean>> retried = new ArrayList<>(receipts.size());
    for (Receipt r : receipts) {
      retried.add(r.state() == ReceiptState.FAILED && RETRYABLE.contains(r.reason()) ? arrange(r) : Future.succeededFuture(false));
    }
    return Future.all(retried).compose(all -> {
      long now = clock.millis();
      List<DeliveryStore.Transition> transitions = new ArrayList<>();
      Set<Receipt> kept = new HashSet<>();
      List<DeliveryEngine.Tracked> heard = new ArrayList<>();
      for (int i = 0; i < receipts.size(); i++) {
        Receipt r = receipts.get(i);
        String id = FireIds.fireOf(r.commandId());
        if (all.<Boolean>resultAt(i)) {
          prefetches.note(id, r.endpointId(), "r", r.reason());
          heard.add(new DeliveryEngine.Tracked(id, r.endpointId(), null));
          continue;
        }
        transitions.add(new DeliveryStore.Transition(id, r.endpointId(), ReceiptMapping.stateOf(r), now, r.reason(), r.ts()));
        kept.add(r);
      }
      return prefetches.apply(transitions).map(results -> {
        List<DeliveryEngine.Tracked> tracked = new ArrayList<>(heard);
        tracked.addAll(DeliveryEngine.moved(transitions, results));
        engine.track(tracked);
        return ReceiptMapping.align(receipts, kept::contains, results);
      });
    });
  }

  /**
   * Arranges the next attempt after a failed one, once per failed attempt (a repeated receipt arranges nothing
   * more). @return true when another attempt is arranged (or already was), so the failure is not final yet
   */
  private Future<Boolean> arrange(Receipt receipt) {
    String id = FireIds.fireOf(receipt.commandId());
    String key = Keys.retries(kind(), id);
    int failedAttempt = attemptOf(receipt.commandId());
    return redis.send(Command.HMGET, key, PLAN, receipt.endpointId()).compose(r -> {
      if (r.get(0) == null || r.get(0).toString() == null) {
        return Future.succeededFuture(false); // no plan: the play time has passed, or no such prefetch
      }
      long playAt = new JsonObject(r.get(0).toString()).getLong("playAt");
      Attempt arranged = r.get(1) == null || r.get(1).toString() == null ? null : Attempt.fromJson(r.get(1).toString());
      if (arranged != null && arranged.n() > failedAttempt) {
        return Future.succeededFuture(true); // a repeated receipt; the next attempt is already arranged
      }
      int attempt = failedAttempt + 1;
      long now = clock.millis();
      long delay = Math.min(maxMs, firstMs << Math.min(20, attempt - 1));
      if (now + delay >= playAt) {
        return Future.succeededFuture(false);
      }
      return redis.send(Command.HSET, key, receipt.endpointId(), new Attempt(attempt, now + delay).toJson().encode())
          .map(v -> true);
    });
  }

  /** Sends attempt {@code attempt} when it is due, if this hub still leads and the endpoint still needs it. */
  private void plan(Flight<Plan> flight, String endpointId, Attempt attempt) {
    Attempt known = flight.subject().next.get(endpointId);
    if (known != null && known.n() >= attempt.n()) {
      return; // already planned (a repeated message)
    }
    flight.subject().next.put(endpointId, attempt);
    vertx.setTimer(Math.max(1, attempt.dueAt() - clock.millis()), t -> {
      if (engine.flight(this, flight.id()) != flight || flight.subject().next.get(endpointId) != attempt
          || flight.progress(endpointId) == null) {
        return; // no longer leading, a later attempt planned, or the endpoint is ready (or finally failed) meanwhile
      }
      JsonObject again = flight.subject().command.copy().put("id", retryId(flight.id(), attempt.n())).put("ts", clock.millis());
      LOG.info("Prefetch {} failed on {}; sending it again as {}", flight.id(), endpointId, again.getString("id"));
      retriesSent++;
      bus.publish(Topics.endpoint(endpointId), again, flight.subject().command.getLong("expiresAt"));
    });
  }

  long retriesSent() { return retriesSent; }

  /** Reads the endpoint's (or, with null, every endpoint's) next attempt from Redis into the leader's plan. */
  private Future<Void> follow(Flight<Plan> flight, String endpointIdOrNull) {
    String key = Keys.retries(kind(), flight.id());
    return redis.send(Command.HGETALL, key).map(r -> {
      RedisStore.toMap(r).forEach((field, stored) -> {
        if (!PLAN.equals(field) && (endpointIdOrNull == null || endpointIdOrNull.equals(field))) {
          plan(flight, field, Attempt.fromJson(stored));
        }
      });
      return null;
    });
  }

  // ---- the policy ----

  @Override
  public String kind() { return "prefetch"; }

  @Override
  public DeliveryStore records() { return prefetches; }

  @Override
  public Future<List<String>> openIds() {
    return redis.send(Command.ZRANGEBYSCORE, Keys.PREFETCHES_OPEN, clock.millis(), "+inf").map(RedisStore::toStrings);
  }

  @Override
  public Future<Plan> load(String id) {
    return redis.send(Command.HGET, Keys.retries(kind(), id), PLAN).map(r -> {
      if (r == null) {
        return null;
      }
      JsonObject plan = new JsonObject(r.toString());
      return new Plan(plan.getJsonObject("command"), plan.getLong("playAt"));
    });
  }

  /** Attempts stop at the play time; the fire's close closes the records. */
  @Override
  public long expiresAt(Plan plan) { return plan.playAt; }

  @Override
  public long closeAt(Plan plan) { return plan.playAt; }

  @Override
  public DueCommand due(Flight<Plan> flight, String endpointId, Progress progress, Runnable onSent) {
    return null;
  }

  @Override
  public boolean resendDue(Flight<Plan> flight, Progress progress, long now) {
    return false;
  }

  @Override
  public Future<Void> expire(Flight<Plan> flight) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close(Flight<Plan> flight) {
    engine.finish(flight);
    return Future.succeededFuture();
  }

  @Override
  public void completed(Flight<Plan> flight) {
    redis.send(Command.ZREM, Keys.PREFETCHES_OPEN, flight.id())
        .onFailure(e -> LOG.warn("Recording the end of prefetch {} failed: {}", flight.id(), e.toString()));
  }

  @Override
  public void heard(Flight<Plan> flight, String endpointId) {
    follow(flight, endpointId).onFailure(e -> LOG.warn("Reading the next attempt of {} failed: {}", flight.id(), e.toString()));
  }

  @Override
  public void adopted(Flight<Plan> flight) {
    follow(flight, null).onFailure(e -> LOG.warn("Reading the next attempts of {} failed: {}", flight.id(), e.toString()));
  }
}
