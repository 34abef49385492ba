package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertRefused;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.api.AuditLog;
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
import org.dalaba.hub.events.Events;
import org.dalaba.hub.media.MediaItem;
import org.dalaba.hub.media.MediaLibrary;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.refusal.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live voice sessions, a policy of the {@link DeliveryEngine}: opened durably with a record per endpoint, the
 * {@code live} command sent once the first audio has fixed the stream's anchor, re-sent to online endpoints that
 * have not confirmed and caught up for those that come back, until the session ends (source ended, stopped, time
 * limit, stalled source, no source), when a {@code stop} ({@code ENDED}) tells endpoints and the records still open
 * are closed. A preempted live session (a more urgent alert) is not a failure: the endpoint rejoins at the live
 * edge afterwards. The audio side runs in a {@link LiveBroadcast} on the hub that opened the session. Runs on the
 * hub's context.
 */
public final class LiveService implements ReceiptOwner, DeliveryPolicy<LiveSession>, LiveBroadcast.Events {
  private static final Logger LOG = LoggerFactory.getLogger(LiveService.class);
  /** After the end, how long endpoints have to report {@code finished} before their records are closed. */
  static final long FINISH_GRACE_MS = 30_000;

  /** The configuration the service needs. */
  public record Settings(int defaultSeconds, int maxSeconds, long stallMs, long sourceWaitMs, int maxBitrate, long resendFirstMs,
                         long resendMaxMs) {
  }

  private final Vertx vertx;
  private final Clock clock;
  private final ZoneId zone;
  private final LiveStore store;
  private final CommandBus bus;
  private final Supplier<Directory> directory;
  private final DeliveryEngine engine;
  private final Events events;
  private final MediaLibrary media;
  private final AuditLog audit;
  private final Supplier<String> publicUrl;
  private final Settings settings;
  private final Map<String, LiveBroadcast> broadcasts = new HashMap<>();
  private final Map<String, LiveSession> sessions = new HashMap<>();
  private final Map<String, List<Long>> timers = new HashMap<>();
  private final List<Consumer<String>> endedOn = new ArrayList<>();
  private long stallTimer = -1;
  private io.vertx.core.eventbus.MessageConsumer<JsonObject> endedElsewhere;

  public LiveService(Vertx vertx, Clock clock, ZoneId zone, LiveStore store, CommandBus bus, Supplier<Directory> directory,
                     DeliveryEngine engine, Events events, MediaLibrary media, AuditLog audit, Supplier<String> publicUrl,
                     Settings settings) {
    this.vertx = vertx;
    this.clock = clock;
    this.zone = zone;
    this.store = store;
    this.bus = bus;
    this.directory = directory;
    this.engine = engine;
    this.events = events;
    this.media = media;
    this.audit = audit;
    this.publicUrl = publicUrl;
    this.settings = settings;
    engine.register(this);
  }

  public Settings settings() { return settings; }

  public LiveStore store() { return store; }

  /** Checks stalled sources once a second. */
  public void start() {
    stallTimer = vertx.setPeriodic(1000, t -> checkStalls());
    endedElsewhere = vertx.eventBus().<JsonObject>localConsumer(org.dalaba.hub.events.Events.ADDRESS, message -> {
      JsonObject event = message.body();
      if ("live".equals(event.getString("type")) && LiveSession.ENDED.equals(event.getString("state"))) {
        endedElsewhere(event.getString("liveId"));
      }
    });
  }

  /** Ends every session this hub streams (the hub is stopping). */
  public Future<Void> stop() {
    vertx.cancelTimer(stallTimer);
    if (endedElsewhere != null) {
      endedElsewhere.unregister();
    }
    List<Future<Void>> ends = new ArrayList<>();
    List.copyOf(broadcasts.keySet()).forEach(id -> ends.add(end(id, "stopped", "hub").mapEmpty()));
    return Future.join(ends).otherwiseEmpty().mapEmpty();
  }

  /** Called with an endpoint id whenever one of its live records becomes final (leader only): routine resumes follow. */
  public void onEndedOn(Consumer<String> listener) {
    endedOn.add(listener);
  }

  /** Whether a live session is in flight for this endpoint and has not ended there (leader's view). */
  public boolean owes(String endpointId) {
    return engine.owes(this, endpointId);
  }

  /** The ids of the sessions this hub streams (their origin leases, {@link LiveOrigins}). */
  java.util.Collection<String> streamed() {
    return List.copyOf(broadcasts.keySet());
  }

