package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import org.dalaba.hub.config.Limits;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * The entries of one source already handled (imported, queued, ignored or refused for good), so a repeated entry is
 * not fetched or decided again; the import's own sender + identifier check stands behind it. Kept in Redis, so a new
 * leader does not read the whole feed again; the oldest {@link Limits#CAP_FEED_SEEN_KEPT} and beyond are forgotten.
 */
final class SeenEntries {
  private final RedisStore redis;

  SeenEntries(RedisStore redis) {
    this.redis = redis;
  }

  Future<Boolean> seen(String sourceId, String entryKey) {
    return redis.send(Command.ZSCORE, Keys.capSeen(sourceId), entryKey).map(r -> r != null);
  }

  Future<Void> remember(String sourceId, String entryKey, long at) {
    return redis.send(Command.ZADD, Keys.capSeen(sourceId), at, entryKey)
        .compose(v -> redis.send(Command.ZREMRANGEBYRANK, Keys.capSeen(sourceId), 0, -Limits.CAP_FEED_SEEN_KEPT - 1)).mapEmpty();
  }
}
