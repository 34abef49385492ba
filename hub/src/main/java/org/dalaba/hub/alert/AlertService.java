package org.dalaba.hub.alert;

import org.dalaba.hub.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.vertx.core.json.JsonArray;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.delivery.ReceiptOwner;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an alert: accept (durable first), publish to the fewest topics, follow every endpoint's
 * record, re-send to those that have not confirmed, catch up endpoints that come back online, expire,
 * cancel. All state changes go through Redis.
 *
 * <p>Any hub instance accepts alerts and applies receipts. Only the leader keeps the in-memory
 * {@link OpenAlert} working sets and acts on time (re-sends, catch-up, expiry, completion): it loads
 * them from Redis when it becomes leader, follows receipts and new alerts through the shared events,
 * and reconciles with Redis every {@value #RECONCILE_MS} ms in case a pub/sub message was lost.
 * Everything here runs on the hub's context.
 */
public final class AlertService implements ReceiptOwner {
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_ALPHABET = "0123456789abcdefghijkmnpqrstuvwxyz";
  private static final long RESEND_TICK_MS = 1000;
  static final long RECONCILE_MS = 30_000;

  private final Vertx vertx;
  private final Clock clock;
  private final ZoneId zone;
  private final AlertStore store;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final Events events;
  private final ResendPolicy resendPolicy;
  private final DurationEstimate durationEstimate;
  private final Leadership leadership;
  private final Map<String, OpenAlert> open = new HashMap<>();
  private final List<Consumer<String>> alertEndedOn = new ArrayList<>();
  private long resendTimer = -1;
  private long reconcileTimer = -1;
  private long resends;
  private java.util.function.Consumer<Alert> onCompleted = alert -> { };

  public AlertService(Vertx vertx, Clock clock, ZoneId zone, AlertStore store, CommandBus bus, Supplier<Directory> directory,
                      EndpointStatusTracker status, Events events, ResendPolicy resendPolicy, DurationEstimate durationEstimate,
                      Leadership leadership) {
    this.vertx = vertx;
    this.clock = clock;
    this.zone = zone;
    this.store = store;
    this.bus = bus;
    this.directory = directory;
    this.status = status;
    this.events = events;
    this.resendPolicy = resendPolicy;
    this.durationEstimate = durationEstimate;
    this.leadership = leadership;
  }

  /** Starts the timers and follows shared events; working sets are loaded when this hub leads. */
  public void start() {
    vertx.eventBus().<JsonObject>localConsumer(Events.ADDRESS, message -> onEvent(message.body()));
    resendTimer = vertx.setPeriodic(RESEND_TICK_MS, t -> resendDue());
    reconcileTimer = vertx.setPeriodic(RECONCILE_MS, t -> {
      if (leadership.isLeader()) {
        loadWorkingSets();
      }
    });
  }

  /** Called when this instance gains or loses leadership. */
  public void onLeadership(boolean leader) {
    if (leader) {
      loadWorkingSets().onFailure(e -> LOG.error("Loading unfinished alerts failed: {}", e.toString()));
    } else {
      dropWorkingSets();
    }
  }

  /** (Re)builds the working set of every unfinished alert from Redis, keeping send history where known. */
  public Future<Void> loadWorkingSets() {
    return store.openIds().compose(ids -> {
      List<Future<Void>> loads = new ArrayList<>();
      for (String id : ids) {
        loads.add(adopt(id));
      }
      return Future.all(loads).map(v -> {
        open.keySet().removeIf(id -> !ids.contains(id) && forgetTimers(open.get(id)));
        return null;
      });
    });
  }

  private Future<Void> adopt(String id) {
    return store.get(id).compose(alert -> alert == null || alert.state() != AlertState.ACTIVE ? Future.succeededFuture()
        : store.records(id).map(records -> {
          if (!leadership.isLeader()) {
            return null;
          }
          OpenAlert working = open.get(id);
          boolean fresh = working == null;
          if (fresh) {
            working = new OpenAlert(alert);
            open.put(id, working);
            armTimers(working);
          }
          OpenAlert target = working;
          records.forEach((endpoint, record) -> {
            if (record.state().isFinal()) {
              target.unfinished.remove(endpoint);
            } else {
              OpenAlert.Progress progress = target.unfinished.get(endpoint);
              if (progress == null) {
                target.unfinished.put(endpoint, new OpenAlert.Progress(record.state(), 0, 1));
              } else {
                progress.state = record.state();
              }
            }
          });
          if (fresh) {
            LOG.info("Following unfinished alert {}: {} endpoint(s) still to confirm", id, target.unfinished.size());
          }
          if (target.unfinished.isEmpty()) {
            complete(target, AlertState.COMPLETED);
          }
          return null;
        }));
  }

  private void dropWorkingSets() {
    open.values().forEach(this::forgetTimers);
    open.clear();
  }

  public void stop() {
    vertx.cancelTimer(resendTimer);
    vertx.cancelTimer(reconcileTimer);
    dropWorkingSets();
  }

  /** Called with an endpoint id whenever one of its alert records reaches a final state (leader only). */
  public void onAlertEndedOn(Consumer<String> listener) {
    alertEndedOn.add(listener);
  }

  /** Whether an alert has reached this endpoint and not yet ended there (it is playing or queued). */
  public boolean holdsAlert(String endpointId) {
    for (OpenAlert working : open.values()) {
      OpenAlert.Progress progress = working.unfinished.get(endpointId);
      if (progress != null && progress.state != DeliveryState.PENDING) {
        return true;
      }
    }
    return false;
  }

  /** Told of every alert whose records all reached a final state (for metrics). */
  public void onCompleted(java.util.function.Consumer<Alert> listener) {
    this.onCompleted = listener;
  }

  public int openCount() {
    return open.size();
  }

  public long resendCount() {
    return resends;
  }

  /** Stores the alert and its records (the returned future completes once they are durable), then publishes. */
  public Future<Alert> create(AlertRequest request, String user) {
    Directory dir = directory.get();
    Coverage coverage = Coverage.of(request.targets(), dir);
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(ApiError.badField("targets", "所选范围内没有任何终端", "the targets contain no endpoint"));
    }
    long now = clock.millis();
    Alert alert = new Alert(newId("a", now), request.title(), request.text(), request.level(), request.targets(),
        coverage.topics(), coverage.endpointIds().size(), now, user, request.expiresAt(), request.repeat(),
        durationEstimate.of(request.title(), request.text()), AlertState.ACTIVE, 0, null);
    return store.create(alert, coverage.endpointIds()).map(v -> {
      if (leadership.isLeader()) {
        OpenAlert working = new OpenAlert(alert);
        coverage.endpointIds().forEach(e -> working.unfinished.put(e, new OpenAlert.Progress(DeliveryState.PENDING, now, 1)));
        open.put(alert.id(), working);
        armTimers(working);
      }
      JsonObject command = alert.command();
      for (String topic : alert.topics()) {
        bus.publish(topic, command, alert.expiresAt())
            .onFailure(e -> LOG.warn("Publishing alert {} to {} failed: {}; re-sends will cover it", alert.id(), topic, e.toString()));
      }
      LOG.info("Alert {} ({}, {}) accepted from {} for {} endpoint(s) on {} topic(s)", alert.id(), alert.level().wire(),
          LogText.of(alert.title()), LogText.of(user), alert.endpointCount(), alert.topics().size());
      events.publishShared("alert", summaryEvent(alert));
      return alert;
    });
  }

  public Future<Alert> cancel(String id, String user) {
    return store.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (alert.state() != AlertState.ACTIVE) {
        return Future.failedFuture(ApiError.conflict("预警已结束（" + alert.state().wire() + "），无法撤销",
            "the alert has already ended (" + alert.state().wire() + ")"));
      }
      long now = clock.millis();
      Alert cancelled = alert.withState(AlertState.CANCELLED, now, user);
      return store.update(cancelled)
          .compose(v -> store.close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
              DeliveryState.CANCELLED, "CANCELLED", now))
          .map(changed -> {
            forget(id);
            JsonObject stop = alert.stopCommand(newId("s", now), now, "CANCELLED");
            for (String topic : alert.topics()) {
              bus.publish(topic, stop, alert.expiresAt());
            }
            LOG.info("Alert {} cancelled by {}; {} record(s) were still open", id, user, changed.size());
            deliveryEvents(id, changed, DeliveryState.CANCELLED);
            events.publishShared("alert", summaryEvent(cancelled));
            return cancelled;
          });
    });
  }

  /**
   * Applies receipts (batched by the caller) to the records in Redis and announces every record that
   * moved to all hub instances; the leader's working set follows from those announcements.
   */
  @Override
  public Future<List<DeliveryStore.Applied>> applyReceipts(List<Receipt> receipts) {
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>(receipts.size());
    for (Receipt receipt : receipts) {
      if (isAlertStep(receipt)) {
        DeliveryState to = ReceiptMapping.stateOf(receipt);
        transitions.add(new DeliveryStore.Transition(receipt.commandId(), receipt.endpointId(), to, now, receipt.reason(), receipt.ts()));
      }
    }
    return store.deliveries().apply(transitions).map(results -> {
      JsonArray moved = new JsonArray();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).outcome() == DeliveryStore.Applied.Outcome.MOVED) {
          DeliveryStore.Transition t = transitions.get(i);
          moved.add(deliveryItem(t.id(), t.endpointId(), t.to()));
        }
      }
      if (!moved.isEmpty()) {
        events.publishShared("delivery.batch", new JsonObject().put("items", moved));
      }
      return ReceiptMapping.align(receipts, AlertService::isAlertStep, results);
    });
  }

  /** Prefetch readiness is not an alert delivery step. */
  private static boolean isAlertStep(Receipt receipt) {
    return receipt.state() != ReceiptState.READY;
  }

  /** The leader follows receipts applied and alerts accepted or ended on any instance. */
  private void onEvent(JsonObject event) {
    if (!leadership.isLeader()) {
      return;
    }
    switch (event.getString("type", "")) {
      case "delivery" -> {
        DeliveryState state = DeliveryState.parse(event.getString("state"));
        String endpointId = event.getString("endpointId");
        OpenAlert working = open.get(event.getString("alertId"));
        if (working != null) {
          if (state.isFinal()) {
            working.unfinished.remove(endpointId);
          } else {
            OpenAlert.Progress progress = working.unfinished.get(endpointId);
            if (progress != null && state.rank > progress.state.rank) {
              progress.state = state;
              progress.lastActivityAt = clock.millis();
            }
          }
        }
        // after the working set is updated, so listeners asking holdsAlert() see the alert gone
        if (state.isFinal()) {
          alertEndedOn.forEach(listener -> listener.accept(endpointId));
        }
        if (working != null && working.unfinished.isEmpty()) {
          complete(working, AlertState.COMPLETED);
        }
      }
      case "alert" -> {
        String id = event.getString("alertId");
        if (AlertState.ACTIVE.wire().equals(event.getString("state"))) {
          if (!open.containsKey(id)) {
            adopt(id);
          }
        } else {
          forget(id);
        }
      }
      default -> {
      }
    }
  }

  /** An endpoint (re)connected: send it every unexpired alert it has not finished. */
  public void catchUp(String endpointId) {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    for (OpenAlert working : open.values()) {
      OpenAlert.Progress progress = working.unfinished.get(endpointId);
      if (progress != null && now < working.alert.expiresAt()) {
        send(working, endpointId, progress, now);
      }
    }
  }

  private void resendDue() {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    for (OpenAlert working : open.values()) {
      if (now >= working.alert.expiresAt()) {
        continue;
      }
      working.unfinished.forEach((endpointId, progress) -> {
        if (status.isOnline(endpointId) && resendPolicy.due(progress, working.alert, now)) {
          send(working, endpointId, progress, now);
        }
      });
    }
  }

  private void send(OpenAlert working, String endpointId, OpenAlert.Progress progress, long now) {
    progress.sends++;
    progress.lastActivityAt = now;
    if (progress.sends > 1) {
      resends++;
    }
    bus.publish(Topics.endpoint(endpointId), working.alert.command(), working.alert.expiresAt());
  }

  private void armTimers(OpenAlert working) {
    long now = clock.millis();
    working.expiryTimer = vertx.setTimer(Math.max(1, working.alert.expiresAt() - now), t -> expire(working.alert.id()));
    working.closeTimer = vertx.setTimer(Math.max(1, working.alert.closeAt() - now), t -> closeRemaining(working.alert.id()));
  }

  /** At expiry, records never received become expired; those received or playing may still finish. */
  private void expire(String id) {
    OpenAlert working = open.get(id);
    if (working == null) {
      return;
    }
    store.close(id, List.of(DeliveryState.PENDING), DeliveryState.EXPIRED, "EXPIRED", clock.millis()).onSuccess(changed -> {
      changed.forEach(working.unfinished::remove);
      deliveryEvents(id, changed, DeliveryState.EXPIRED);
      if (working.unfinished.isEmpty()) {
        complete(working, AlertState.COMPLETED);
      }
    }).onFailure(e -> LOG.error("Expiring alert {} failed: {}", id, e.toString()));
  }

  /** Long after expiry, whatever never reported a final state is closed as expired. */
  private void closeRemaining(String id) {
    OpenAlert working = open.get(id);
    if (working == null) {
      return;
    }
    store.close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING), DeliveryState.EXPIRED,
        "NO_FINAL_RECEIPT", clock.millis()).onSuccess(changed -> {
          deliveryEvents(id, changed, DeliveryState.EXPIRED);
          complete(working, AlertState.EXPIRED);
        }).onFailure(e -> LOG.error("Closing alert {} failed: {}", id, e.toString()));
  }

  private void complete(OpenAlert working, AlertState state) {
    forget(working.alert.id());
    Alert done = working.alert.withState(state, clock.millis(), null);
    onCompleted.accept(done);
    store.update(done).onSuccess(v -> events.publishShared("alert", summaryEvent(done)))
        .onFailure(e -> LOG.error("Recording the end of alert {} failed: {}", done.id(), e.toString()));
  }

  private void forget(String id) {
    OpenAlert working = open.remove(id);
    if (working != null) {
      forgetTimers(working);
    }
  }

  private boolean forgetTimers(OpenAlert working) {
    vertx.cancelTimer(working.expiryTimer);
    vertx.cancelTimer(working.closeTimer);
    return true;
  }

  private void deliveryEvents(String alertId, List<String> endpointIds, DeliveryState state) {
    if (endpointIds.isEmpty()) {
      return;
    }
    JsonArray items = new JsonArray();
    endpointIds.forEach(e -> items.add(deliveryItem(alertId, e, state)));
    events.publishShared("delivery.batch", new JsonObject().put("items", items));
  }

  private static JsonObject deliveryItem(String alertId, String endpointId, DeliveryState state) {
    return new JsonObject().put("alertId", alertId).put("endpointId", endpointId).put("villageId", villageOf(endpointId))
        .put("state", state.wire());
  }

  private static JsonObject summaryEvent(Alert alert) {
    return new JsonObject().put("alertId", alert.id()).put("state", alert.state().wire()).put("level", alert.level().wire())
        .put("title", alert.title()).put("targets", alert.targets().toJson());
  }

  static String villageOf(String endpointId) {
    int dash = endpointId.lastIndexOf('-');
    return dash > 0 ? endpointId.substring(0, dash) : endpointId;
  }

  /** e.g. {@code a-20261125-k3m9x2qa}: kind, the county's local date, 8 random characters. */
  private String newId(String kind, long now) {
    StringBuilder id = new StringBuilder(kind).append('-')
        .append(LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), zone).format(DateTimeFormatter.BASIC_ISO_DATE))
        .append('-');
    for (int i = 0; i < 8; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  public boolean isOpen(String id) {
    return open.containsKey(id);
  }
}
