package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.dalaba.hub.logging.LogText;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, when: an append-only Redis stream of changes (capped at about a million entries), and
 * apart from it a stream of failed logins and password checks with its own, smaller cap — so traffic
 * that needs no login can never push real changes out of the trail. Callers compose {@link #record}
 * into their reply: a change whose entry cannot be stored is answered as failed, and the entry goes to
 * the hub's log instead, so no change is left unaudited. The changes are hash-chained (audit/AuditChain: each entry
 * carries the hash of the one before it, appended by one Redis script so hubs appending at once keep one chain);
 * {@link #verify} checks the chain.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  static final int MAX_CHANGES = org.dalaba.hub.config.Limits.AUDIT_CHANGES_KEPT;
  static final int MAX_LOGIN_ENTRIES = org.dalaba.hub.config.Limits.AUDIT_LOGINS_KEPT;

  private final RedisStore redis;

  public AuditLog(RedisStore redis) {
    this.redis = redis;
  }

  /** A change (or a successful login); fails if it could not be stored, after writing it to the log. */
  public Future<Void> record(String user, String action, JsonObject details) {
    return add(Keys.AUDIT, MAX_CHANGES, user, action, details);
  }

  /**
   * For {@code compose}: records the entry for the value, then hands the value on; the future fails
   * (after the entry went to the log) if it could not be stored.
   */
  public <T> java.util.function.Function<T, Future<T>> passing(String user, String action,
                                                            java.util.function.Function<T, JsonObject> details) {
    return value -> record(user, action, details.apply(value)).map(value);
  }

  /** A failed login or password check (already summarised by the caller: not one entry per try). */
  public Future<Void> recordLogin(String user, String action, JsonObject details) {
    return add(Keys.AUDIT_LOGINS, MAX_LOGIN_ENTRIES, user, action, details);
  }

  private Future<Void> add(String stream, int cap, String user, String action, JsonObject details) {
    long at = System.currentTimeMillis();
    Future<?> added = stream.equals(Keys.AUDIT)
        ? redis.runScript("audit-append", java.util.List.of(stream), java.util.List.of(String.valueOf(cap), user, action,
            String.valueOf(at), details.encode()))
        : redis.send(Command.XADD, stream, "MAXLEN", "~", cap, "*", "user", user, "action", action, "at", at, "details",
            details.encode());
    return added.<Void>mapEmpty().onFailure(e -> LOG.error(
            "AUDIT (not stored in Redis: {}) at={} user={} action={} details={}", e.getMessage(), at, LogText.of(user),
            LogText.of(action), LogText.of(details.encode())));
  }

  /** Checks the hash chain of the changes, paging through the stream and hashing on {@code vertx}'s workers. */
  public Future<JsonObject> verify(io.vertx.core.Vertx vertx, boolean english) {
    return new org.dalaba.hub.audit.AuditVerifier(vertx, redis, Keys.AUDIT).verify(english);
  }

  /** Newest first. */
  public Future<JsonArray> recent(int count) {
    return recent(Keys.AUDIT, count);
  }

  /** Failed logins and password checks, newest first. */
  public Future<JsonArray> recentLogins(int count) {
    return recent(Keys.AUDIT_LOGINS, count);
  }

  private Future<JsonArray> recent(String stream, int count) {
    return redis.send(Command.XREVRANGE, stream, "+", "-", "COUNT", count).map(r -> {
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