  /** The broadcast of an open session streamed by this hub, or null. */
  LiveBroadcast broadcast(String id) {
    return broadcasts.get(id);
  }

  /**
   * Opens a session (durable before the future completes). Refused with a conflict while an open session of the
   * same or a higher level holds any of the endpoints; the check and the claim are one Redis script ({@link LiveClaims}).
   */
  public Future<LiveSession> create(Targets targets, LiveLevel level, String title, int maxSeconds, User user) {
    Directory dir = directory.get();
    Coverage coverage = Coverage.of(targets, dir);
    if (coverage.endpointIds().isEmpty()) {
      return Future.failedFuture(AlertRefused.noEndpoints());
    }
    Set<String> endpoints = new HashSet<>(coverage.endpointIds());
    long now = clock.millis();
    String id = CommandIds.next("l", now, zone);
    long expiresAt = now + maxSeconds * 1000L;
    return claim(id, level, expiresAt, now, endpoints, true).compose(holder -> {
      if (holder != null) {
        return store.get(holder).otherwiseEmpty().compose(other -> Future.failedFuture(conflict(holder, other)));
      }
      LiveSession session = new LiveSession(id, title, level, targets, coverage.topics(), coverage.endpointIds().size(), now,
          user.username(), user.scope().stored(), maxSeconds, expiresAt, LiveSession.WAITING, 0, 0, 0, null, 0,
          streamUrl(id), null);
      // not stored, not open: give the endpoints back at once
      Future<Void> stored = store.create(session, coverage.endpointIds())
          .recover(e -> store.claims().release(id, endpoints).transform(r -> Future.failedFuture(e)));
      return stored.map(v -> {
        sessions.put(id, session);
        broadcasts.put(id, new LiveBroadcast(vertx, id, user, endpoints, now, this));
        timer(id, settings.sourceWaitMs(), () -> {
          LiveSession s = sessions.get(id);
          if (s != null && LiveSession.WAITING.equals(s.state())) {
            end(id, "no_source", null);
          }
        });
        timer(id, maxSeconds * 1000L, () -> end(id, "time_limit", null));
        LOG.info("Live session {} ({}) opened by {} for {} endpoint(s)", id, level.wire(), user.username(), session.endpointCount());
        events.publishShared("live", summary(session));
        return session;
      });
    });
  }

  private static Refusal conflict(String holder, LiveSession other) {
    String named = other == null ? holder : other.title() + "，" + holder;
    return Refusal.conflict("目标中有村庄正在进行另一场喊话（" + named + "）；只有更高级别的喊话才能接管",
        "a live session is already open to some of these targets (" + holder + "); only a higher level takes over");
  }

  /** Gives the session's endpoints back once it has ended (those of its targets now; a claim left over lapses at its time limit). */
  private void release(LiveSession done) {
    store.claims().release(done.id(), Coverage.of(done.targets(), directory.get()).endpointIds())
        .onFailure(e -> LOG.warn("Releasing the endpoints of live session {} failed: {}; they free at its time limit", done.id(), e.toString()));
  }

  /**
   * Claims the endpoints; a claim held by a session that has ended (its hub's release failed) is given back and the
   * claim tried once more. A holder not stored (yet) counts: it may be an open in progress on another hub.
   */
  private Future<String> claim(String id, LiveLevel level, long expiresAt, long now, Set<String> endpoints, boolean clearEnded) {
    return store.claims().claim(id, level, expiresAt, now, endpoints).compose(holder -> {
      if (holder == null || !clearEnded) {
        return Future.succeededFuture(holder);
      }
      return store.get(holder).otherwiseEmpty().compose(other -> {
        if (other == null || other.open()) {
          return Future.succeededFuture(holder);
        }
        LOG.warn("Live session {} had ended but still held endpoints; released", holder);
        return store.claims().release(holder, endpoints).compose(v -> claim(id, level, expiresAt, now, endpoints, false));
      });
    });
  }

  private String streamUrl(String id) {
    String base = publicUrl.get();
    return (base.endsWith("/") ? base : base + "/") + "live/" + id + "/stream";
  }

  private void timer(String id, long delayMs, Runnable action) {
    long t = vertx.setTimer(Math.max(1, delayMs), x -> action.run());
    timers.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
  }

