package org.dalaba.hub.alert;

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
import java.util.function.Supplier;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an alert: accept (durable first), publish to the fewest topics, follow every endpoint's
 * record, re-send to those that have not confirmed, catch up endpoints that come back online, expire,
 * cancel. All state changes go through Redis; the in-memory {@link OpenAlert}s are a working set
 * rebuilt from Redis at start ({@link #recover()}). Everything here runs on the hub's context.
 */
public final class AlertService {
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_ALPHABET = "0123456789abcdefghijkmnpqrstuvwxyz";
  private static final long RESEND_TICK_MS = 1000;

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
  private final Map<String, OpenAlert> open = new HashMap<>();
  private long resendTimer = -1;

  public AlertService(Vertx vertx, Clock clock, ZoneId zone, AlertStore store, CommandBus bus, Supplier<Directory> directory,
                      EndpointStatusTracker status, Events events, ResendPolicy resendPolicy, DurationEstimate durationEstimate) {
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
  }

  /** Rebuilds the working set of every unfinished alert from Redis and starts the re-send timer. */
  public Future<Void> recover() {
    return store.openIds().compose(ids -> {
      List<Future<Void>> loads = new ArrayList<>();
      for (String id : ids) {
        loads.add(store.get(id).compose(alert -> alert == null ? Future.succeededFuture() : store.records(id).map(records -> {
          OpenAlert working = new OpenAlert(alert);
          records.forEach((endpoint, record) -> {
            if (!record.state().isFinal()) {
              working.unfinished.put(endpoint, new OpenAlert.Progress(record.state(), 0, 1));
            }
          });
          open.put(id, working);
          armTimers(working);
          return null;
        })));
      }
      return Future.all(loads).map(v -> {
        if (!ids.isEmpty()) {
          LOG.info("Resumed {} unfinished alert(s)", ids.size());
        }
        resendTimer = vertx.setPeriodic(RESEND_TICK_MS, t -> resendDue());
        return null;
      });
    });
  }

  public void stop() {
    vertx.cancelTimer(resendTimer);
    open.values().forEach(o -> {
      vertx.cancelTimer(o.expiryTimer);
      vertx.cancelTimer(o.closeTimer);
    });
    open.clear();
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
      OpenAlert working = new OpenAlert(alert);
      coverage.endpointIds().forEach(e -> working.unfinished.put(e, new OpenAlert.Progress(DeliveryState.PENDING, now, 1)));
      open.put(alert.id(), working);
      armTimers(working);
      JsonObject command = alert.command();
      for (String topic : alert.topics()) {
        bus.publish(topic, command, alert.expiresAt())
            .onFailure(e -> LOG.warn("Publishing alert {} to {} failed: {}; re-sends will cover it", alert.id(), topic, e.toString()));
      }
      LOG.info("Alert {} ({}, {}) accepted from {} for {} endpoint(s) on {} topic(s)", alert.id(), alert.level().wire(),
          alert.title(), user, alert.endpointCount(), alert.topics().size());
      events.publish("alert", summaryEvent(alert));
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
            changed.forEach(e -> deliveryEvent(id, e, DeliveryState.CANCELLED));
            events.publish("alert", summaryEvent(cancelled));
            return cancelled;
          });
    });
  }

  /** Applies receipts (batched by the caller) and follows up on every record that moved. */
  public Future<List<AlertStore.Applied>> applyReceipts(List<AlertStore.Transition> transitions) {
    return store.apply(transitions).map(results -> {
      for (int i = 0; i < results.size(); i++) {
        AlertStore.Transition t = transitions.get(i);
        if (results.get(i).outcome() != AlertStore.Applied.Outcome.MOVED) {
          continue;
        }
        OpenAlert working = open.get(t.alertId());
        if (working != null) {
          if (t.to().isFinal()) {
            working.unfinished.remove(t.endpointId());
          } else {
            OpenAlert.Progress progress = working.unfinished.get(t.endpointId());
            if (progress != null) {
              progress.state = t.to();
              progress.lastActivityAt = clock.millis();
            }
          }
        }
        deliveryEvent(t.alertId(), t.endpointId(), t.to());
        if (working != null && working.unfinished.isEmpty()) {
          complete(working, AlertState.COMPLETED);
        }
      }
      return results;
    });
  }

  /** An endpoint (re)connected: send it every unexpired alert it has not finished. */
  public void catchUp(String endpointId) {
    long now = clock.millis();
    for (OpenAlert working : open.values()) {
      OpenAlert.Progress progress = working.unfinished.get(endpointId);
      if (progress != null && now < working.alert.expiresAt()) {
        send(working, endpointId, progress, now);
      }
    }
  }

  private void resendDue() {
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
      changed.forEach(e -> {
        working.unfinished.remove(e);
        deliveryEvent(id, e, DeliveryState.EXPIRED);
      });
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
          changed.forEach(e -> deliveryEvent(id, e, DeliveryState.EXPIRED));
          complete(working, AlertState.EXPIRED);
        }).onFailure(e -> LOG.error("Closing alert {} failed: {}", id, e.toString()));
  }

  private void complete(OpenAlert working, AlertState state) {
    forget(working.alert.id());
    Alert done = working.alert.withState(state, clock.millis(), null);
    store.update(done).onSuccess(v -> events.publish("alert", summaryEvent(done)))
        .onFailure(e -> LOG.error("Recording the end of alert {} failed: {}", done.id(), e.toString()));
  }

  private void forget(String id) {
    OpenAlert working = open.remove(id);
    if (working != null) {
      vertx.cancelTimer(working.expiryTimer);
      vertx.cancelTimer(working.closeTimer);
    }
  }

  private void deliveryEvent(String alertId, String endpointId, DeliveryState state) {
    events.publish("delivery", new JsonObject().put("alertId", alertId).put("endpointId", endpointId)
        .put("villageId", villageOf(endpointId)).put("state", state.wire()));
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
