package org.dalaba.hub.escalation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.Flight;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DutyContact;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.escalation.EscalationPolicy.Kind;
import org.dalaba.hub.escalation.EscalationPolicy.Step;
import org.dalaba.hub.escalation.channel.Channel;
import org.dalaba.hub.escalation.channel.Channels;
import org.dalaba.hub.escalation.channel.Notice;
import org.dalaba.hub.events.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalation to people when an alert misses its level's delivery target (issue 13): on the leader, on every tick
 * of the delivery engine, each open alert past its target's deadline is judged once (played ÷ targets); a missed
 * one takes the {@link EscalationPolicy}'s steps in turn, each for the villages whose endpoints have not played at
 * that moment: record the engine's re-sends, notify their duty contacts through their channels ({@link Notifier}), list them for a phone
 * call. What was done is in Redis ({@link NotificationLog}), claimed before it is done, so a new leader continues
 * where the old one stopped and notifies nobody twice. Every step and notification attempt is recorded, announced
 * ({@value #EVENT}) and audited. Runs on the hub's context.
 */
public final class Escalation implements Notifier.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Escalation.class);
  public static final String EVENT = "alert.escalation";
  static final String BY = "hub";

  /** What this leader knows of one alert's escalation; rebuilt from Redis by a new leader. */
  private static final class State {
    final Set<String> done = new HashSet<>();
    boolean loaded;
    boolean busy;
  }

  private final Clock clock;
  private final Leadership leadership;
  private final DeliveryEngine engine;
  private final AlertService alerts;
  private final AlertStore store;
  private final Supplier<Directory> directory;
  private final EscalationPolicy policy;
  private final Channels channels;
  private final NotificationLog log;
  private final Events events;
  private final AuditLog audit;
  private final Times times;
  private final Notifier notifier;
  private final java.util.function.Predicate<String> online;
  private final Map<String, State> states = new HashMap<>();
  // alerts seen in flight, kept after they leave the engine: one whose every record ended early (all failed, say)
  // still misses its target and still calls for people, until its last step is due
  private final Map<String, Alert> seen = new HashMap<>();
  private final Map<String, Alert> ended = new HashMap<>();
  private static final long GRACE_MS = 10 * 60_000;

  public Escalation(Vertx vertx, Clock clock, Leadership leadership, DeliveryEngine engine, AlertService alerts, AlertStore store,
                    Supplier<Directory> directory, EscalationPolicy policy, Channels channels, Notifier.Settings sending,
                    NotificationLog log, Events events, AuditLog audit, Times times, java.util.function.Predicate<String> online) {
    this.clock = clock;
    this.online = online;
    this.leadership = leadership;
    this.engine = engine;
    this.alerts = alerts;
    this.store = store;
    this.directory = directory;
    this.policy = policy;
    this.channels = channels;
    this.log = log;
    this.events = events;
    this.audit = audit;
    this.times = times;
    this.notifier = new Notifier(vertx, clock, sending, this);
  }

  public NotificationLog log() {
    return log;
  }

  public EscalationPolicy policy() {
    return policy;
  }

  /** A former leader forgets what it knew (notifications it has queued still go: they are claimed); a new one reloads. */
  public void onLeadership(boolean leader) {
    states.clear();
    seen.clear();
    ended.clear();
  }

  public void stop() {
    notifier.close();
  }

  /** Judges and escalates every open alert (the delivery engine calls it on each tick while this hub leads). */
  public void tick() {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    Set<String> open = new HashSet<>();
    for (Flight<Alert> flight : engine.flights(alerts)) {
      open.add(flight.id());
      seen.put(flight.id(), flight.subject());
      consider(flight.subject(), now);
    }
    for (Iterator<Map.Entry<String, Alert>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Alert> left = it.next();
      if (!open.contains(left.getKey())) {
        it.remove();
        keepIfCompleted(left.getValue(), now);
      }
    }
    ended.values().removeIf(alert -> settled(alert, now));
    ended.values().forEach(alert -> consider(alert, now));
    states.keySet().removeIf(id -> !open.contains(id) && !ended.containsKey(id));
  }

  /**
   * An ended alert needs no more looking at: its target was met, every step was taken, or it is well past its last
   * step's time (a hub that was busy still takes a late step; one that gives up after {@link #GRACE_MS} logs nothing more).
   */
  private boolean settled(Alert alert, long now) {
    State state = states.get(alert.id());
    boolean allTaken = state != null && (state.done.contains("target:met")
        || policy.steps().stream().allMatch(step -> state.done.contains("step:" + step.number())));
    return allTaken || now > policy.lastStepDue(alert.level(), alert.createdAt()) + GRACE_MS;
  }

  /** The engine finished a flight: an alert's is judged further until its last step (see {@link #keepIfCompleted}). */
  public void finished(Flight<?> flight) {
    if (flight.policy() == alerts && leadership.isLeader()) {
      seen.remove(flight.id());
      keepIfCompleted((Alert) flight.subject(), clock.millis());
    }
  }

  /**
   * An alert that left the engine before its last step: judged further unless it was cancelled or expired (its records
   * all final: e.g. every speaker failed at once, before the first tick saw it).
   */
  private void keepIfCompleted(Alert last, long now) {
    long until = policy.lastStepDue(last.level(), last.createdAt());
    if (until < 0 || now > until + GRACE_MS) {
      return;
    }
    store.get(last.id()).onSuccess(alert -> {
      // the flight's end may not be stored yet: ACTIVE then means completed just now
      if (alert != null && (alert.state() == org.dalaba.hub.alert.AlertState.COMPLETED
          || alert.state() == org.dalaba.hub.alert.AlertState.ACTIVE) && leadership.isLeader()) {
        ended.put(alert.id(), alert);
      }
    });
  }

  private void consider(Alert alert, long now) {
    long deadline = policy.deadline(alert.level(), alert.createdAt());
    if (deadline < 0 || now < deadline) {
      return;
    }
    State state = states.computeIfAbsent(alert.id(), id -> new State());
    if (state.busy || state.done.contains("target:met")) {
      return;
    }
    state.busy = true;
    Future<Void> work;
    if (!state.loaded) {
      work = log.progress(alert.id()).map(progress -> {
        state.done.clear();
        progress.forEach((field, value) -> {
          if (field.equals("target")) {
            state.done.add("target:" + (value.startsWith("met") ? "met" : "missed"));
          } else if (field.startsWith("step:")) {
            state.done.add(field);
          }
        });
        state.loaded = true;
        return null;
      });
    } else if (!state.done.contains("target:missed")) {
      work = judge(alert, state, now);
    } else {
      Step next = policy.due(alert.level(), alert.createdAt(), now).stream()
          .filter(s -> !state.done.contains("step:" + s.number())).findFirst().orElse(null);
      work = next == null ? Future.succeededFuture() : take(alert, next, now).compose(v -> {
        state.done.add("step:" + next.number());
        return log.settle(alert.id(), "step:" + next.number(), "done " + clock.millis());
      });
    }
    work.onComplete(r -> {
      state.busy = false;
      if (r.failed()) {
        state.loaded = false; // read the progress again before the next try
        LOG.warn("Escalating alert {} failed: {}; trying again", alert.id(), r.cause().toString());
      }
    });
  }

  /** At the deadline: played ÷ targets against the level's target, recorded once. */
  private Future<Void> judge(Alert alert, State state, long now) {
    DeliveryTarget target = policy.target(alert.level());
    return store.counts(alert.id()).compose(counts -> {
      long played = counts.getOrDefault(DeliveryState.PLAYED.wire(), 0L);
      boolean met = target.metBy(played, alert.endpointCount());
      return log.claim(alert.id(), "target", (met ? "met " : "missed ") + now + " " + played + "/" + alert.endpointCount())
          .map(claimed -> {
            if (!claimed) {
              state.loaded = false; // another leader judged it: follow its verdict
              return null;
            }
            state.done.add(met ? "target:met" : "target:missed");
            if (!met) {
              LOG.warn("Alert {} ({}) missed its delivery target ({}): {} of {} endpoints played; escalating", alert.id(),
                  alert.level().wire(), target.describe(), played, alert.endpointCount());
              events.publishShared(EVENT, new JsonObject().put("alertId", alert.id()).put("kind", "target_missed")
                  .put("played", played).put("endpointCount", alert.endpointCount()).put("targets", alert.targets().toJson()));
            }
            return null;
          });
    });
  }

  /** One step for the villages that have not played now. */
  private Future<Void> take(Alert alert, Step step, long now) {
    return store.records(alert.id()).compose(records -> {
      Directory dir = directory.get();
      Map<String, List<String>> missing = missingByVillage(records, dir);
      long played = records.values().stream().filter(r -> r.state() == DeliveryState.PLAYED).count();
      List<Future<Void>> work = new ArrayList<>();
      Future<Map<String, org.dalaba.hub.alert.PhoneCalls.Call>> phoned = step.kind() == Kind.PHONE_FOLLOWUP
          ? store.phoneCalls().of(alert.id()) : Future.succeededFuture(Map.of());
      return phoned.compose(calls -> {
        missing.forEach((villageId, endpoints) -> {
          switch (step.kind()) {
            case RESEND -> work.add(resend(alert, step, villageId, endpoints));
            case NOTIFY -> work.add(notify(alert, step, dir, villageId, endpoints.size(), (int) played));
            case PHONE_FOLLOWUP -> {
              if (!calls.containsKey(villageId)) {
                work.add(listForCall(alert, step, villageId));
              }
            }
          }
        });
        return Future.all(work);
      }).compose(v -> {
        LOG.info("Alert {}: escalation step {} ({}) for {} village(s) that have not played", alert.id(), step.number(),
            step.kind().wire(), missing.size());
        events.publishShared(EVENT, new JsonObject().put("alertId", alert.id()).put("step", step.number())
            .put("kind", step.kind().wire()).put("villages", missing.size()).put("targets", alert.targets().toJson()));
        return audit.record(BY, "alert.escalation", new JsonObject().put("alertId", alert.id()).put("step", step.number())
            .put("kind", step.kind().wire()).put("villages", new io.vertx.core.json.JsonArray(new ArrayList<>(missing.keySet()))));
      });
    });
  }

  /** Village id → its endpoints of the alert that have not played, in directory order. */
  static Map<String, List<String>> missingByVillage(Map<String, DeliveryRecord> records, Directory dir) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    records.forEach((endpointId, record) -> {
      if (record.state() != DeliveryState.PLAYED) {
        String villageId = dir.endpoint(endpointId).map(e -> e.villageId()).orElse(null);
        if (villageId != null) {
          missing.computeIfAbsent(villageId, v -> new ArrayList<>()).add(endpointId);
        }
      }
    });
    return missing;
  }

  /**
   * The engine re-sends by itself (to online endpoints, with its back-off; offline ones get the alert when they come
   * back): the step records where that stands for the village, it sends nothing of its own.
   */
  private Future<Void> resend(Alert alert, Step step, String villageId, List<String> endpoints) {
    return log.claim(alert.id(), "s" + step.number() + "|" + villageId, "done").compose(claimed -> {
      if (!claimed) {
        return Future.succeededFuture();
      }
      Flight<Alert> flight = engine.flight(alerts, alert.id());
      int sends = 0;
      int reachable = 0;
      for (String endpointId : endpoints) {
        org.dalaba.hub.delivery.Progress progress = flight == null ? null : flight.progress(endpointId);
        sends += progress == null ? 0 : progress.sends();
        reachable += progress != null && online.test(endpointId) ? 1 : 0;
      }
      return record(alert.id(), villageId, entry(step, villageId).put("attempt", 1).put("outcome", reachable > 0 ? "sent" : "failed")
          .put("endpoints", endpoints.size()).put("online", reachable).put("sends", sends)
          .put("error", reachable > 0 ? null : "喇叭离线或未连接，上线后自动补发"));
    });
  }

  private Future<Void> listForCall(Alert alert, Step step, String villageId) {
    return log.listForCall(alert.id(), villageId, new JsonObject().put("at", clock.millis()).put("step", step.number()))
        .compose(listed -> !listed ? Future.succeededFuture()
            : record(alert.id(), villageId, entry(step, villageId).put("attempt", 1).put("outcome", "sent")));
  }

  private Future<Void> notify(Alert alert, Step step, Directory dir, String villageId, int missing, int played) {
    Village village = dir.village(villageId).orElse(null);
    if (village == null) {
      return Future.succeededFuture();
    }
    List<DutyContact> reachable = village.contacts().stream().filter(c -> !c.channels().isEmpty()).toList();
    if (reachable.isEmpty()) {
      return log.claim(alert.id(), "s" + step.number() + "|" + villageId + "|none", "gave_up").compose(claimed -> !claimed
          ? Future.succeededFuture()
          : record(alert.id(), villageId, entry(step, villageId).put("attempt", 0).put("outcome", "gave_up")
              .put("error", "该村没有填写通知渠道的联系人，请电话联系")));
    }
    String townshipName = dir.township(village.townshipId()).map(t -> t.name()).orElse("");
    boolean exercise = alert.toJson().getBoolean("exercise", false); // the drill flag, where the hub has it
    String text = EscalationText.of(alert, exercise, townshipName, village.name(), missing, played, policy.target(alert.level()));
    List<Future<Void>> sends = new ArrayList<>();
    for (DutyContact contact : reachable) {
      for (String channelId : contact.channels()) {
        String key = "s" + step.number() + "|" + villageId + "|" + contact.dialable() + "|" + channelId;
        sends.add(log.claim(alert.id(), key, "queued").compose(claimed -> {
          if (!claimed) {
            return Future.succeededFuture();
          }
          JsonObject base = entry(step, villageId).put("channelId", channelId).put("contact", contact.name())
              .put("contactRole", contact.role());
          Channel channel = channels.get(channelId).orElse(null);
          if (channel == null) {
            return record(alert.id(), villageId, base.put("attempt", 0).put("outcome", "gave_up")
                .put("error", "通知渠道「" + channelId + "」未在配置中（notify.channels）"))
                .compose(v -> log.settle(alert.id(), key, "gave_up"));
          }
          Notice notice = new Notice(alert.id(), alert.level().wire(), alert.title(), exercise, step.number(), villageId,
              village.name(), village.townshipId(), townshipName, contact.name(), contact.role(), contact.dialable(), missing,
              text, times.iso(clock.millis()));
          if (!notifier.offer(new Notifier.Job(alert.id(), key, channel, notice))) {
            return record(alert.id(), villageId, base.put("channel", channel.type().wire()).put("attempt", 0)
                .put("outcome", "gave_up").put("error", "通知队列已满"))
                .compose(v -> log.settle(alert.id(), key, "gave_up"));
          }
          return Future.succeededFuture();
        }));
      }
    }
    return Future.all(sends).mapEmpty();
  }

  /** A notification attempt ended: recorded, announced, and once final settled and audited. */
  @Override
  public void attempted(Notifier.Job job, int attempt, boolean sent, boolean retrying, String error) {
    Notice notice = job.notice();
    String outcome = sent ? "sent" : retrying ? "failed" : "gave_up";
    JsonObject entry = new JsonObject().put("at", clock.millis()).put("step", notice.step()).put("kind", Kind.NOTIFY.wire())
        .put("channel", job.channel().type().wire()).put("channelId", job.channel().id()).put("village", notice.villageId())
        .put("contact", notice.contactName()).put("contactRole", notice.contactRole()).put("attempt", attempt)
        .put("outcome", outcome).put("error", error);
    Future<Void> recorded = record(job.alertId(), notice.villageId(), entry);
    if (sent || !retrying) {
      recorded = recorded.compose(v -> log.settle(job.alertId(), job.key(), outcome))
          .compose(v -> audit.record(BY, "alert.notify", new JsonObject().put("alertId", job.alertId())
              .put("villageId", notice.villageId()).put("contact", notice.contactName()).put("channel", job.channel().id())
              .put("outcome", outcome).put("attempts", attempt)));
    }
    recorded.onFailure(e -> LOG.error("Recording a notification of alert {} for village {} failed: {}", job.alertId(),
        notice.villageId(), e.toString()));
  }

  private JsonObject entry(Step step, String villageId) {
    return new JsonObject().put("at", clock.millis()).put("step", step.number()).put("kind", step.kind().wire())
        .put("channel", null).put("village", villageId).put("contact", null);
  }

  private Future<Void> record(String alertId, String villageId, JsonObject entry) {
    return log.append(alertId, entry).onSuccess(v -> events.publishShared(EVENT, entry.copy().put("alertId", alertId)
        .put("villageId", villageId)));
  }
}
