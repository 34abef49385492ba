package org.dalaba.hub.cap;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Which alert each CAP message (sender + identifier) became, so the same message twice is the same alert and never a
 * second broadcast. One key per message ({@link Keys#capMessage}, its own hash tag: fine in Redis Cluster). An import
 * first claims the key (SET NX, expiring after {@link #CLAIM_MS}), creates, then settles it with the outcome; a refused
 * import releases its claim, so nothing is left half-done. While claimed, the same message is answered 409.
 */
public final class CapLedger {
  /** How long a claim holds if its hub dies mid-import; after that the message may be imported again. */
  static final long CLAIM_MS = 120_000;

  private final RedisStore redis;

  public CapLedger(RedisStore redis) {
    this.redis = redis;
  }

  /** @return the settled outcome ({@code {"alertId"}} or {@code {"cancelled":[…]}}), a claim ({@code {"claim"}}), or null */
  public Future<JsonObject> find(String sender, String identifier) {
    return redis.send(Command.GET, key(sender, identifier)).map(r -> r == null ? null : new JsonObject(r.toString()));
  }

  /** @return whether this import now holds the message */
  Future<Boolean> claim(String sender, String identifier, String token) {
    return redis.send(Command.SET, key(sender, identifier), new JsonObject().put("claim", token).encode(), "NX", "PX", CLAIM_MS)
        .map(r -> r != null && "OK".equals(r.toString()));
  }

  Future<Void> settle(String sender, String identifier, JsonObject outcome) {
    return redis.send(Command.SET, key(sender, identifier), outcome.encode()).mapEmpty();
  }

  /** Lets go of a claim this import holds (a refused or failed import). */
  Future<Void> release(String sender, String identifier, String token) {
    String key = key(sender, identifier);
    return redis.send(Command.GET, key).compose(r -> r != null && token.equals(new JsonObject(r.toString()).getString("claim"))
        ? redis.send(Command.DEL, key).mapEmpty() : Future.succeededFuture());
  }

  static String key(String sender, String identifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((sender + "\n" + identifier).getBytes(StandardCharsets.UTF_8));
      return Keys.capMessage(HexFormat.of().formatHex(digest, 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
