package org.dalaba.hub.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An accepted alert must survive a Redis restart, so an external Redis needs its append-only file
 * fsynced on every write ({@code appendonly yes}, {@code appendfsync always}). This checks at start-up
 * and warns, naming the setting, when acknowledged writes could be lost ({@link RedisHealth} then keeps
 * checking while the hub runs). It does not refuse to start:
 * some operators accept the risk of {@code everysec} for speed, and managed Redis may hide CONFIG.
 */
public final class RedisPersistenceCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPersistenceCheck.class);

  public enum Verdict { SAFE, MAY_LOSE_ONE_SECOND, LOSES_ON_RESTART, UNKNOWN }

  private RedisPersistenceCheck() {
  }

  /** The settings as they are now, quietly: UNKNOWN if they cannot be read (RedisHealth watches reachability). */
  public static Future<Verdict> read(RedisStore redis) {
    return Future.all(redis.send(Command.CONFIG, "GET", "appendonly"), redis.send(Command.CONFIG, "GET", "appendfsync"))
        .map(all -> verdict(RedisStore.toMap(all.resultAt(0)), RedisStore.toMap(all.resultAt(1))))
        .otherwise(Verdict.UNKNOWN);
  }

  public static Future<Verdict> check(RedisStore redis) {
    return Future.all(redis.send(Command.CONFIG, "GET", "appendonly"), redis.send(Command.CONFIG, "GET", "appendfsync"))
        .map(all -> verdict(RedisStore.toMap(all.resultAt(0)), RedisStore.toMap(all.resultAt(1))))
        .otherwise(error -> {
          LOG.warn("Cannot read the Redis persistence settings ({}): make sure Redis runs with appendonly yes and "
              + "appendfsync always, or accepted alerts may be lost if Redis restarts", error.getMessage());
          return Verdict.UNKNOWN;
        })
        .onSuccess(RedisPersistenceCheck::log);
  }

  static Verdict verdict(Map<String, String> appendonly, Map<String, String> appendfsync) {
    if (!"yes".equals(appendonly.get("appendonly"))) {
      return Verdict.LOSES_ON_RESTART;
    }
    return "always".equals(appendfsync.get("appendfsync")) ? Verdict.SAFE : Verdict.MAY_LOSE_ONE_SECOND;
  }

  private static void log(Verdict verdict) {
    switch (verdict) {
      case SAFE -> LOG.info("Redis persistence: append-only file fsynced on every write; accepted alerts survive a Redis crash");
      case MAY_LOSE_ONE_SECOND -> LOG.warn("Redis persistence: appendfsync is not 'always'; an alert accepted in the last "
          + "second before a Redis crash or power loss can be lost. Set appendfsync always.");
      case LOSES_ON_RESTART -> LOG.error("Redis persistence: appendonly is off; accepted alerts and delivery records are "
          + "LOST if Redis restarts. Set appendonly yes and appendfsync always.");
      case UNKNOWN -> {
      }
    }
  }
}
