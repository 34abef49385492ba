package org.dalaba.hub.status;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.protocol.EndpointStatusReport;
import org.dalaba.hub.protocol.Heartbeat;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live state of every endpoint (docs/protocol.md, "Liveness"). Only an {@code online} status makes an endpoint
 * online, and only while the connection that announced it lives (when the broker can tell: the embedded one);
 * heartbeats and receipts keep an online endpoint online and bring a stale one back, never an offline one.
 * Silence for three heartbeat intervals makes an online endpoint stale. Kept in memory for the hot paths
 * (catch-up, re-sends, the villages list) and written to Redis so another hub instance and a restart see it.
 * Runs on the hub's context.
 */
public final class EndpointStatusTracker {
  /** Missed heartbeats after which an endpoint is stale. */
  public static final int MISSED_BEATS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(EndpointStatusTracker.class);

  private final RedisStore redis;
  private final Events events;
  private final Map<String, EndpointLive> live = new ConcurrentHashMap<>();
  private Consumer<String> onOnline = id -> { };
  private Predicate<String> announcingConnectionAlive = id -> true;
  private long staleTimer = -1;

  public EndpointStatusTracker(RedisStore redis, Events events) {
    this.redis = redis;
    this.events = events;
  }

  /** Called with the endpoint id every time an endpoint becomes online (announced, or back from stale). */
  public void onOnline(Consumer<String> listener) { this.onOnline = listener; }

  /**
   * Where the broker can tell (the embedded one), whether the connection that published an endpoint's
   * {@code online} status is still open: a status that arrives after its connection closed does not count.
   */
  public void announcingConnectionAlive(Predicate<String> check) { this.announcingConnectionAlive = check; }

  public Future<Void> load() {
    return redis.send(Command.HGETALL, Keys.ENDPOINT_STATUS).map(r -> {
      RedisStore.toMap(r).forEach((id, json) -> live.put(id, EndpointLive.fromJson(new JsonObject(json))));
      return null;
    });
  }

  /** Checks for silent endpoints a few times per interval, on {@code vertx}'s current context. */
  public void start(Vertx vertx, long heartbeatIntervalMs) {
    long silenceMs = heartbeatIntervalMs * MISSED_BEATS;
    staleTimer = vertx.setPeriodic(Math.max(100, heartbeatIntervalMs / 4), t -> markSilentStale(System.currentTimeMillis(), silenceMs));
  }

  public void stop(Vertx vertx) {
    vertx.cancelTimer(staleTimer);
  }

  public EndpointLive get(String endpointId) {
    return live.getOrDefault(endpointId, EndpointLive.NEVER_SEEN);
  }

  public boolean isOnline(String endpointId) {
    return get(endpointId).online();
  }

  public long onlineCount() {
    return count(Liveness.ONLINE);
  }

  public long count(Liveness liveness) {
    return live.values().stream().filter(l -> l.liveness() == liveness).count();
  }

  public void onStatus(EndpointStatusReport report) {
    long now = System.currentTimeMillis();
    String id = report.endpointId();
    EndpointLive before = get(id);
    boolean online = report.online() && announcingConnectionAlive.test(id);
    Liveness to = online ? Liveness.ONLINE : Liveness.OFFLINE;
    String reason = report.online() ? "disconnected" : report.reason();
    EndpointLive after = new EndpointLive(to, before.liveness() != to || before.since() == 0 ? now : before.since(), now,
        report.firmware() != null ? report.firmware() : before.firmware(),
        report.volume() >= 0 ? report.volume() : before.volume(),
        online ? before.playing() : null, online ? null : reason);
    changed(id, after);
    if (online) {
      onOnline.accept(id);
    }
  }

  public void onHeartbeat(Heartbeat heartbeat) {
    long now = System.currentTimeMillis();
    String id = heartbeat.endpointId();
    EndpointLive before = get(id);
    // A heartbeat keeps a live connection's endpoint online; on its own (any client holding the
    // credentials can send one) it never makes an offline endpoint online.
    Liveness to = before.liveness() == Liveness.OFFLINE ? Liveness.OFFLINE : Liveness.ONLINE;
    EndpointLive after = new EndpointLive(to, to == before.liveness() ? before.since() : now, now, before.firmware(),
        heartbeat.volume() >= 0 ? heartbeat.volume() : before.volume(),
        to == Liveness.OFFLINE ? null : heartbeat.playing(), before.offlineReason());
    boolean visible = before.liveness() != to || !Objects.equals(before.playing(), after.playing())
        || before.volume() != after.volume();
    if (visible) {
      changed(id, after);
    } else {
      store(id, after);
    }
    if (before.liveness() == Liveness.STALE) {
      onOnline.accept(id);
    }
  }

  /** Any other report (a receipt) also proves the endpoint is alive; kept in memory only, it is frequent. */
  public void heardFrom(String endpointId) {
    EndpointLive before = live.get(endpointId);
    if (before == null) {
      return;
    }
    long now = System.currentTimeMillis();
    if (before.liveness() == Liveness.STALE) {
      changed(endpointId, before.withLiveness(Liveness.ONLINE, now, null).seenAt(now));
      onOnline.accept(endpointId);
    } else {
      live.put(endpointId, before.seenAt(now));
    }
  }

  /** The connection that announced this endpoint online closed without an {@code offline} status (embedded broker). */
  public void onDisconnected(String endpointId) {
    EndpointLive before = get(endpointId);
    if (before.liveness() != Liveness.OFFLINE) {
      changed(endpointId, before.withLiveness(Liveness.OFFLINE, System.currentTimeMillis(), "disconnected"));
    }
  }

  void markSilentStale(long now, long silenceMs) {
    List<String> silent = new ArrayList<>();
    live.forEach((id, state) -> {
      if (state.liveness() == Liveness.ONLINE && now - state.lastSeen() > silenceMs) {
        silent.add(id);
      }
    });
    for (String id : silent) {
      changed(id, get(id).withLiveness(Liveness.STALE, now, null));
    }
    if (!silent.isEmpty()) {
      LOG.info("{} endpoint(s) silent for {} heartbeat intervals are now stale, e.g. {}", silent.size(), MISSED_BEATS, silent.get(0));
    }
  }

  private void changed(String endpointId, EndpointLive state) {
    store(endpointId, state);
    events.publishLocal("endpoint.status", state.toJson().put("endpointId", endpointId));
  }

  private void store(String endpointId, EndpointLive state) {
    live.put(endpointId, state);
    redis.send(Command.HSET, Keys.ENDPOINT_STATUS, endpointId, state.toJson().encode());
  }
}
