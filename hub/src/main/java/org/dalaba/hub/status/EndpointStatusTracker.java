package org.dalaba.hub.status;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.protocol.EndpointStatusReport;
import org.dalaba.hub.protocol.Heartbeat;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Live state of every endpoint, from status messages and heartbeats. Kept in memory for the hot paths
 * (catch-up, the villages list) and written to Redis so another hub instance and a restart see it.
 * Runs on the hub's context.
 */
public final class EndpointStatusTracker {
  private final RedisStore redis;
  private final Events events;
  private final Map<String, EndpointLive> live = new ConcurrentHashMap<>();
  private Consumer<String> onOnline = id -> { };

  public EndpointStatusTracker(RedisStore redis, Events events) {
    this.redis = redis;
    this.events = events;
  }

  /** Called with the endpoint id every time an endpoint announces itself online. */
  public void onOnline(Consumer<String> listener) { this.onOnline = listener; }

  public Future<Void> load() {
    return redis.send(Command.HGETALL, Keys.ENDPOINT_STATUS).map(r -> {
      RedisStore.toMap(r).forEach((id, json) -> live.put(id, EndpointLive.fromJson(new JsonObject(json))));
      return null;
    });
  }

  public EndpointLive get(String endpointId) {
    return live.getOrDefault(endpointId, EndpointLive.NEVER_SEEN);
  }

  public boolean isOnline(String endpointId) {
    return get(endpointId).online();
  }

  public long onlineCount() {
    return live.values().stream().filter(EndpointLive::online).count();
  }

  public void onStatus(EndpointStatusReport report) {
    long now = System.currentTimeMillis();
    EndpointLive before = get(report.endpointId());
    boolean changed = before.online() != report.online();
    EndpointLive after = new EndpointLive(report.online(), changed || before.since() == 0 ? now : before.since(), now,
        report.firmware() != null ? report.firmware() : before.firmware(),
        report.volume() >= 0 ? report.volume() : before.volume(),
        report.online() ? before.playing() : null, report.online() ? null : report.reason());
    store(report.endpointId(), after);
    events.publishLocal("endpoint.status", after.toJson().put("endpointId", report.endpointId()));
    if (report.online()) {
      onOnline.accept(report.endpointId());
    }
  }

  public void onHeartbeat(Heartbeat heartbeat) {
    long now = System.currentTimeMillis();
    EndpointLive before = get(heartbeat.endpointId());
    // A heartbeat proves the endpoint is connected even if its online status was lost.
    EndpointLive after = new EndpointLive(true, before.online() ? before.since() : now, now, before.firmware(),
        heartbeat.volume() >= 0 ? heartbeat.volume() : before.volume(), heartbeat.playing(), null);
    store(heartbeat.endpointId(), after);
    if (!before.online() || !java.util.Objects.equals(before.playing(), after.playing())) {
      events.publishLocal("endpoint.status", after.toJson().put("endpointId", heartbeat.endpointId()));
    }
  }

  private void store(String endpointId, EndpointLive state) {
    live.put(endpointId, state);
    redis.send(Command.HSET, Keys.ENDPOINT_STATUS, endpointId, state.toJson().encode());
  }
}
