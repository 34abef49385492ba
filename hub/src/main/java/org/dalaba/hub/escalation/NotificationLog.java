package org.dalaba.hub.escalation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * An alert's escalation in Redis, beside the alert (same hash tag): the record of every step and notification
 * attempt ({@link Keys#alertNotifications}, capped at {@link #KEPT}), the progress a new leader continues from
 * ({@link Keys#alertEscalation}: claims taken with HSETNX, so no step, village or contact is done twice even when two
 * hubs briefly both lead), and the villages listed for a phone call ({@link Keys#alertFollowUp}).
 */
public final class NotificationLog {
  static final int KEPT = org.dalaba.hub.config.Limits.NOTIFICATIONS_KEPT_PER_ALERT;

  private final RedisStore redis;

  public NotificationLog(RedisStore redis) {
    this.redis = redis;
  }

  /** One entry of the record: {@code {"at","step","kind","channel","village","contact","attempt","outcome","error"}}. */
  public Future<Void> append(String alertId, JsonObject entry) {
    String key = Keys.alertNotifications(alertId);
    return redis.send(Command.RPUSH, key, entry.encode())
        .compose(length -> length.toLong() > KEPT ? redis.send(Command.LTRIM, key, String.valueOf(-KEPT), "-1") : Future.succeededFuture())
        .mapEmpty();
  }

  /** The record, oldest first. */
  public Future<List<JsonObject>> entries(String alertId) {
    return redis.send(Command.LRANGE, Keys.alertNotifications(alertId), "0", "-1").map(r -> {
      List<JsonObject> entries = new ArrayList<>();
      if (r != null) {
        for (Response item : r) {
          entries.add(new JsonObject(item.toString()));
        }
      }
      return entries;
    });
  }

  /** @return whether this hub took the claim (false: it was taken before, by this or another hub) */
  public Future<Boolean> claim(String alertId, String field, String value) {
    return redis.send(Command.HSETNX, Keys.alertEscalation(alertId), field, value).map(r -> r.toInteger() == 1);
  }

  /** Records how a claimed piece of work ended (e.g. a notification sent or given up). */
  public Future<Void> settle(String alertId, String field, String value) {
    return redis.send(Command.HSET, Keys.alertEscalation(alertId), field, value).mapEmpty();
  }

  public Future<Map<String, String>> progress(String alertId) {
    return redis.send(Command.HGETALL, Keys.alertEscalation(alertId)).map(RedisStore::toMap);
  }

  /** Lists the village for a phone call (the first listing stays). */
  public Future<Boolean> listForCall(String alertId, String villageId, JsonObject listing) {
    return redis.send(Command.HSETNX, Keys.alertFollowUp(alertId), villageId, listing.encode()).map(r -> r.toInteger() == 1);
  }

  /** The villages listed for a phone call, village id → {@code {"at","step"}}. */
  public Future<Map<String, JsonObject>> listedForCall(String alertId) {
    return redis.send(Command.HGETALL, Keys.alertFollowUp(alertId)).map(r -> {
      Map<String, JsonObject> listed = new java.util.LinkedHashMap<>();
      RedisStore.toMap(r).forEach((village, json) -> listed.put(village, new JsonObject(json)));
      return listed;
    });
  }
}
