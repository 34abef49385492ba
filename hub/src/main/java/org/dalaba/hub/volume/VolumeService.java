package org.dalaba.hub.volume;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.delivery.CommandIds;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.delivery.ReceiptOwner;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' volume changes as "a command each of a set of endpoints must confirm": stored durably first, one
 * {@code volume} command to the fewest topics, a record per endpoint that its {@code finished} receipt confirms,
 * re-sends to online endpoints that have not confirmed, catch-up of endpoints that come back online, expiry.
 * A newer change for an endpoint supersedes an older one still open there, so a catch-up never sets an old volume.
 *
 * <p>Like alerts, only the leader keeps the working sets and acts on time; it reloads them from Redis when it
 * becomes leader and every {@value #RECONCILE_MS} ms. Runs on the hub's context.
 */
public final class VolumeService implements ReceiptOwner {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
  private static final long TICK_MS = 1000;
  static final long RECONCILE_MS = 30_000;

  /** One endpoint not yet confirmed: when the hub last sent to it, and how often. */
  private static final class Progress {
    long lastSentAt;
    int sends;

    Progress(long lastSentAt, int sends) {
      this.lastSentAt = lastSentAt;
      this.sends = sends;
    }
  }

  private record Open(VolumeChange change, Map<String, Progress> unfinished) {
  }

  private final Vertx vertx;
  private final Clock clock;
  private final ZoneId zone;
  private final VolumeStore store;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final Leadership leadership;
  private final long resendFirstMs;
  private final long resendMaxMs;
  private final long openMs;
  private final Map<String, Open> open = new HashMap<>();
  private long tickTimer = -1;
  private long reconcileTimer = -1;

  public VolumeService(Vertx vertx, Clock clock, ZoneId zone, VolumeStore store, CommandBus bus, Supplier<Directory> directory,
                       EndpointStatusTracker status, Leadership leadership, long resendFirstMs, long resendMaxMs, long openMs) {
    this.vertx = vertx;
    this.clock = clock;
    this.zone = zone;
    this.store = store;
    this.bus = bus;
    this.directory = directory;
    this.status = status;
    this.leadership = leadership;
    this.resendFirstMs = resendFirstMs;
    this.resendMaxMs = resendMaxMs;
    this.openMs = openMs;
  }

  public void start() {
    tickTimer = vertx.setPeriodic(TICK_MS, t -> tick());
    reconcileTimer = vertx.setPeriodic(RECONCILE_MS, t -> {
      if (leadership.isLeader()) {
        load();
      }
    });
  }

  public void stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(reconcileTimer);
    open.clear();
  }

  public void onLeadership(boolean leader) {
    if (leader) {
      load().onFailure(e -> LOG.error("Loading open volume changes failed: {}", e.toString()));
    } else {
      open.clear();
    }
  }

  /** Stores the change and its records (durable before the future completes), then publishes it. */
  public Future<VolumeChange> create(Targets targets, int volume, String user) {
    Coverage coverage = Coverage.of(targets, directory.get());
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(ApiError.badField("targets", "所选范围内没有任何终端", "the targets contain no endpoint"));
    }
    long now = clock.millis();
    VolumeChange change = new VolumeChange(newId(now), volume, targets, coverage.topics(), coverage.endpointIds().size(), now,
        user, now + openMs, true);
    return store.create(change, coverage.endpointIds()).map(v -> {
      if (leadership.isLeader()) {
        supersede(coverage.endpointIds(), now);
        Map<String, Progress> unfinished = new HashMap<>();
        coverage.endpointIds().forEach(e -> unfinished.put(e, new Progress(now, 1)));
        open.put(change.id(), new Open(change, unfinished));
      }
      for (String topic : change.topics()) {
        bus.publish(topic, change.command(), change.expiresAt())
            .onFailure(e -> LOG.warn("Publishing volume change {} to {} failed: {}; re-sends will cover it", change.id(), topic, e.toString()));
      }
      LOG.info("Volume change {} to {} accepted from {} for {} endpoint(s) on {} topic(s)", change.id(), volume, user,
          change.endpointCount(), change.topics().size());
      return change;
    });
  }

  /** Older open changes stop chasing these endpoints: their records end cancelled, reason SUPERSEDED. */
  private void supersede(List<String> endpointIds, long now) {
    for (Open older : open.values()) {
      List<DeliveryStore.Transition> ended = new ArrayList<>();
      for (String endpointId : endpointIds) {
        if (older.unfinished().remove(endpointId) != null) {
          ended.add(new DeliveryStore.Transition(older.change().id(), endpointId, DeliveryState.CANCELLED, now, "SUPERSEDED", 0));
        }
      }
      store.deliveries().apply(ended).onFailure(e -> LOG.warn("Superseding volume change {} failed: {}", older.change().id(), e.toString()));
    }
    closeFinished();
  }

  @Override
  public Future<List<DeliveryStore.Applied>> applyReceipts(List<Receipt> receipts) {
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>(receipts.size());
    for (Receipt receipt : receipts) {
      if (receipt.state() != ReceiptState.READY) {
        transitions.add(new DeliveryStore.Transition(receipt.commandId(), receipt.endpointId(), ReceiptMapping.stateOf(receipt), now,
            receipt.reason(), receipt.ts()));
      }
    }
    return store.deliveries().apply(transitions).map(results -> {
      for (int i = 0; i < results.size(); i++) {
        DeliveryStore.Transition t = transitions.get(i);
        Open working = open.get(t.id());
        if (working != null && t.to().isFinal() && results.get(i).outcome() != DeliveryStore.Applied.Outcome.UNKNOWN) {
          working.unfinished().remove(t.endpointId());
        }
      }
      closeFinished();
      return ReceiptMapping.align(receipts, r -> r.state() != ReceiptState.READY, results);
    });
  }

  /** An endpoint came (back) online: send it the open change it has not confirmed (at most one: newer ones supersede). */
  public void catchUp(String endpointId) {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    open.values().forEach(working -> {
      Progress progress = working.unfinished().get(endpointId);
      if (progress != null && now < working.change().expiresAt()) {
        send(working, endpointId, progress, now);
      }
    });
  }

  private void tick() {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    List<Open> expired = new ArrayList<>();
    for (Open working : open.values()) {
      if (now >= working.change().expiresAt()) {
        expired.add(working);
        continue;
      }
      working.unfinished().forEach((endpointId, progress) -> {
        long backoff = Math.min(resendMaxMs, resendFirstMs << Math.min(20, Math.max(0, progress.sends - 1)));
        if (status.isOnline(endpointId) && now - progress.lastSentAt >= backoff) {
          send(working, endpointId, progress, now);
        }
      });
    }
    expired.forEach(this::expire);
  }

  private void send(Open working, String endpointId, Progress progress, long now) {
    progress.sends++;
    progress.lastSentAt = now;
    bus.publish(Topics.endpoint(endpointId), working.change().command(), working.change().expiresAt());
  }

  private void expire(Open working) {
    String id = working.change().id();
    open.remove(id);
    store.deliveries().close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING), DeliveryState.EXPIRED,
        "EXPIRED", clock.millis()).compose(changed -> store.close(working.change()))
        .onFailure(e -> LOG.error("Expiring volume change {} failed: {}", id, e.toString()));
  }

  private void closeFinished() {
    List<Open> done = open.values().stream().filter(w -> w.unfinished().isEmpty()).toList();
    for (Open working : done) {
      open.remove(working.change().id());
      store.close(working.change()).onFailure(e -> LOG.error("Closing volume change {} failed: {}", working.change().id(), e.toString()));
    }
  }

  /** (Re)builds the working set of every open change from Redis, keeping send history where known. */
  private Future<Void> load() {
    return store.openIds().compose(ids -> {
      List<Future<Void>> loads = new ArrayList<>();
      for (String id : ids) {
        loads.add(store.get(id).compose(change -> change == null || !change.open() ? Future.<Void>succeededFuture()
            : store.deliveries().records(id).map(records -> {
              if (!leadership.isLeader()) {
                return null;
              }
              Open working = open.computeIfAbsent(id, k -> new Open(change, new HashMap<>()));
              records.forEach((endpointId, record) -> {
                if (record.state().isFinal()) {
                  working.unfinished().remove(endpointId);
                } else {
                  working.unfinished().putIfAbsent(endpointId, new Progress(0, 1));
                }
              });
              return null;
            })));
      }
      return Future.all(loads).map(v -> {
        open.keySet().retainAll(ids);
        closeFinished();
        return null;
      });
    });
  }

  private String newId(long now) {
    return CommandIds.next("v", now, zone);
  }
}
