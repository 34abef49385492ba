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

import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.DeliveryPolicy;
import org.dalaba.hub.delivery.Flight;
import org.dalaba.hub.delivery.Progress;
import io.vertx.core.eventbus.MessageConsumer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an alert, a policy of the {@link DeliveryEngine}: accept (durable first), publish to the fewest
 * topics, voice it, cancel it; and what the engine needs to know of alerts: the command for an endpoint and its
 * urgency (by level), the re-send rule ({@link ResendPolicy}), expiry (records never received end expired) and
 * close (whatever is left ends expired and a stop tells endpoints to let it go), and that a preemption by a more
 * urgent alert is not a failure. The engine tracks, re-sends, catches up and hands over. Any hub accepts alerts
 * and applies receipts; the leader acts on time. Runs on the hub's context.
 */
public final class AlertService implements ReceiptOwner, DeliveryPolicy<Alert> {
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  /** An alert still without audio this long after acceptance lost its voicing with the hub that accepted it. */
  private static final long VOICE_GRACE_MS = 10_000;

  private final Vertx vertx;
  private final Clock clock;
  private final ZoneId zone;
  private final AlertStore store;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final Events events;
  private final ResendPolicy resendPolicy;
  private final DurationEstimate durationEstimate;
  private final DeliveryEngine engine;
  private final List<Consumer<String>> alertEndedOn = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private long resends;
  private java.util.function.Consumer<Alert> onCompleted = alert -> { };
  private final Histogram timeToAir = new Histogram("dalaba_alert_time_to_air_seconds",
      "Time from accepting an alert to an endpoint's started receipt, per endpoint", 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800);
  private final Histogram acceptToLastReceipt = new Histogram("dalaba_alert_accept_to_last_receipt_seconds",
      "Time from accepting an alert to the last endpoint's final receipt", 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600);
  private AlertVolumes volumes = AlertVolumes.defaults();
  private AlertVoicing voicing;
  private ApprovalPolicy approvalPolicy = ApprovalPolicy.none();
  private MessageIds messageIds;

  public AlertService(Vertx vertx, Clock clock, ZoneId zone, AlertStore store, CommandBus bus, Supplier<Directory> directory,
                      Events events, ResendPolicy resendPolicy, DurationEstimate durationEstimate, DeliveryEngine engine) {
    this.vertx = vertx;
    this.clock = clock;
    this.zone = zone;
    this.store = store;
    this.bus = bus;
    this.directory = directory;
    this.events = events;
    this.resendPolicy = resendPolicy;
    this.durationEstimate = durationEstimate;
    this.engine = engine;
    engine.register(this);
  }

  /** The forced volume of each level, carried in every alert command (configuration alert.volume.*). */
  public void playAt(AlertVolumes volumes) {
    this.volumes = volumes;
  }

  private JsonObject commandOf(Alert alert) {
    return volumes.command(alert);
  }

