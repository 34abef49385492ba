package org.dalaba.hub.live;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Which live session holds each endpoint, at what level, until when (claim-live.lua, release-live.lua): the rule
 * "one live session per endpoint, a strictly higher level takes over" decided in one Redis script, so that opens at
 * the same moment, on one hub or on several, cannot both pass it. A claim lasts until the session ends or, if its hub
 * died before recording the end, until its time limit.
 */
final class LiveClaims {
  private final RedisStore redis;

  LiveClaims(RedisStore redis) {
    this.redis = redis;
  }

  /** @return null when the session now holds every endpoint; else the id of a session of the same or a higher level that holds one */
  Future<String> claim(String id, LiveLevel level, long expiresAt, long now, Collection<String> endpointIds) {
    List<String> args = new ArrayList<>(List.of(id, String.valueOf(level.rank()), String.valueOf(expiresAt), String.valueOf(now)));
    args.addAll(endpointIds);
    return redis.runScript("claim-live", List.of(Keys.LIVE_CLAIMS), args)
        .map(r -> r.get(0).toInteger() == 1 ? null : r.get(1).toString());
  }

  /** Gives the endpoints back (the session ended); the claims of other sessions on them stay. */
  Future<Void> release(String id, Collection<String> endpointIds) {
    List<String> args = new ArrayList<>(List.of(id));
    args.addAll(endpointIds);
    return redis.runScript("release-live", List.of(Keys.LIVE_CLAIMS), args).mapEmpty();
  }
}
