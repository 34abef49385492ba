package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Login sessions: a random bearer token in Redis that expires {@code ttl} after login, shared by every
 * hub instance. The session names only the user; role and scope are read afresh on every request, so
 * a changed role applies at once. Each user's tokens are also kept in a set, so deleting the user or
 * resetting the password ends all of them.
 */
public final class SessionStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisStore redis;
  private final Duration ttl;

  public SessionStore(RedisStore redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  public Future<String> open(String username) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return redis.pipeline(List.of(
        Request.cmd(Command.SET).arg(Keys.session(token)).arg(username).arg("EX").arg(ttl.toSeconds()),
        Request.cmd(Command.SADD).arg(Keys.userSessions(username)).arg(token),
        Request.cmd(Command.EXPIRE).arg(Keys.userSessions(username)).arg(ttl.toSeconds()))).map(token); // pipelined: the keys lie in different cluster slots
  }

  /** @return the username, or null if the token is unknown or expired */
  public Future<String> find(String token) {
    return redis.send(Command.GET, Keys.session(token)).map(r -> r == null ? null : r.toString());
  }

  public Future<Void> close(String token, String username) {
    return redis.pipeline(List.of(Request.cmd(Command.DEL).arg(Keys.session(token)),
        Request.cmd(Command.SREM).arg(Keys.userSessions(username)).arg(token))).mapEmpty();
  }

  /** Ends every session of the user. */
  public Future<Void> closeAll(String username) {
    return redis.send(Command.SMEMBERS, Keys.userSessions(username)).compose(tokens -> {
      List<Request> deletes = new ArrayList<>();
      for (Response token : tokens) {
        deletes.add(Request.cmd(Command.DEL).arg(Keys.session(token.toString())));
      }
      deletes.add(Request.cmd(Command.DEL).arg(Keys.userSessions(username)));
      return redis.pipeline(deletes).mapEmpty();
    });
  }

  public long ttlSeconds() { return ttl.toSeconds(); }

  /** Where sessions live; stream tickets ({@link StreamTickets}) live beside them. */
  RedisStore redis() { return redis; }
}
