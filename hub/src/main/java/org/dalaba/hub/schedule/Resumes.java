package org.dalaba.hub.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.logging.LogText;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's queue of what follows preemptions (docs/protocol.md, "Priority"): whichever hub applied the
 * PREEMPTED receipt has planned the next segment in Redis ({@link DeliveryStore#preempt}); the leader sends it once
 * no alert is in flight for the endpoint any more (the resume would only queue behind it; an alert not yet
 * received there counts too, since the receipt that it was may still be on its way from another hub), claiming it in Redis first
 * ({@link DeliveryStore#takeResume}) so that two leaders overlapping in a hand-over never both send it. A claim
 * is made before the publish: a leader that dies between the two loses that resume (the record then closes as
 * expired) rather than sending it twice. Runs on the hub's context; leader only.
 */
final class Resumes {
  private static final Logger LOG = LoggerFactory.getLogger(Resumes.class);

  private record Waiting(Fire fire, DeliveryStore.PlannedResume plan) {
  }

  private final Clock clock;
  private final CommandBus bus;
  private final DeliveryStore plays;
  private final Predicate<String> endpointHoldsAlert;
  private final long graceMs;
  private final Map<String, List<Waiting>> waiting = new HashMap<>();
  private long sent;

  Resumes(Clock clock, CommandBus bus, DeliveryStore plays, Predicate<String> endpointHoldsAlert, long graceMs) {
    this.clock = clock;
    this.bus = bus;
    this.plays = plays;
    this.endpointHoldsAlert = endpointHoldsAlert;
    this.graceMs = graceMs;
  }

  /** Resumes this hub sent (claimed and published). */
  long sentCount() { return sent; }

  /** Follows a fire's planned resumes from Redis (all of them, or one endpoint's), sending those that are due. */
  Future<Void> follow(Fire fire, String endpointIdOrNull) {
    return plays.plannedResumes(fire.id()).map(plans -> {
      for (DeliveryStore.PlannedResume plan : plans) {
        if (endpointIdOrNull == null || endpointIdOrNull.equals(plan.endpointId())) {
          queue(fire, plan);
        }
      }
      sendDue(endpointIdOrNull);
      return null;
    });
  }

  private void queue(Fire fire, DeliveryStore.PlannedResume plan) {
    List<Waiting> queued = waiting.computeIfAbsent(plan.endpointId(), e -> new ArrayList<>());
    boolean known = queued.stream().anyMatch(w -> w.fire().id().equals(fire.id()) && w.plan().segment() >= plan.segment());
    if (!known) {
      queued.removeIf(w -> w.fire().id().equals(fire.id()));
      queued.add(new Waiting(fire, plan));
    }
  }

  /** Sends what waits for endpoints no alert holds any more (one endpoint's, or all with null). */
  void sendDue(String endpointIdOrNull) {
    List<String> endpoints = endpointIdOrNull == null ? List.copyOf(waiting.keySet()) : List.of(endpointIdOrNull);
    for (String endpointId : endpoints) {
      if (!waiting.containsKey(endpointId) || endpointHoldsAlert.test(endpointId)) {
        continue;
      }
      waiting.remove(endpointId).forEach(this::send);
    }
  }

  /** The fire is over: nothing of it is sent any more. */
  void forget(String fireId) {
    waiting.values().forEach(list -> list.removeIf(w -> w.fire().id().equals(fireId)));
    waiting.values().removeIf(List::isEmpty);
  }

  void clear() {
    waiting.clear();
  }

  private void send(Waiting w) {
    Fire fire = w.fire();
    DeliveryStore.PlannedResume plan = w.plan();
    long now = clock.millis();
    plays.takeResume(fire.id(), plan.endpointId(), plan.segment(), now).onSuccess(taken -> {
      if (!taken) {
        return; // sent already (by this leader or the one before), or superseded by a later preemption
      }
      String id = FireIds.resumed(fire.id(), plan.segment());
      long remaining = fire.durationMs() - plan.offsetMs();
      long expiresAt = Math.max(fire.expiresAt(), now + remaining + graceMs);
      JsonObject command = fire.command().copy().put("id", id).put("ts", now).put("expiresAt", expiresAt)
          .put("offsetMs", plan.offsetMs());
      sent++;
      LOG.info("{} on {}: {} from {} ms as {}", fire.id(), LogText.of(plan.endpointId()), fire.onPreempt().outcome,
          plan.offsetMs(), id);
      bus.publish(Topics.endpoint(plan.endpointId()), command, expiresAt);
    }).onFailure(e -> {
      LOG.warn("Claiming the resume of {} on {} failed: {}; trying again", fire.id(), plan.endpointId(), e.toString());
      queue(fire, plan);
    });
  }
}
