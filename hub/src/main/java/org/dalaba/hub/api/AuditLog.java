package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/** Who did what, when: an append-only Redis stream (capped at about a million entries). */
public final class AuditLog {
  private final RedisStore redis;

  public AuditLog(RedisStore redis) {
    this.redis = redis;
  }

  public Future<Void> record(String user, String action, JsonObject details) {
    return redis.send(Command.XADD, Keys.AUDIT, "MAXLEN", "~", 1_000_000, "*", "user", user, "action", action,
        "at", System.currentTimeMillis(), "details", details.encode()).mapEmpty();
  }

  /** Newest first. */
  public Future<JsonArray> recent(int count) {
    return redis.send(Command.XREVRANGE, Keys.AUDIT, "+", "-", "COUNT", count).map(r -> {
      JsonArray entries = new JsonArray();
      for (Response entry : r) {
        JsonObject json = new JsonObject().put("id", entry.get(0).toString());
        Response fields = entry.get(1);
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          String name = fields.get(i).toString();
          String value = fields.get(i + 1).toString();
          json.put(name, name.equals("details") ? new JsonObject(value) : name.equals("at") ? Long.parseLong(value) : value);
        }
        entries.add(json);
      }
      return entries;
    });
  }
}
