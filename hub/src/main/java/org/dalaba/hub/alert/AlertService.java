package org.dalaba.hub.alert;

import org.dalaba.hub.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.vertx.core.json.JsonArray;
import org.dalaba.hub.access.User;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.catchup.CatchUp;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.delivery.ReceiptMapping;
import org.dalaba.hub.delivery.ReceiptOwner;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.metrics.Histogram;
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
public final class AlertService implements ReceiptOwner, CatchUp.Source {
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  private static final long RESEND_TICK_MS = 1000;
  static final long RECONCILE_MS = 30_000;
  /** An alert still without audio this long after acceptance lost its voicing with the hub that accepted it. */
  private static final long VOICE_GRACE_MS = 10_000;

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
  private final Histogram timeToAir = new Histogram("dalaba_alert_time_to_air_seconds",
      "Time from accepting an alert to an endpoint's started receipt, per endpoint", 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800);
  private AlertVolumes volumes = AlertVolumes.defaults();
  private AlertVoicing voicing;

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

  /** The forced volume of each level, carried in every alert command (configuration alert.volume.*). */
  public void playAt(AlertVolumes volumes) {
    this.volumes = volumes;
  }

  private JsonObject commandOf(Alert alert) {
    return volumes.command(alert);
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
            // its hub stopped before voicing it (voicing takes well under VOICE_GRACE_MS): voice it now, once
            if (voicing != null && alert.media() == null && clock.millis() - alert.createdAt() > VOICE_GRACE_MS) {
              voicing.voiceLater(alert, directory.get(), this::voiced);
            }
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

  /** Gives alerts audio (voiced text or an attached recording) and follows each endpoint's capabilities. */
  public void useVoicing(AlertVoicing voicing) {
    this.voicing = voicing;
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

  /** Accept → started per endpoint, observed by the instance that applied the started receipt. */
  public Histogram timeToAir() {
    return timeToAir;
  }

  /** Stores the alert and its records (the returned future completes once they are durable), then publishes. */
  public Future<Alert> create(AlertRequest request, String user) {
    Future<Alert> created = create(request, user, (JsonObject) null, 0);
    return voicing == null ? created : created.onSuccess(alert -> voicing.voiceLater(alert, directory.get(), this::voiced));
  }

  /**
   * As {@link #create(AlertRequest, String)} by {@code sender}; with {@code recordingSha256} (an uploaded recording) the
   * speakers play that after the attention signal instead of the voiced text.
   */
  public Future<Alert> create(AlertRequest request, User sender, String recordingSha256) {
    if (voicing == null || recordingSha256 == null) {
      return create(request, sender.username());
    }
    return voicing.recording(request.level(), recordingSha256, sender, directory.get())
        .compose(item -> create(request, sender.username(), voicing.reference(item), item.durationMs()));
  }

  private Future<Alert> create(AlertRequest request, String user, JsonObject media, long mediaDurationMs) {
    Directory dir = directory.get();
    Coverage coverage = Coverage.of(request.targets(), dir);
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(ApiError.badField("targets", "所选范围内没有任何终端", "the targets contain no endpoint"));
    }
    long now = clock.millis();
    Alert accepted = new Alert(newId("a", now), request.title(), request.text(), request.level(), request.targets(),
        coverage.topics(), coverage.endpointIds().size(), now, user, request.expiresAt(), request.repeat(),
        durationEstimate.of(request.title(), request.text()), AlertState.ACTIVE, 0, null);
    Alert stored = media == null ? accepted : accepted.withMedia(media, mediaDurationMs);
    return store.create(stored, coverage.endpointIds()).map(v -> {
      Alert alert = stored;
      if (leadership.isLeader()) {
        OpenAlert working = new OpenAlert(alert);
        coverage.endpointIds().forEach(e -> working.unfinished.put(e, new OpenAlert.Progress(DeliveryState.PENDING, now, 1)));
        open.put(alert.id(), working);
        armTimers(working);
      }
      JsonObject command = commandOf(alert);
      for (String topic : alert.topics()) {
        bus.publish(topic, command, alert.expiresAt())
            .onFailure(e -> LOG.warn("Publishing alert {} to {} failed: {}; re-sends will cover it", alert.id(), topic, e.toString()));
      }
      LOG.info("Alert {} ({}, {}) accepted from {} for {} endpoint(s) on {} topic(s)", alert.id(), alert.level().wire(),
          LogText.of(alert.title()), LogText.of(user), alert.endpointCount(), alert.topics().size());
      events.publishShared("alert", summaryEvent(alert));
      if (voicing != null) {
        failRecords(alert.id(), voicing.unplayable(coverage.endpointIds()), AlertVoicing.NO_PLAYABLE_FORMAT);
      }
      return alert;
    });
  }

  /** The text has been voiced: re-sends and catch-up now carry the audio; audio-only endpoints get it at once. */
  private void voiced(Alert withMedia) {
    store.setMedia(withMedia, withMedia.media(), withMedia.durationMs()).compose(v -> store.get(withMedia.id())).onSuccess(now -> {
      events.publishShared("alert.media", new JsonObject().put("alertId", withMedia.id()).put("media", withMedia.media())
          .put("durationMs", withMedia.durationMs()));
      if (now == null || now.state() != AlertState.ACTIVE || clock.millis() >= now.expiresAt()) {
        return; // cancelled or over while it was being voiced: nothing more to send
      }
      JsonObject command = commandOf(withMedia);
      for (String topic : voicing.audioTopics(withMedia.topics(), directory.get())) {
        bus.publish(topic, command, withMedia.expiresAt());
      }
    }).onFailure(e -> LOG.error("Recording the audio of alert {} failed: {}", withMedia.id(), e.toString()));
  }

  /** Records as failed, with a reason the operator sees, endpoints the hub cannot reach with this alert. */
  private void failRecords(String alertId, List<String> endpointIds, String reason) {
    if (endpointIds.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>();
    endpointIds.forEach(e -> transitions.add(new DeliveryStore.Transition(alertId, e, DeliveryState.FAILED, now, reason, now)));
    store.deliveries().apply(transitions).onSuccess(results -> {
      JsonArray moved = new JsonArray();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).outcome() == DeliveryStore.Applied.Outcome.MOVED) {
          moved.add(deliveryItem(alertId, transitions.get(i).endpointId(), DeliveryState.FAILED));
        }
      }
      if (!moved.isEmpty()) {
        LOG.info("Alert {}: {} endpoint(s) failed with {}", alertId, moved.size(), reason);
        events.publishShared("delivery.batch", new JsonObject().put("items", moved));
      }
    }).onFailure(e -> LOG.error("Recording {} for alert {} failed: {}", reason, alertId, e.toString()));
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
    JsonArray preempted = new JsonArray();
    for (Receipt receipt : receipts) {
      if (isPreemption(receipt)) {
        // Not a failure: the endpoint plays the alert again once the more urgent one has ended, and the
        // replay's receipts count for this same record. The record stays open (docs/protocol.md, "Priority").
        store.deliveries().notePreemption(receipt.commandId(), receipt.endpointId(), "replay");
        preempted.add(deliveryItem(receipt.commandId(), receipt.endpointId(), DeliveryState.PLAYING).put("preempted", true));
      } else if (isAlertStep(receipt)) {
        DeliveryState to = ReceiptMapping.stateOf(receipt);
        transitions.add(new DeliveryStore.Transition(receipt.commandId(), receipt.endpointId(), to, now, receipt.reason(), receipt.ts()));
      }
    }
    if (!preempted.isEmpty()) {
      events.publishShared("delivery.batch", new JsonObject().put("items", preempted));
    }
    return store.deliveries().apply(transitions).map(results -> {
      JsonArray moved = new JsonArray();
      List<DeliveryStore.Transition> started = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).outcome() == DeliveryStore.Applied.Outcome.MOVED) {
          DeliveryStore.Transition t = transitions.get(i);
          moved.add(deliveryItem(t.id(), t.endpointId(), t.to()));
          if (t.to() == DeliveryState.PLAYING) {
            started.add(t);
          }
        }
      }
      if (!moved.isEmpty()) {
        events.publishShared("delivery.batch", new JsonObject().put("items", moved));
      }
      observeTimeToAir(started);
      return ReceiptMapping.align(receipts, r -> !isPreemption(r) && isAlertStep(r), results);
    });
  }

  private static boolean isPreemption(Receipt receipt) {
    return receipt.state() == ReceiptState.FAILED && "PREEMPTED".equals(receipt.reason());
  }

  /** The started time is the hub's own clock when the receipt was applied, as stored in the record. */
  private void observeTimeToAir(List<DeliveryStore.Transition> started) {
    Map<String, List<DeliveryStore.Transition>> byAlert = new HashMap<>();
    started.forEach(t -> byAlert.computeIfAbsent(t.id(), id -> new ArrayList<>()).add(t));
    byAlert.forEach((id, list) -> {
      OpenAlert working = open.get(id);
      Future<Alert> alert = working != null ? Future.succeededFuture(working.alert) : store.get(id);
      alert.onSuccess(a -> {
        if (a != null) {
          list.forEach(t -> timeToAir.observe(Math.max(0, t.at() - a.createdAt()) / 1000.0));
        }
      });
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
        if (working != null && event.getBoolean("preempted", false)) {
          OpenAlert.Progress progress = working.unfinished.get(endpointId);
          if (progress != null) {
            progress.lastActivityAt = clock.millis(); // its replay waits behind the more urgent alert
          }
        } else if (working != null) {
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
      case "alert.media" -> {
        OpenAlert working = open.get(event.getString("alertId"));
        if (working != null && working.alert.media() == null) {
          working.alert = working.alert.withMedia(event.getJsonObject("media"), event.getLong("durationMs", 0L));
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

  /** What an endpoint that (re)connected is still owed: every unexpired alert it has not finished. */
  @Override
  public List<DueCommand> dueFor(String endpointId, long now) {
    List<DueCommand> due = new ArrayList<>();
    for (OpenAlert working : open.values()) {
      OpenAlert.Progress progress = working.unfinished.get(endpointId);
      Alert alert = working.alert;
      if (progress != null && now < alert.expiresAt()) {
        if (voicing != null && voicing.unplayable(List.of(endpointId)).size() == 1) {
          failRecords(alert.id(), List.of(endpointId), AlertVoicing.NO_PLAYABLE_FORMAT);
        } else if (voicing == null || voicing.canReceive(endpointId, alert)) {
          // audio-only endpoints wait for the voiced copy, which the voicing sends them itself
          due.add(new DueCommand(commandOf(alert), alert.expiresAt(), true, alert.level().ordinal(), alert.createdAt(),
              () -> noteSent(progress, now)));
        }
      }
    }
    return due;
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
    if (voicing != null && !voicing.canReceive(endpointId, working.alert)) {
      return; // audio-only before the text is voiced (it gets the audio then), or nothing it can play
    }
    noteSent(progress, now);
    bus.publish(Topics.endpoint(endpointId), commandOf(working.alert), working.alert.expiresAt());
  }

  private void noteSent(OpenAlert.Progress progress, long now) {
    progress.sends++;
    progress.lastActivityAt = now;
    if (progress.sends > 1) {
      resends++;
    }
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

  /**
   * At {@link Alert#closeAt()} (expiry + one whole playback + a minute), whatever never reported a final
   * state is closed as expired, and a {@code stop} with {@code EXPIRED} tells any endpoint still holding
   * the alert (playing it late, or waiting to replay it) to let it go.
   */
  private void closeRemaining(String id) {
    OpenAlert working = open.get(id);
    if (working == null) {
      return;
    }
    long now = clock.millis();
    store.close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING), DeliveryState.EXPIRED,
        "NO_FINAL_RECEIPT", now).onSuccess(changed -> {
          if (!changed.isEmpty()) {
            JsonObject stop = working.alert.stopCommand(newId("s", now), now, "EXPIRED");
            working.alert.topics().forEach(topic -> bus.publish(topic, stop, 0));
          }
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

  private String newId(String kind, long now) {
    return org.dalaba.hub.delivery.CommandIds.next(kind, now, zone);
  }

  public boolean isOpen(String id) {
    return open.containsKey(id);
  }
}
