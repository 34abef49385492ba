package org.dalaba.hub.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.media.MediaAudience;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Alerts and their per-endpoint delivery records in Redis. The alert, its records and its counts are
 * written in one transaction, so an alert is either wholly stored or not at all; records change only
 * through {@link DeliveryStore}, which never moves a record backwards.
 */
public final class AlertStore {
  private final RedisStore redis;
  private final DeliveryStore deliveries;
  private final PhoneCalls phoneCalls;

  /** The kind of the alerts' delivery records in Redis keys. */
  private static final String KIND = "alert";

  public AlertStore(RedisStore redis) {
    this.redis = redis;
    this.deliveries = new DeliveryStore(redis, KIND, DeliveryState.PLAYBACK);
    this.phoneCalls = new PhoneCalls(redis);
  }

  public DeliveryStore deliveries() { return deliveries; }

  /** Villages of each alert marked phoned. */
  public PhoneCalls phoneCalls() { return phoneCalls; }

  public Future<Void> create(Alert alert, List<String> endpointIds) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.alert(alert.id())).arg(alert.toJson().encode()));
    writes.addAll(deliveries.createWrites(alert.id(), endpointIds));
    writes.add(Request.cmd(Command.ZADD).arg(Keys.ALERTS_BY_TIME).arg(alert.createdAt()).arg(alert.id()));
    writes.add(Request.cmd(Command.SADD).arg(Keys.ALERTS_OPEN).arg(alert.id()));
    if (alert.media() != null) {
      writes.addAll(MediaAudience.grantWrites(alert.command(), alert.topics()));
    }
    return redis.transaction(writes);
  }

  /**
   * Stores an alert that waits for approval: no delivery records and nothing any endpoint may fetch yet, only the
   * alert, its place in the history and in the pending set, scored by when the wait ends.
   */
  public Future<Void> createPending(Alert alert) {
    return redis.transaction(List.of(
        Request.cmd(Command.SET).arg(Keys.alert(alert.id())).arg(alert.toJson().encode()),
        Request.cmd(Command.ZADD).arg(Keys.ALERTS_BY_TIME).arg(alert.createdAt()).arg(alert.id()),
        Request.cmd(Command.ZADD).arg(Keys.ALERTS_PENDING).arg(alert.approval().deadlineAt()).arg(alert.id())));
  }

  /**
   * Decides a pending alert in one atomic step (redis/decide-alert.lua): only if it is still pending is it replaced by
   * {@code decided}, with a pending delivery record for each of {@code endpointIds} (none for a rejection or expiry).
   * @return true if this call decided it; false if it was no longer pending (decided elsewhere, or gone)
   */
  public Future<Boolean> decide(Alert decided, List<String> endpointIds) {
    List<String> args = new ArrayList<>();
    args.add(AlertState.PENDING_APPROVAL.wire());
    args.add(decided.toJson().encode());
    if (endpointIds.isEmpty()) {
      args.add("");
      args.add("0");
    } else {
      args.add(DeliveryRecord.pending().toStored());
      List<DeliveryState> counted = deliveries.counted();
      args.add(String.valueOf(counted.size() + 1));
      args.add("targets");
      args.add(String.valueOf(endpointIds.size()));
      for (DeliveryState state : counted) {
        args.add(state.wire());
        args.add(String.valueOf(state == DeliveryState.PENDING ? endpointIds.size() : 0));
      }
      args.addAll(endpointIds);
    }
    String id = decided.id();
    return redis.runScript("decide-alert", List.of(Keys.alert(id), Keys.deliveries(KIND, id), Keys.counts(KIND, id)), args)
        .map(r -> "ok".equals(r.toString()));
  }

  /** After the decision: an approved alert is open (the engine tracks it) and its audio fetchable; none is pending. */
  public Future<Void> decided(Alert alert) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.ZREM).arg(Keys.ALERTS_PENDING).arg(alert.id()));
    if (alert.state() == AlertState.ACTIVE) {
      writes.add(Request.cmd(Command.SADD).arg(Keys.ALERTS_OPEN).arg(alert.id()));
      if (alert.media() != null) {
        writes.addAll(MediaAudience.grantWrites(alert.command(), alert.topics()));
      }
    }
    return redis.transaction(writes);
  }

  /** Ids of alerts waiting for approval whose wait ended by {@code now}. */
  public Future<List<String>> pendingDue(long now) {
    return redis.send(Command.ZRANGEBYSCORE, Keys.ALERTS_PENDING, "-inf", now).map(RedisStore::toStrings);
  }

  /** Every alert waiting for approval, soonest to expire first. */
  public Future<List<String>> pendingIds() {
    return redis.send(Command.ZRANGE, Keys.ALERTS_PENDING, 0, -1).map(RedisStore::toStrings);
  }

  /** Forgets a pending entry whose alert was decided (or is gone). */
  public Future<Void> notPending(String id) {
    return redis.send(Command.ZREM, Keys.ALERTS_PENDING, id).mapEmpty();
  }

  /**
   * Records the audio voiced for an alert after it was accepted, and lets its targets fetch it. Kept
   * under its own key so that it never races with the alert's state changes.
   */
  public Future<Void> setMedia(Alert alert, JsonObject reference, long durationMs) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.alertMedia(alert.id()))
        .arg(new JsonObject().put("media", reference).put("durationMs", durationMs).encode()));
    writes.addAll(MediaAudience.grantWrites(reference.getString("sha256"), alert.topics()));
    return redis.transaction(writes);
  }

  public Future<Alert> get(String id) {
    return getStored(id).map(stored -> stored == null ? null : stored.decode());
  }

  /** An alert as stored, not decoded yet: decoding many (a history reads up to 2,000) is worker work. */
  public record Stored(String alert, String media) {
    public Alert decode() {
      Alert decoded = Alert.fromJson(new JsonObject(alert));
      if (decoded.media() == null && media != null) {
        JsonObject voiced = new JsonObject(media);
        decoded = decoded.withMedia(voiced.getJsonObject("media"), voiced.getLong("durationMs", 0L));
      }
      return decoded;
    }
  }

  /** @return the alert as stored, or null when there is none */
  public Future<Stored> getStored(String id) {
    return redis.send(Command.MGET, Keys.alert(id), Keys.alertMedia(id))
        .map(r -> r.get(0) == null ? null : new Stored(r.get(0).toString(), r.get(1) == null ? null : r.get(1).toString()));
  }

  /**
   * An alert's delivery records as stored (endpoint id → JSON), to be decoded with {@link #decodeRecords} on a worker:
   * a county's alert has 10,000 and more.
   */
  public Future<Map<String, String>> storedRecords(String id) {
    return deliveries.storedRecords(id);
  }

  public static Map<String, DeliveryRecord> decodeRecords(Map<String, String> stored) {
    Map<String, DeliveryRecord> records = new java.util.LinkedHashMap<>();
    stored.forEach((endpoint, json) -> records.put(endpoint, DeliveryRecord.fromStored(json)));
    return records;
  }

  public Future<Void> update(Alert alert) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.alert(alert.id())).arg(alert.toJson().encode()));
    if (alert.state() != AlertState.ACTIVE) {
      writes.add(Request.cmd(Command.SREM).arg(Keys.ALERTS_OPEN).arg(alert.id()));
    }
    return redis.transaction(writes);
  }

  public Future<List<String>> openIds() {
    return redis.send(Command.SMEMBERS, Keys.ALERTS_OPEN).map(r -> {
      List<String> ids = new ArrayList<>();
      r.forEach(item -> ids.add(item.toString()));
      return ids;
    });
  }

  /** Newest first. */
  public Future<List<String>> recentIds(int limit) {
    return redis.send(Command.ZREVRANGE, Keys.ALERTS_BY_TIME, 0, limit - 1).map(r -> {
      List<String> ids = new ArrayList<>();
      r.forEach(item -> ids.add(item.toString()));
      return ids;
    });
  }

  /** Ids of alerts created in [fromMs, toMs], newest first, at most {@code max}. */
  public Future<List<String>> idsBetween(long fromMs, long toMs, int max) {
    return redis.send(Command.ZREVRANGEBYSCORE, Keys.ALERTS_BY_TIME, toMs, fromMs, "LIMIT", 0, max).map(r -> {
      List<String> ids = new ArrayList<>();
      r.forEach(item -> ids.add(item.toString()));
      return ids;
    });
  }

  public Future<Map<String, DeliveryRecord>> records(String id) {
    return deliveries.records(id);
  }

  public Future<Map<String, Long>> counts(String id) {
    return deliveries.counts(id);
  }

  /** Ends every record in one of {@code from} states with {@code to}; returns the endpoints changed. */
  public Future<List<String>> close(String alertId, List<DeliveryState> from, DeliveryState to, String reason, long at) {
    return deliveries.close(alertId, from, to, reason, at);
  }
}