  /** The first audio page fixed the anchor: the session is live, the command goes out. */
  @Override
  public void firstAudio(LiveBroadcast broadcast, long anchorMs) {
    LiveSession waiting = sessions.get(broadcast.id());
    if (waiting == null) {
      return;
    }
    LiveSession live = waiting.live(clock.millis(), anchorMs);
    sessions.put(live.id(), live);
    Directory dir = directory.get();
    List<String> endpointIds = Coverage.of(live.targets(), dir).endpointIds();
    store.update(live).onSuccess(v -> {
      engine.launch(this, live.id(), live, endpointIds);
      JsonObject command = live.command();
      for (String topic : live.topics()) {
        bus.publish(topic, command, live.expiresAt())
            .onFailure(e -> LOG.warn("Publishing live session {} to {} failed: {}; re-sends will cover it", live.id(), topic, e.toString()));
      }
      events.publishShared("live", summary(live));
    }).onFailure(e -> {
      LOG.error("Recording live session {} on air failed: {}", live.id(), e.toString());
      end(live.id(), "stopped", null);
    });
  }

  @Override
  public void audioEnded(LiveBroadcast broadcast, String reason) {
    end(broadcast.id(), reason, null);
  }

  private void checkStalls() {
    long now = clock.millis();
    for (LiveBroadcast b : List.copyOf(broadcasts.values())) {
      LiveSession s = sessions.get(b.id());
      if (s != null && b.hasSource() && !b.queued() && now - b.lastInputAt() > settings.stallMs()) {
        end(b.id(), "stalled", null);
      }
    }
  }

  /**
   * Ends a session: streams end, endpoints get {@code stop} ENDED, records never received close expired, the
   * recording goes to the media library. @param by the operator who stopped it, or null
   */
  public Future<LiveSession> end(String id, String reason, String by) {
    LiveSession session = sessions.remove(id);
    LiveBroadcast broadcast = broadcasts.remove(id);
    List<Long> armed = timers.remove(id);
    if (armed != null) {
      armed.forEach(vertx::cancelTimer);
    }
    if (session == null) {
      return store.get(id).compose(stored -> stored == null ? Future.failedFuture(Refusal.notFound("喊话|live session", id))
          : stored.open() ? endStored(stored, reason, by) : Future.failedFuture(ended(stored)));
    }
    long now = clock.millis();
    LiveSession done = session.ended(now, reason, broadcast == null ? 0 : broadcast.audioMs());
    Future<Void> closed = broadcast == null ? Future.succeededFuture() : broadcast.end();
    return store.update(done).map(v -> {
      announceEnd(done, now, by);
      closed.onComplete(c -> record(done, broadcast));
      if (broadcast != null) {
        broadcast.endStored();
      }
      return done;
    });
  }

  /**
   * Another hub ended a session this hub streams (an operator stopped it there): the end was stored and told there;
   * here the source is let go and the recording of what was said is kept. Nothing is told twice.
   */
  private void endedElsewhere(String id) {
    if (!broadcasts.containsKey(id)) {
      return; // not streamed here, or this hub ended it itself
    }
    store.get(id).onSuccess(stored -> {
      if (stored == null || stored.open() || !broadcasts.containsKey(id)) {
        return;
      }
      sessions.remove(id);
      LiveBroadcast broadcast = broadcasts.remove(id);
      List<Long> armed = timers.remove(id);
      if (armed != null) {
        armed.forEach(vertx::cancelTimer);
      }
      Future<Void> closed = broadcast.end();
      LiveSession done = stored.ended(stored.endedAt(), stored.endReason(), broadcast.audioMs());
      LOG.info("Live session {} was ended through another hub ({}); its audio stops here after {} ms", id, done.endReason(), done.audioMs());
      store.update(done).onComplete(u -> closed.onComplete(c -> record(done, broadcast)));
      broadcast.endStored();
    }).onFailure(e -> LOG.warn("Reading live session {} ended elsewhere failed: {}", id, e.toString()));
  }

  /** Ends a session another hub streamed (it is gone, or its time limit passed there unseen): told as at a normal end. */
  private Future<LiveSession> endStored(LiveSession stored, String reason, String by) {
    long now = clock.millis();
    LiveSession done = stored.ended(now, reason, stored.audioMs());
    return store.update(done).map(v -> {
      announceEnd(done, now, by);
      return done;
    });
  }