  /** Follows the voicing of alerts accepted on other hubs (the leader re-sends the voiced copy). */
  public void start() {
    consumer = vertx.eventBus().<JsonObject>localConsumer(Events.ADDRESS, message -> onEvent(message.body()));
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** Called with an endpoint id whenever one of its alert records reaches a final state (leader only). */
  public void onAlertEndedOn(Consumer<String> listener) {
    alertEndedOn.add(listener);
  }

  /** Whether an alert is in flight for this endpoint and has not ended there (received or not yet). */
  public boolean owesAlert(String endpointId) {
    return engine.owes(this, endpointId);
  }

  /** Gives every alert its national message fields (without it alerts have none: tests of other parts). */
  public void useMessageIds(MessageIds ids) {
    this.messageIds = ids;
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
    return engine.flights(this).size();
  }

  public long resendCount() {
    return resends;
  }

  /** Accept → started per endpoint, observed by the instance that applied the started receipt. */
  public Histogram timeToAir() {
    return timeToAir;
  }

  /** Accept → the last endpoint's final receipt, observed by the instance that saw the alert complete. */
  public Histogram acceptToLastReceipt() {
    return acceptToLastReceipt;
  }

  /** Stores the alert and its records (the returned future completes once they are durable), then publishes. */
  public Future<Alert> create(AlertRequest request, String user) {
    return create(request, user, (JsonObject) null, 0, null).onSuccess(this::voiceIfSent);
  }

  /**
   * As {@link #create(AlertRequest, String)} by {@code sender}; with {@code recordingSha256} (an uploaded recording) the
   * speakers play that after the attention signal instead of the voiced text.
   */
  public Future<Alert> create(AlertRequest request, User sender, String recordingSha256) {
    return create(request, sender, recordingSha256, null);
  }

  /**
   * As {@link #create(AlertRequest, User, String)}. A level under the two-person rule is stored pending approval and
   * nothing is sent ({@link #approve}); with {@code overrideReason} (an emergency override, the caller checked the
   * sender may) it goes out at once, flagged.
   */
  public Future<Alert> create(AlertRequest request, User sender, String recordingSha256, String overrideReason) {
    if (voicing == null || recordingSha256 == null) {
      return create(request, sender.username(), (JsonObject) null, 0, overrideReason).onSuccess(this::voiceIfSent);
    }
    return voicing.recording(request.level(), recordingSha256, sender, directory.get())
        .compose(item -> create(request, sender.username(), voicing.reference(item), item.durationMs(), overrideReason));
  }

  /** The two-person rule: which levels wait, and how long (configuration alert.approval*). */
  public void approvals(ApprovalPolicy policy) {
    this.approvalPolicy = policy;
  }

  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  /** Voices the text of an alert that went out (a pending one is voiced once approved). */
  private void voiceIfSent(Alert alert) {
    if (voicing != null && alert.state() == AlertState.ACTIVE && alert.media() == null) {
      voicing.voiceLater(alert, directory.get(), this::voiced);
    }
  }

  private Future<Alert> create(AlertRequest request, String user, JsonObject media, long mediaDurationMs, String overrideReason) {
    Directory dir = directory.get();
    Coverage coverage = Coverage.of(request.targets(), dir);
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(AlertRefused.noEndpoints());
    }
    Future<AlertMeta> meta = messageIds == null ? Future.succeededFuture(request.meta())
        : messageIds.assign(request.meta().national()).map(request.meta()::withNational);
    return meta.compose(m -> {
      long now = clock.millis();
      boolean byFeedRule = approvalPolicy.required(request.level()) && sentByFeedRule(request, user);
      boolean waits = overrideReason == null && approvalPolicy.required(request.level()) && !byFeedRule;
      Approval approval = overrideReason != null ? Approval.overridden(user, now, overrideReason)
          : waits ? Approval.pending(user, now, Math.min(request.expiresAt(), now + approvalPolicy.timeoutMs()))
          : byFeedRule ? Approval.byFeedRule(user, now)
          : Approval.notRequired(user, now);
      Alert accepted = new Alert(newId("a", now), request.title(), request.text(), request.level(), request.targets(),
          coverage.topics(), coverage.endpointIds().size(), now, user, request.expiresAt(), request.repeat(),
          durationEstimate.of(request.title(), request.text()), waits ? AlertState.PENDING_APPROVAL : AlertState.ACTIVE, 0, null,
          null, request.exercise(), approval, overrideReason == null ? null : new EmergencyOverride(user, now, overrideReason), m);
      Alert stored = media == null ? accepted : accepted.withMedia(media, mediaDurationMs);
      if (waits) {
        return store.createPending(stored).map(v -> {
          LOG.info("Alert {} ({}, {}{}) from {} for {} endpoint(s) waits for approval until {}", stored.id(), stored.level().wire(),
              LogText.of(stored.title()), stored.exercise() ? ", exercise" : "", LogText.of(user), stored.endpointCount(),
              java.time.Instant.ofEpochMilli(approval.deadlineAt()));
          events.publishShared("alert.pending", summaryEvent(stored));
          events.publishShared("alert", summaryEvent(stored));
          return stored;
        });
      }
      return store.create(stored, coverage.endpointIds()).map(v -> launch(stored, coverage.endpointIds()));
    });
  }

  /**
   * A CAP feed's automatic import: it runs as the feed itself ({@code feed:<id>}, a name no person's account can have),
   * whose configured rules are the decision (docs/cap.md, "Feeds and the two-person rule"). An operator sending a
   * queued warning is a person, under the normal rule.
   */
  private static boolean sentByFeedRule(AlertRequest request, String user) {
    AlertSource source = request.meta().source();
    return AlertSource.FEED.equals(source.kind()) && source.feedId() != null && user.equals("feed:" + source.feedId());
  }

