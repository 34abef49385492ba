package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Limits password guessing: failed logins are counted per username and client address in Redis
 * (so every hub instance sees them); at {@code maxFailures} within the window, that pair is refused
 * with 429 until the window ends, before any password is checked. A successful login clears the count.
 * Counting per pair keeps a guesser elsewhere from locking a real operator out.
 */
public final class LoginThrottle {
  private final RedisStore redis;
  private final int maxFailures;
  private final Duration window;

  public LoginThrottle(RedisStore redis, int maxFailures, Duration window) {
    this.redis = redis;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** @return seconds until the pair may try again, or 0 if it may try now */
  public Future<Long> lockedFor(String username, String address) {
    String key = Keys.loginFailures(username, address);
    return redis.send(Command.GET, key).compose(count -> count == null || Long.parseLong(count.toString()) < maxFailures
        ? Future.succeededFuture(0L)
        : redis.send(Command.TTL, key).map(ttl -> Math.max(1L, ttl.toLong())));
  }

  public Future<Void> failed(String username, String address) {
    String key = Keys.loginFailures(username, address);
    // the window starts at the first failure and is not extended by later ones
    return redis.send(Command.INCR, key).compose(count -> count.toLong() == 1
        ? redis.send(Command.EXPIRE, key, window.toSeconds()).mapEmpty() : Future.succeededFuture());
  }

  public Future<Void> succeeded(String username, String address) {
    return redis.send(Command.DEL, Keys.loginFailures(username, address)).mapEmpty();
  }
}