  /**
   * The stored end goes out: the endpoints are given back, they get {@code stop} ENDED, records close, consoles hear of
   * it, it is audited.
   */
  private void announceEnd(LiveSession done, long now, String by) {
    release(done);
    if (done.startedAt() > 0) {
      JsonObject stop = done.stopCommand(CommandIds.next("s", now, zone), now);
      done.topics().forEach(topic -> bus.publish(topic, stop, 0));
    }
    closeRecords(done);
    LOG.info("Live session {} ended ({}) after {} ms of audio", done.id(), done.endReason(), done.audioMs());
    events.publishShared("live", summary(done));
    audit.record(by == null ? "hub" : by, "live.end", new JsonObject().put("liveId", done.id()).put("reason", done.endReason())
        .put("audioMs", done.audioMs())).onFailure(e -> LOG.warn("Auditing the end of {} failed: {}", done.id(), e.toString()));
  }

  private static Refusal ended(LiveSession session) {
    return Refusal.conflict("喊话已结束", "the live session has ended already (" + session.endReason() + ")");
  }

  /** Records never received end expired now; the others have {@link #FINISH_GRACE_MS} to report finished. */
  private void closeRecords(LiveSession done) {
    Flight<LiveSession> flight = engine.flight(this, done.id());
    if (flight == null) {
      store.deliveries().close(done.id(), List.of(DeliveryState.PENDING), DeliveryState.EXPIRED, "ENDED", clock.millis());
      vertx.setTimer(FINISH_GRACE_MS, t -> store.deliveries().close(done.id(), List.of(DeliveryState.RECEIVED, DeliveryState.PLAYING),
          DeliveryState.EXPIRED, "NO_FINAL_RECEIPT", clock.millis()));
      return;
    }
    flight.subject(done);
    engine.closeRecords(flight, List.of(DeliveryState.PENDING), DeliveryState.EXPIRED, "ENDED")
        .onFailure(e -> LOG.warn("Closing records of {} failed: {}", done.id(), e.toString()));
    vertx.setTimer(FINISH_GRACE_MS, t -> {
      Flight<LiveSession> still = engine.flight(this, done.id());
      if (still != null) {
        engine.closeRecords(still, List.of(DeliveryState.RECEIVED, DeliveryState.PLAYING), DeliveryState.EXPIRED, "NO_FINAL_RECEIPT")
            .onSuccess(c -> engine.finish(still));
      }
    });
  }

  /** The recording, once its file is closed, goes to the media library and is named in the session. */
  private void record(LiveSession done, LiveBroadcast broadcast) {
    if (broadcast == null || broadcast.recordingPath() == null) {
      return;
    }
    if (done.audioMs() <= 0) {
      vertx.fileSystem().delete(broadcast.recordingPath().toString());
      return;
    }
    record(done, broadcast.recordingPath(), broadcast.creator)
        .onFailure(e -> LOG.error("Recording live session {} in the media library failed: {}", done.id(), e.toString()));
  }

  /**
   * Puts a session's closed recording (whole Ogg pages) in the media library as its creator's, names it in the
   * session and audits it; the file is gone afterwards. Also for a recording left by a hub that died
   * ({@link LiveRecordingRecovery}).
   */
  Future<Void> record(LiveSession done, java.nio.file.Path recording, User creator) {
    String name = "喊话 " + done.title() + " " + java.time.Instant.ofEpochMilli(done.createdAt()).atZone(zone)
        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    return media.addFile(recording, name, "live", creator, directory.get(), bytes -> Future.succeededFuture())
        .compose(item -> store.get(done.id()).compose(now -> store.update(withRecording(now == null ? done : now, item)))
            .compose(v -> audit.record(done.createdBy(), "live.recorded", new JsonObject().put("liveId", done.id())
                .put("sha256", item.sha256()).put("durationMs", item.durationMs()).put("targets", done.targets().toJson()))))
        .mapEmpty();
  }

  /** The session naming its recording; one whose hub died before storing how much audio it had takes the recording's length. */
  private static LiveSession withRecording(LiveSession session, MediaItem item) {
    LiveSession measured = !session.open() && session.audioMs() <= 0
        ? session.ended(session.endedAt(), session.endReason(), item.durationMs()) : session;
    return measured.recorded(reference(item));
  }

  private static JsonObject reference(MediaItem item) {
    return new JsonObject().put("sha256", item.sha256()).put("durationMs", item.durationMs()).put("bytes", item.bytes());
  }

  static JsonObject summary(LiveSession s) {
    return new JsonObject().put("liveId", s.id()).put("state", s.state()).put("level", s.level().wire()).put("title", s.title())
        .put("targets", s.targets().toJson());
  }

  // ---- receipts ----

