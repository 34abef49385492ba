package org.dalaba.hub.volume;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dalaba.hub.alert.AlertRefused;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.delivery.CommandIds;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.DeliveryPolicy;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.Flight;
import org.dalaba.hub.delivery.Progress;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.delivery.ReceiptOwner;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' volume changes, a policy of the {@link DeliveryEngine}: stored durably first, one {@code volume}
 * command to the fewest topics, a record per endpoint that its {@code finished} receipt confirms; the engine
 * re-sends to online endpoints that have not confirmed and catches up endpoints that come back online (after
 * everything that plays), until the change expires. A newer change for an endpoint supersedes an older one still
 * open there, so a catch-up never sets an old volume. Runs on the hub's context.
 */
public final class VolumeService implements ReceiptOwner, DeliveryPolicy<VolumeChange> {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
  /** After every alert and routine play in a catch-up: a volume change starts nothing. */
  private static final int URGENCY = Integer.MIN_VALUE;

  private final Clock clock;
  private final ZoneId zone;
  private final VolumeStore store;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final DeliveryEngine engine;
  private final long resendFirstMs;
  private final long resendMaxMs;
  private final long openMs;

  public VolumeService(Clock clock, ZoneId zone, VolumeStore store, CommandBus bus, Supplier<Directory> directory,
                       DeliveryEngine engine, long resendFirstMs, long resendMaxMs, long openMs) {
    this.clock = clock;
    this.zone = zone;
    this.store = store;
    this.bus = bus;
    this.directory = directory;
    this.engine = engine;
    this.resendFirstMs = resendFirstMs;
    this.resendMaxMs = resendMaxMs;
    this.openMs = openMs;
    engine.register(this);
  }

  /** Stores the change and its records (durable before the future completes), then publishes it. */
  public Future<VolumeChange> create(Targets targets, int volume, String user) {
    Coverage coverage = Coverage.of(targets, directory.get());
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(AlertRefused.noEndpoints());
    }
    long now = clock.millis();
    VolumeChange change = new VolumeChange(CommandIds.next("v", now, zone), volume, targets, coverage.topics(),
        coverage.endpointIds().size(), now, user, now + openMs, true);
    return store.create(change, coverage.endpointIds()).map(v -> {
      supersede(coverage.endpointIds(), now);
      engine.launch(this, change.id(), change, coverage.endpointIds());
      for (String topic : change.topics()) {
        bus.publish(topic, change.command(), change.expiresAt())
            .onFailure(e -> LOG.warn("Publishing volume change {} to {} failed: {}; re-sends will cover it", change.id(), topic, e.toString()));
      }
      LOG.info("Volume change {} to {} accepted from {} for {} endpoint(s) on {} topic(s)", change.id(), volume, user,
          change.endpointCount(), change.topics().size());
      return change;
    });
  }

  /** Older open changes stop chasing these endpoints: their records end cancelled, reason SUPERSEDED (leader's view). */
  private void supersede(List<String> endpointIds, long now) {
    for (Flight<VolumeChange> older : engine.flights(this)) {
      List<DeliveryStore.Transition> ended = new ArrayList<>();
      for (String endpointId : endpointIds) {
        if (older.progress(endpointId) != null) {
          ended.add(new DeliveryStore.Transition(older.id(), endpointId, DeliveryState.CANCELLED, now, "SUPERSEDED", 0));
        }
      }
      store.deliveries().apply(ended).onSuccess(results -> engine.track(DeliveryEngine.moved(ended, results)))
          .onFailure(e -> LOG.warn("Superseding volume change {} failed: {}", older.id(), e.toString()));
    }
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
      engine.track(DeliveryEngine.moved(transitions, results));
      return ReceiptMapping.align(receipts, r -> r.state() != ReceiptState.READY, results);
    });
  }

  // ---- the policy ----

  @Override
  public String kind() { return "volume"; }

  @Override
  public DeliveryStore records() { return store.deliveries(); }

  @Override
  public Future<List<String>> openIds() { return store.openIds(); }

  @Override
  public Future<VolumeChange> load(String id) {
    return store.get(id).map(change -> change == null || !change.open() ? null : change);
  }

  @Override
  public long expiresAt(VolumeChange change) { return change.expiresAt(); }

  @Override
  public long closeAt(VolumeChange change) { return change.expiresAt(); }

  @Override
  public DueCommand due(Flight<VolumeChange> flight, String endpointId, Progress progress, Runnable onSent) {
    VolumeChange change = flight.subject();
    return new DueCommand(change.command(), change.expiresAt(), false, URGENCY, change.createdAt(), onSent);
  }

  @Override
  public boolean resendDue(Flight<VolumeChange> flight, Progress progress, long now) {
    return now - progress.lastActivityAt() >= progress.backoff(resendFirstMs, resendMaxMs);
  }

  @Override
  public Future<Void> expire(Flight<VolumeChange> flight) {
    return Future.succeededFuture(); // the change closes at the same time
  }

  @Override
  public Future<Void> close(Flight<VolumeChange> flight) {
    return engine.closeRecords(flight, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
        DeliveryState.EXPIRED, "EXPIRED").mapEmpty();
  }

  @Override
  public void completed(Flight<VolumeChange> flight) {
    store.close(flight.subject()).onFailure(e -> LOG.error("Closing volume change {} failed: {}", flight.id(), e.toString()));
  }
}
