package org.dalaba.hub.api;

import com.password4j.Password;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.util.Map;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Operator accounts in Redis, passwords hashed with argon2id (password4j). Hashing is deliberately
 * slow, so it runs on a worker thread, never on the event loop.
 */
public final class UserStore {
  private final Vertx vertx;
  private final RedisStore redis;

  public UserStore(Vertx vertx, RedisStore redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  public Future<Boolean> exists(String username) {
    return redis.send(Command.EXISTS, Keys.user(username)).map(r -> r.toInteger() == 1);
  }

  /** Creates the user only if absent (HSETNX on the hash field), so two hubs starting together agree. */
  public Future<Boolean> createIfAbsent(String username, String password, String role) {
    return vertx.executeBlocking(() -> Password.hash(password).addRandomSalt().withArgon2().getResult(), false)
        .compose(hash -> redis.send(Command.HSETNX, Keys.user(username), "hash", hash).map(r -> r.toInteger() == 1))
        .compose(created -> !created ? Future.succeededFuture(false)
            : redis.send(Command.HSET, Keys.user(username), "role", role, "createdAt", System.currentTimeMillis()).map(true));
  }

  /** @return the user's role if the password is right, else null */
  public Future<String> verify(String username, String password) {
    return redis.send(Command.HGETALL, Keys.user(username)).compose(r -> {
      Map<String, String> user = RedisStore.toMap(r);
      String hash = user.get("hash");
      if (hash == null) {
        // same cost as a real check, so response time does not reveal which usernames exist
        return vertx.executeBlocking(() -> {
          Password.hash(password).addRandomSalt().withArgon2();
          return null;
        }, false);
      }
      return vertx.executeBlocking(() -> Password.check(password, hash).withArgon2() ? user.getOrDefault("role", "admin") : null, false);
    });
  }
}