  @Override
  public Future<List<DeliveryStore.Applied>> applyReceipts(List<Receipt> receipts) {
    long now = clock.millis();
    List<DeliveryStore.Transition> transitions = new ArrayList<>(receipts.size());
    List<DeliveryEngine.Tracked> heard = new ArrayList<>();
    Map<String, Map<String, JsonObject>> lags = new HashMap<>();
    for (Receipt receipt : receipts) {
      if (receipt.lag() != null) {
        JsonObject lag = receipt.lag();
        Map<String, JsonObject> of = lags.computeIfAbsent(receipt.commandId(), k -> new HashMap<>());
        if (lag.containsKey("firstMs")) {
          of.put("first:" + receipt.endpointId(), new JsonObject().put("firstMs", lag.getLong("firstMs")));
        }
        if (lag.containsKey("p95Ms")) {
          of.put("all:" + receipt.endpointId(), new JsonObject().put("p50Ms", lag.getLong("p50Ms")).put("p95Ms", lag.getLong("p95Ms"))
              .put("maxMs", lag.getLong("maxMs")).put("pages", lag.getLong("pages")));
        }
      }
      if (receipt.state() == ReceiptState.FAILED && "PREEMPTED".equals(receipt.reason())) {
        // not a failure: the endpoint rejoins at the live edge once the more urgent command has ended
        store.deliveries().notePreemption(receipt.commandId(), receipt.endpointId(), "rejoin");
        heard.add(new DeliveryEngine.Tracked(receipt.commandId(), receipt.endpointId(), null));
      } else if (receipt.state() != ReceiptState.READY) {
        transitions.add(new DeliveryStore.Transition(receipt.commandId(), receipt.endpointId(), ReceiptMapping.stateOf(receipt), now,
            receipt.reason(), receipt.ts()));
      }
    }
    List<Future<Void>> lagWrites = new ArrayList<>();
    lags.forEach((id, fields) -> lagWrites.add(store.recordLag(id, fields)));
    return Future.all(lagWrites).compose(w -> store.deliveries().apply(transitions)).map(results -> {
      List<DeliveryEngine.Tracked> tracked = new ArrayList<>(heard);
      tracked.addAll(DeliveryEngine.moved(transitions, results));
      engine.track(tracked);
      return ReceiptMapping.align(receipts, r -> r.state() != ReceiptState.READY
          && !(r.state() == ReceiptState.FAILED && "PREEMPTED".equals(r.reason())), results);
    });
  }

  // ---- the policy ----

  @Override
  public String kind() { return "live"; }

  @Override
  public DeliveryStore records() { return store.deliveries(); }

  @Override
  public Future<List<String>> openIds() { return store.openIds(); }

  @Override
  public Future<LiveSession> load(String id) {
    return store.get(id).map(s -> s == null || !LiveSession.LIVE.equals(s.state()) ? null : s);
  }

  @Override
  public long expiresAt(LiveSession s) { return s.open() ? s.expiresAt() : s.endedAt(); }

  @Override
  public long closeAt(LiveSession s) { return s.expiresAt() + FINISH_GRACE_MS; }

  /** An emergency live session ranks as an alert of its level, a routine one before every routine play. */
  @Override
  public DueCommand due(Flight<LiveSession> flight, String endpointId, Progress progress, Runnable onSent) {
    LiveSession s = flight.subject();
    if (!LiveSession.LIVE.equals(s.state())) {
      return null;
    }
    boolean emergency = s.level() != LiveLevel.ROUTINE;
    return new DueCommand(s.command(), s.expiresAt(), emergency, emergency ? s.level().rank() - 1 : Integer.MAX_VALUE, s.startedAt(),
        onSent);
  }

  @Override
  public boolean resendDue(Flight<LiveSession> flight, Progress progress, long now) {
    return progress.state() == DeliveryState.PENDING
        && now - progress.lastActivityAt() >= progress.backoff(settings.resendFirstMs(), settings.resendMaxMs());
  }

  @Override
  public Future<Void> expire(Flight<LiveSession> flight) {
    return Future.succeededFuture(); // the time limit ends the session (end()), which closes what was never received
  }

  @Override
  public Future<Void> close(Flight<LiveSession> flight) {
    return engine.closeRecords(flight, List.of(DeliveryState.PENDING, DeliveryState.RECEIVED, DeliveryState.PLAYING),
        DeliveryState.EXPIRED, "NO_FINAL_RECEIPT").mapEmpty();
  }

  @Override
  public void completed(Flight<LiveSession> flight) {
  }

  @Override
  public void ended(Flight<LiveSession> flight, String endpointId, DeliveryState state) {
    endedOn.forEach(l -> l.accept(endpointId));
  }
}
