package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dalaba.hub.config.Limits;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * The queue of external warnings: CAP documents from feeds that a rule holds for an operator (docs/cap.md, "Feeds").
 * Each is one JSON value ({@link Keys#capQueueItem}) listed by arrival in {@link Keys#CAP_QUEUE}; a decision (sent or
 * dismissed) is taken once, by whoever first sets its guard ({@link Keys#capQueueDecision}), so two operators cannot
 * both send it. The same CAP sender + identifier is queued once, whichever source it came from.
 */
public final class ExternalWarnings {
  private static final SecureRandom RANDOM = new SecureRandom();

  public enum State {
    QUEUED, SENT, DISMISSED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final RedisStore redis;

  public ExternalWarnings(RedisStore redis) {
    this.redis = redis;
  }

  /**
   * Queues a warning unless its sender + identifier is queued already.
   *
   * @param item everything but {@code id} and {@code state}
   * @return the stored item with its id, and whether it is new (false: the one queued before)
   */
  Future<Added> add(JsonObject item, long now) {
    String id = "x-" + Long.toString(now, 36) + "-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36).substring(0, 6);
    String byMessage = Keys.capQueueByMessage(messageKey(item.getString("sender"), item.getString("identifier")));
    return redis.send(Command.SET, byMessage, id, "NX").compose(set -> {
      if (set == null) { // queued before (SET … GET would need Redis 7)
        return redis.send(Command.GET, byMessage).compose(previous -> get(String.valueOf(previous)))
            .map(old -> new Added(old, false));
      }
      JsonObject stored = item.copy().put("id", id).put("state", State.QUEUED.wire()).put("receivedAt", now);
      return redis.send(Command.SET, Keys.capQueueItem(id), stored.encode())
          .compose(v -> redis.send(Command.ZADD, Keys.CAP_QUEUE, now, id))
          .compose(v -> trim())
          .map(v -> new Added(stored, true));
    });
  }

  record Added(JsonObject item, boolean isNew) {
  }

  /** @return the item, or null */
  public Future<JsonObject> get(String id) {
    return redis.send(Command.GET, Keys.capQueueItem(id)).map(r -> r == null ? null : new JsonObject(r.toString()));
  }

  /** Newest first, at most {@code limit}. */
  public Future<List<JsonObject>> recent(int limit) {
    return redis.send(Command.ZREVRANGE, Keys.CAP_QUEUE, 0, limit - 1).compose(ids -> {
      List<String> list = RedisStore.toStrings(ids);
      if (list.isEmpty()) {
        return Future.succeededFuture(List.<JsonObject>of());
      }
      List<Request> gets = new ArrayList<>();
      list.forEach(id -> gets.add(Request.cmd(Command.GET).arg(Keys.capQueueItem(id))));
      return redis.pipeline(gets).map(replies -> {
        List<JsonObject> items = new ArrayList<>();
        for (Response r : replies) {
          if (r != null) {
            items.add(new JsonObject(r.toString()));
          }
        }
        return items;
      });
    });
  }

  /** Takes the decision on a queued item once: true for the caller who got it, false if someone decided it already. */
  Future<Boolean> claim(String id, String user) {
    return redis.send(Command.SET, Keys.capQueueDecision(id), user, "NX").map(r -> r != null);
  }

  /** Gives a claimed decision back (the send failed before anything went out), so it can be tried again. */
  Future<Void> release(String id) {
    return redis.send(Command.DEL, Keys.capQueueDecision(id)).mapEmpty();
  }

  /** Records the decision on a claimed item. */
  Future<JsonObject> decide(JsonObject item, State state, String user, long at, String reason, String alertId) {
    JsonObject decided = item.copy().put("state", state.wire()).put("decidedBy", user).put("decidedAt", at)
        .put("reason", reason).put("alertId", alertId);
    return redis.send(Command.SET, Keys.capQueueItem(item.getString("id")), decided.encode()).map(decided);
  }

  /** Keeps the newest {@link Limits#CAP_QUEUE_KEPT}; the oldest leave the list (their values expire in a day). */
  private Future<Void> trim() {
    return redis.send(Command.ZRANGE, Keys.CAP_QUEUE, 0, -Limits.CAP_QUEUE_KEPT - 1).compose(old -> {
      List<String> ids = RedisStore.toStrings(old);
      List<Request> requests = new ArrayList<>();
      for (String id : ids) {
        requests.add(Request.cmd(Command.ZREM).arg(Keys.CAP_QUEUE).arg(id));
        requests.add(Request.cmd(Command.EXPIRE).arg(Keys.capQueueItem(id)).arg(86_400));
      }
      return requests.isEmpty() ? Future.succeededFuture() : redis.pipeline(requests).mapEmpty();
    });
  }

  static String messageKey(String sender, String identifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((sender + "\n" + identifier).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
