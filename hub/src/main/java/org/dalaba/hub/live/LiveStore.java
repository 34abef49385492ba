package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/** Live sessions, their per-endpoint records and the lag endpoints reported, in Redis (one hash tag per session). */
public final class LiveStore {
  private final RedisStore redis;
  private final DeliveryStore deliveries;
  private final LiveClaims claims;

  public LiveStore(RedisStore redis) {
    this.redis = redis;
    this.deliveries = new DeliveryStore(redis, "live", DeliveryState.PLAYBACK);
    this.claims = new LiveClaims(redis);
  }

  LiveClaims claims() {
    return claims;
  }

  public DeliveryStore deliveries() {
    return deliveries;
  }

  Future<Void> create(LiveSession session, List<String> endpointIds) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.liveSession(session.id())).arg(session.toJson().encode()));
    writes.addAll(deliveries.createWrites(session.id(), endpointIds));
    writes.add(Request.cmd(Command.ZADD).arg(Keys.LIVE_SESSIONS_BY_TIME).arg(session.createdAt()).arg(session.id()));
    writes.add(Request.cmd(Command.SADD).arg(Keys.LIVE_SESSIONS_OPEN).arg(session.id()));
    return redis.transaction(writes);
  }

  Future<Void> update(LiveSession session) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.liveSession(session.id())).arg(session.toJson().encode()));
    if (!session.open()) {
      writes.add(Request.cmd(Command.SREM).arg(Keys.LIVE_SESSIONS_OPEN).arg(session.id()));
    }
    return redis.transaction(writes);
  }

  public Future<LiveSession> get(String id) {
    return redis.send(Command.GET, Keys.liveSession(id)).map(r -> r == null ? null : LiveSession.fromJson(new JsonObject(r.toString())));
  }

  Future<List<String>> openIds() {
    return redis.send(Command.SMEMBERS, Keys.LIVE_SESSIONS_OPEN).map(RedisStore::toStrings);
  }

  /** Newest first, at most {@code limit}. */
  public Future<List<LiveSession>> recent(int limit) {
    return redis.send(Command.ZREVRANGE, Keys.LIVE_SESSIONS_BY_TIME, 0, limit - 1).compose(ids -> {
      List<Future<LiveSession>> all = new ArrayList<>();
      ids.forEach(id -> all.add(get(id.toString())));
      return Future.all(all).map(f -> {
        List<LiveSession> list = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
          if (f.resultAt(i) != null) {
            list.add(f.resultAt(i));
          }
        }
        return list;
      });
    });
  }

  Future<Void> recordLag(String id, Map<String, JsonObject> fields) {
    if (fields.isEmpty()) {
      return Future.succeededFuture();
    }
    Request set = Request.cmd(Command.HSET).arg(Keys.liveLag(id));
    fields.forEach((field, value) -> set.arg(field).arg(value.encode()));
    return redis.transaction(List.of(set));
  }

  /** endpointId → {@code {firstMs?, p50Ms?, p95Ms?, maxMs?, pages?}} */
  public Future<Map<String, JsonObject>> lags(String id) {
    return redis.send(Command.HGETALL, Keys.liveLag(id)).map(r -> {
      Map<String, JsonObject> lags = new HashMap<>();
      if (r != null) {
        for (String key : r.getKeys()) {
          int colon = key.indexOf(':');
          String endpoint = key.substring(colon + 1);
          lags.computeIfAbsent(endpoint, e -> new JsonObject()).mergeIn(new JsonObject(r.get(key).toString()));
        }
      }
      return lags;
    });
  }
}