  /** The alert is durable with its records: the engine tracks it and it is published to its topics. */
  private Alert launch(Alert alert, List<String> endpointIds) {
    engine.launch(this, alert.id(), alert, endpointIds);
    JsonObject command = commandOf(alert);
    for (String topic : alert.topics()) {
      bus.publish(topic, command, alert.expiresAt())
          .onFailure(e -> LOG.warn("Publishing alert {} to {} failed: {}; re-sends will cover it", alert.id(), topic, e.toString()));
    }
    LOG.info("Alert {} ({}, {}{}{}) sent for {} (approval {}) to {} endpoint(s) on {} topic(s)", alert.id(), alert.level().wire(),
        LogText.of(alert.title()), alert.exercise() ? ", exercise" : "", alert.override() != null ? ", emergency override" : "",
        LogText.of(alert.createdBy()), alert.approval().state(), alert.endpointCount(), alert.topics().size());
    events.publishShared("alert", summaryEvent(alert));
    if (voicing != null) {
      failRecords(alert.id(), voicing.unplayable(endpointIds), AlertVoicing.NO_PLAYABLE_FORMAT);
    }
    return alert;
  }

  /**
   * A second person approved the pending alert: in one atomic step it becomes active with its delivery records (a
   * second approver, on this hub or another, finds it no longer pending: 409), then it goes out as any alert does.
   * The caller checked that {@code by} may approve it.
   */
  public Future<Alert> approve(Alert pending, String by) {
    Coverage coverage = Coverage.of(pending.targets(), directory.get());
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(AlertRefused.noEndpoints());
    }
    long now = clock.millis();
    if (now >= pending.expiresAt()) {
      return Future.failedFuture(AlertRefused.conflict("预警已过有效期，不能再发出", "the alert is past its expiry and cannot be sent"));
    }
    Alert approved = pending.approved(pending.approval().decided(Approval.APPROVED, by, now, null), coverage.topics(),
        coverage.endpointIds().size());
    return decide(approved, coverage.endpointIds()).compose(v -> store.decided(approved)).map(v -> {
      events.publishShared("alert.approved", summaryEvent(approved));
      Alert sent = launch(approved, coverage.endpointIds());
      voiceIfSent(sent);
      return sent;
    });
  }

  /** The pending alert is rejected with a reason; nothing was or will be sent. */
  public Future<Alert> reject(Alert pending, String by, String reason) {
    long now = clock.millis();
    Alert rejected = pending.withApproval(pending.approval().decided(Approval.REJECTED, by, now, reason), AlertState.REJECTED, now, by);
    return decide(rejected, List.of()).compose(v -> store.decided(rejected)).map(v -> {
      LOG.info("Alert {} rejected by {}", rejected.id(), LogText.of(by));
      events.publishShared("alert.rejected", summaryEvent(rejected));
      events.publishShared("alert", summaryEvent(rejected));
      return rejected;
    });
  }

  /**
   * The leader's timer ({@link ApprovalExpiry}): an alert whose wait ended unapproved ends expired, unsent. One that
   * was approved but whose hub stopped before recording it open is recorded open now, so the engine takes it over.
   */
  public Future<Void> expireApproval(String id) {
    return store.get(id).compose(alert -> {
      if (alert == null) {
        return store.notPending(id);
      }
      if (alert.state() != AlertState.PENDING_APPROVAL) {
        return store.decided(alert);
      }
      long now = clock.millis();
      Alert expired = alert.withApproval(alert.approval().decided(Approval.EXPIRED, null, now, null), AlertState.EXPIRED, now, null);
      return store.decide(expired, List.of()).compose(won -> !won ? Future.<Void>succeededFuture() : store.decided(expired).map(v -> {
        LOG.info("Alert {} was not approved in time and expired unsent", id);
        events.publishShared("alert", summaryEvent(expired));
        return (Void) null;
      }));
    });
  }

  /** The atomic decision; fails with a 409 in words when the alert was no longer pending. */
  private Future<Void> decide(Alert decided, List<String> endpointIds) {
    return store.decide(decided, endpointIds).compose(won -> won ? Future.<Void>succeededFuture()
        : store.get(decided.id()).compose(now -> Future.failedFuture(notPending(now))));
  }

  /** Why an alert that is no longer pending cannot be decided, in words. */
  public static AlertRefused notPending(Alert alert) {
    if (alert == null) {
      return AlertRefused.notFound("预警|alert", "");
    }
    String by = alert.approval().decidedBy() == null ? "" : "（" + alert.approval().decidedBy() + "）";
    return switch (alert.state()) {
      case REJECTED -> AlertRefused.conflict("该预警已被驳回" + by + "，不能再审批", "the alert has been rejected already" + by);
      case EXPIRED -> AlertRefused.conflict("该预警已结束（审批超时或已过期），不能再审批", "the alert has ended (not approved in time, or expired)");
      case CANCELLED -> AlertRefused.conflict("该预警已撤销，不能再审批", "the alert was withdrawn or cancelled");
      case COMPLETED -> AlertRefused.conflict("该预警已结束，不能再审批", "the alert has ended");
      default -> AlertRefused.conflict("该预警已由他人审批" + by + "并已发出", "the alert has been approved already" + by + " and is going out");
    };
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
      engine.track(DeliveryEngine.moved(transitions, results));
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
        return Future.failedFuture(AlertRefused.notFound("预警|alert", id));
      }
      if (alert.state() == AlertState.PENDING_APPROVAL) {
        // withdrawn before anyone approved it: nothing was sent, so nothing to stop
        Alert withdrawn = alert.withState(AlertState.CANCELLED, clock.millis(), user);
        return decide(withdrawn, List.of()).compose(v -> store.decided(withdrawn)).map(v -> {
          events.publishShared("alert", summaryEvent(withdrawn));
          return withdrawn;
        });
      }
      if (alert.state() != AlertState.ACTIVE) {
        return Future.failedFuture(AlertRefused.conflict("预警已结束（" + alert.state().wire() + "），无法撤销",
            "the alert has already ended (" + alert.state().wire() + ")"));
      }
      long now = clock.millis();
      Alert cancelled = alert.withState(AlertState.CANCELLED, now, user);
      return store.update(cancelled)
          .compose(v -> store.close(id, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
              DeliveryState.CANCELLED, "CANCELLED", now))
          .map(changed -> {
            engine.end(id);
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
   * Sends the alert again now to these endpoints (an operator's re-send to one village), by the engine's rules.
   * @return the endpoints sent to; null when another hub leads and sends it
   */
  public List<String> resendNow(String id, List<String> endpointIds) {
    return engine.sendNow(this, id, endpointIds);
  }

  /** A village of the alert was marked phoned (or the mark taken back): every console showing it looks again. */
  public void announcePhoned(String alertId, String villageId) {
    events.publishShared("alert.phoned", new JsonObject().put("alertId", alertId).put("villageId", villageId));
  }

  /**
   * Applies receipts (batched by the caller) to the records in Redis, tells the engine what moved (the leader's
   * tracker follows directly, other hubs send it one message) and announces the moves to every console.
   */
  @Override
  public Future<List<DeliveryStore.Applied>> applyReceipts(List<Receipt> receipts) {
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>(receipts.size());
    JsonArray preempted = new JsonArray();
    List<DeliveryEngine.Tracked> heard = new ArrayList<>();
    for (Receipt receipt : receipts) {
      if (isPreemption(receipt)) {
        // Not a failure: the endpoint plays the alert again once the more urgent one has ended, and the
        // replay's receipts count for this same record. The record stays open (docs/protocol.md, "Priority").
        store.deliveries().notePreemption(receipt.commandId(), receipt.endpointId(), "replay");
        preempted.add(deliveryItem(receipt.commandId(), receipt.endpointId(), DeliveryState.PLAYING).put("preempted", true));
        heard.add(new DeliveryEngine.Tracked(receipt.commandId(), receipt.endpointId(), null)); // its replay waits: no re-send yet
      } else if (isAlertStep(receipt)) {
        DeliveryState to = ReceiptMapping.stateOf(receipt);
        transitions.add(new DeliveryStore.Transition(receipt.commandId(), receipt.endpointId(), to, now, receipt.reason(), receipt.ts()));
      }
    }
    if (!preempted.isEmpty()) {
      events.publishShared("delivery.batch", new JsonObject().put("items", preempted));
    }
    return store.deliveries().apply(transitions).map(results -> {
      List<DeliveryEngine.Tracked> tracked = new ArrayList<>(heard);
      tracked.addAll(DeliveryEngine.moved(transitions, results));
      engine.track(tracked);
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
      Flight<Alert> working = engine.flight(this, id);
      Future<Alert> alert = working != null ? Future.succeededFuture(working.subject()) : store.get(id);
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

  /** The leader follows the voicing of alerts accepted on any instance: re-sends and catch-up carry the audio. */
  private void onEvent(JsonObject event) {
    if ("alert.media".equals(event.getString("type"))) {
      Flight<Alert> working = engine.flight(this, event.getString("alertId"));
      if (working != null && working.subject().media() == null) {
        working.subject(working.subject().withMedia(event.getJsonObject("media"), event.getLong("durationMs", 0L)));
      }
    }
  }

  // ---- the policy ----

  @Override
  public String kind() { return "alert"; }

  @Override
  public DeliveryStore records() { return store.deliveries(); }

  @Override
  public Future<List<String>> openIds() { return store.openIds(); }

  @Override
  public Future<Alert> load(String id) {
    return store.get(id).map(alert -> alert == null || alert.state() != AlertState.ACTIVE ? null : alert);
  }

  @Override
  public long expiresAt(Alert alert) { return alert.expiresAt(); }

  @Override
  public long closeAt(Alert alert) { return alert.closeAt(); }

  /** Alerts before every routine play, by level (red first), then the older first. */
  @Override
  public DueCommand due(Flight<Alert> flight, String endpointId, Progress progress, Runnable onSent) {
    Alert alert = flight.subject();
    if (voicing != null && voicing.unplayable(List.of(endpointId)).size() == 1) {
      failRecords(alert.id(), List.of(endpointId), AlertVoicing.NO_PLAYABLE_FORMAT);
      return null;
    }
    if (voicing != null && !voicing.canReceive(endpointId, alert)) {
      return null; // audio-only before the text is voiced (the voicing sends it the audio then), or nothing it can play
    }
    return new DueCommand(commandOf(alert), alert.expiresAt(), true, alert.level().ordinal(), alert.createdAt(), () -> {
      onSent.run();
      if (progress.sends() > 1) {
        resends++;
      }
    });
  }

  @Override
  public boolean resendDue(Flight<Alert> flight, Progress progress, long now) {
    return resendPolicy.due(progress, flight.subject(), now);
  }

  /** At expiry, records never received become expired; those received or playing may still finish. */
  @Override
  public Future<Void> expire(Flight<Alert> flight) {
    return engine.closeRecords(flight, List.of(DeliveryState.PENDING), DeliveryState.EXPIRED, "EXPIRED")
        .map(changed -> {
          deliveryEvents(flight.id(), changed, DeliveryState.EXPIRED);
          return null;
        });
  }

  /**
   * At {@link Alert#closeAt()} (expiry + one whole playback + a minute), whatever never reported a final
   * state is closed as expired, and a {@code stop} with {@code EXPIRED} tells any endpoint still holding
   * the alert (playing it late, or waiting to replay it) to let it go.
   */
  @Override
  public Future<Void> close(Flight<Alert> flight) {
    Alert alert = flight.subject();
    return engine.closeRecords(flight, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
        DeliveryState.EXPIRED, "NO_FINAL_RECEIPT").map(changed -> {
          if (!changed.isEmpty()) {
            long now = clock.millis();
            JsonObject stop = alert.stopCommand(newId("s", now), now, "EXPIRED");
            alert.topics().forEach(topic -> bus.publish(topic, stop, 0));
          }
          deliveryEvents(flight.id(), changed, DeliveryState.EXPIRED);
          engine.finish(flight);
          return null;
        });
  }

  /** Every record is final: completed, or expired when the close time ended the last of them. */
  @Override
  public void completed(Flight<Alert> flight) {
    Alert done = flight.subject().withState(flight.isClosing() ? AlertState.EXPIRED : AlertState.COMPLETED, clock.millis(), null);
    acceptToLastReceipt.observe((done.endedAt() - done.createdAt()) / 1000.0);
    onCompleted.accept(done);
    store.update(done).onSuccess(v -> events.publishShared("alert", summaryEvent(done)))
        .onFailure(e -> LOG.error("Recording the end of alert {} failed: {}", done.id(), e.toString()));
  }

  /** Told after the tracker let go of the endpoint, so listeners asking holdsAlert() see the alert gone. */
  @Override
  public void ended(Flight<Alert> flight, String endpointId, DeliveryState state) {
    alertEndedOn.forEach(listener -> listener.accept(endpointId));
  }

  @Override
  public void adopted(Flight<Alert> flight) {
    Alert alert = flight.subject();
    // its hub stopped before voicing it (voicing takes well under VOICE_GRACE_MS): voice it now, once
    if (voicing != null && alert.media() == null && clock.millis() - alert.createdAt() > VOICE_GRACE_MS) {
      voicing.voiceLater(alert, directory.get(), this::voiced);
    }
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
    JsonObject event = new JsonObject().put("alertId", alert.id()).put("state", alert.state().wire()).put("level", alert.level().wire())
        .put("title", alert.title()).put("targets", alert.targets().toJson()).put("exercise", alert.exercise())
        .put("createdBy", alert.createdBy()).put("approval", alert.approval().state());
    return alert.override() == null ? event : event.put("override", true);
  }

  static String villageOf(String endpointId) {
    int dash = endpointId.lastIndexOf('-');
    return dash > 0 ? endpointId.substring(0, dash) : endpointId;
  }

  private String newId(String kind, long now) {
    return org.dalaba.hub.delivery.CommandIds.next(kind, now, zone);
  }

  public boolean isOpen(String id) {
    return engine.isTracked(id);
  }
}
