package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.security.SecureRandom;
import java.util.Base64;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Tickets for opening the event stream. EventSource cannot send an Authorization header, and a session
 * token in a URL ends up in proxy and server logs and browser history; so the console trades its token
 * for a random ticket valid {@link #TTL_SECONDS} s that opens one stream only (taken with GETDEL, so
 * two hub instances cannot both accept it). Any hub instance can redeem it: tickets live in Redis.
 */
final class StreamTickets {
  static final int TTL_SECONDS = 30;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisStore redis;

  StreamTickets(RedisStore redis) {
    this.redis = redis;
  }

  /** A new ticket standing for the session {@code token}. */
  Future<String> issue(String token) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return redis.send(Command.SET, Keys.streamTicket(ticket), token, "EX", TTL_SECONDS).map(ticket);
  }

  /** @return the session token the ticket stood for, or null when unknown, used or expired */
  Future<String> redeem(String ticket) {
    if (ticket.length() > 64) {
      return Future.succeededFuture(null);
    }
    return redis.send(Command.GETDEL, Keys.streamTicket(ticket)).map(r -> r == null ? null : r.toString());
  }
}
