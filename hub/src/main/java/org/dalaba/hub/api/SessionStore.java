package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/** Login sessions: a random bearer token in Redis with an expiry, shared by every hub instance. */
public final class SessionStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisStore redis;
  private final Duration ttl;

  public SessionStore(RedisStore redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  public record Session(String username, String role) {
  }

  public Future<String> open(String username, String role) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String value = new JsonObject().put("username", username).put("role", role).encode();
    return redis.send(Command.SET, Keys.session(token), value, "EX", ttl.toSeconds()).map(token);
  }

  /** @return the session, or null if the token is unknown or expired */
  public Future<Session> find(String token) {
    return redis.send(Command.GET, Keys.session(token)).map(r -> {
      if (r == null) {
        return null;
      }
      JsonObject json = new JsonObject(r.toString());
      return new Session(json.getString("username"), json.getString("role"));
    });
  }

  public long ttlSeconds() { return ttl.toSeconds(); }
}
