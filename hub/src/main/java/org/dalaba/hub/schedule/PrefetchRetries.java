package org.dalaba.hub.schedule;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a prefetch again to an endpoint whose download failed, with back-off (first {@code firstMs},
 * doubling up to {@code maxMs}), for as long as the next attempt comes before the play time
 * (docs/protocol.md, "prefetch"). A re-send has its own id, {@code f-….r1}, {@code f-….r2}, because an
 * endpoint answers a repeated id with its latest receipt instead of fetching again; its receipts count
 * for the original prefetch record. Plans live in memory: after a hub restart failed prefetches are
 * not retried (the play still carries the media references). Runs on the hub's context.
 */
final class PrefetchRetries {
  private static final Logger LOG = LoggerFactory.getLogger(PrefetchRetries.class);
  /** Failures a new download may cure; anything else (a bad command) is final. */
  private static final Set<String> RETRYABLE = Set.of("MEDIA_UNAVAILABLE", "MEDIA_HASH_MISMATCH");

  private static final class Plan {
    final JsonObject command;
    final long playAt;
    final Map<String, Integer> attempts = new HashMap<>();
    final Map<String, Long> timers = new HashMap<>();
    long endTimer = -1;

    Plan(JsonObject command, long playAt) {
      this.command = command;
      this.playAt = playAt;
    }
  }

  private final Vertx vertx;
  private final Clock clock;
  private final CommandBus bus;
  private final long firstMs;
  private final long maxMs;
  private final Map<String, Plan> plans = new HashMap<>();

  PrefetchRetries(Vertx vertx, Clock clock, CommandBus bus, long firstMs, long maxMs) {
    this.vertx = vertx;
    this.clock = clock;
    this.bus = bus;
    this.firstMs = firstMs;
    this.maxMs = maxMs;
  }

  /** The prefetch {@code command} was sent; its media are needed at {@code playAt}. */
  void sent(JsonObject command, long playAt) {
    String id = command.getString("id");
    Plan plan = new Plan(command, playAt);
    forget(id);
    plans.put(id, plan);
    plan.endTimer = vertx.setTimer(Math.max(1, playAt - clock.millis()), t -> forget(id));
  }

  /** The re-send's id {@code n} of prefetch {@code id}. */
  static String retryId(String id, int n) {
    return id + ".r" + n;
  }

  /**
   * An endpoint reported the prefetch failed.
   *
   * @return true when another attempt is arranged, so the failure is not final yet
   */
  boolean failed(String id, String endpointId, String reason) {
    Plan plan = plans.get(id);
    if (plan == null || !RETRYABLE.contains(reason)) {
      return false;
    }
    if (plan.timers.containsKey(endpointId)) {
      return true; // a repeated receipt; the next attempt is already arranged
    }
    int attempt = plan.attempts.merge(endpointId, 1, Integer::sum);
    long delay = Math.min(maxMs, firstMs << Math.min(20, attempt - 1));
    if (clock.millis() + delay >= plan.playAt) {
      return false;
    }
    plan.timers.put(endpointId, vertx.setTimer(delay, t -> {
      plan.timers.remove(endpointId);
      JsonObject again = plan.command.copy().put("id", retryId(id, attempt)).put("ts", clock.millis());
      LOG.info("Prefetch {} failed on {} ({}); sending it again as {}", id, endpointId, reason, again.getString("id"));
      bus.publish(Topics.endpoint(endpointId), again, plan.command.getLong("expiresAt"));
    }));
    return true;
  }

  /** The endpoint holds the media: nothing more to send it. */
  void ready(String id, String endpointId) {
    Plan plan = plans.get(id);
    Long timer = plan == null ? null : plan.timers.remove(endpointId);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  void stop() {
    Set.copyOf(plans.keySet()).forEach(this::forget);
  }

  private void forget(String id) {
    Plan plan = plans.remove(id);
    if (plan != null) {
      vertx.cancelTimer(plan.endTimer);
      plan.timers.values().forEach(vertx::cancelTimer);
    }
  }
}
