package org.dalaba.hub.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Which villages of an alert an operator has phoned, in Redis beside the alert: one hash per alert, village id →
 * the latest mark as JSON {@code {"by":username,"at":epoch ms,"note":text or null}} (docs/api.md, "Mark phoned").
 * Escalation (issue 13) reads the same marks.
 */
public final class PhoneCalls {
  /** The longest note kept with a mark, in characters. */
  public static final int NOTE_MAX = 200;

  /** One mark: who phoned, when (epoch ms), and what they noted (null: nothing). */
  public record Call(String by, long at, String note) {
    public JsonObject toJson() {
      return new JsonObject().put("by", by).put("at", at).put("note", note);
    }

    static Call fromStored(String stored) {
      JsonObject json = new JsonObject(stored);
      return new Call(json.getString("by"), json.getLong("at", 0L), json.getString("note"));
    }
  }

  private final RedisStore redis;

  public PhoneCalls(RedisStore redis) {
    this.redis = redis;
  }

  public Future<Void> mark(String alertId, String villageId, Call call) {
    return redis.send(Command.HSET, Keys.alertPhoned(alertId), villageId, call.toJson().encode()).mapEmpty();
  }

  /** @return whether the village had been marked */
  public Future<Boolean> unmark(String alertId, String villageId) {
    return redis.send(Command.HDEL, Keys.alertPhoned(alertId), villageId).map(r -> r.toInteger() > 0);
  }

  /** Every village of the alert marked phoned, village id → the mark. */
  public Future<Map<String, Call>> of(String alertId) {
    return redis.send(Command.HGETALL, Keys.alertPhoned(alertId)).map(r -> {
      Map<String, Call> calls = new LinkedHashMap<>();
      RedisStore.toMap(r).forEach((village, stored) -> calls.put(village, Call.fromStored(stored)));
      return calls;
    });
  }
}
