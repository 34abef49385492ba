package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Limits password guessing, for logins and for password changes alike (each its own {@code kind}).
 * Failures are counted in Redis, so every hub instance sees them, and each attempt is counted
 * <em>before</em> its password is checked, atomically (redis/login-attempt.lua): however many guesses
 * arrive at once, at most {@code maxFailures} per username and address are checked in a window.
 *
 * <ul>
 *   <li>username + address: after the first failure each further try waits longer (0.25 s, 0.5 s,
 *       1 s, 2 s …); at {@code maxFailures} that pair is refused (429) until the window ends;</li>
 *   <li>address: at 4 × {@code maxFailures} failures, whatever the usernames, the address is refused;</li>
 *   <li>username from anywhere: past 10 × {@code maxFailures} every try waits 1 s, and past
 *       20 × {@code maxFailures} addresses that already failed for it are refused, but an address with
 *       no failure for that username never is — so guessers cannot lock the real user out.</li>
 * </ul>
 * A passed check clears the pair and gives back its reservation.
 */
public final class LoginThrottle {
  /** What an attempt may do. */
  public record Attempt(boolean allowed, long retryAfterSeconds, long delayMs, long pairFailures, long addressFailures) {
  }

  private final RedisStore redis;
  private final int maxFailures;
  private final Duration window;
  private final ClientAddress addresses;

  public LoginThrottle(RedisStore redis, int maxFailures, Duration window, ClientAddress addresses) {
    this.redis = redis;
    this.maxFailures = maxFailures;
    this.window = window;
    this.addresses = addresses;
  }

  public LoginThrottle(RedisStore redis, int maxFailures, Duration window) {
    this(redis, maxFailures, window, ClientAddress.direct());
  }

  public ClientAddress addresses() { return addresses; }

  public int maxFailures() { return maxFailures; }

  public int maxAddressFailures() { return 4 * maxFailures; }

  /** Reserves one check; the caller waits {@code delayMs}, then checks, then reports success or failure. */
  public Future<Attempt> attempt(String kind, String username, String address) {
    return redis.runScript("login-attempt", keys(kind, username, address), List.of(String.valueOf(window.toSeconds()),
        String.valueOf(maxFailures), String.valueOf(maxAddressFailures()), String.valueOf(10 * maxFailures),
        String.valueOf(20 * maxFailures))).map(LoginThrottle::attempt);
  }

  private static Attempt attempt(Response r) {
    return new Attempt(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(), r.get(4).toLong());
  }

  public Future<Void> succeeded(String kind, String username, String address) {
    return redis.runScript("login-succeeded", keys(kind, username, address), List.of()).mapEmpty();
  }

  private static List<String> keys(String kind, String username, String address) {
    return List.of(Keys.throttleAddress(kind, address), Keys.throttlePair(kind, username, address), Keys.throttleUser(kind, username));
  }
}
