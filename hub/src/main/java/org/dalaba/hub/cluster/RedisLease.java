package org.dalaba.hub.cluster;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership by a lease in Redis: {@code SET dlb:leader <instance> NX PX ttl} to take it, a compare-
 * and-extend script to keep it, renewed every third of the TTL. If the leader dies, the lease expires
 * and another instance takes it within one TTL plus one renewal interval. An instance that cannot
 * renew in time (Redis unreachable, long pause) steps down on its own before the lease can pass on.
 * Runs on the hub's context.
 */
public final class RedisLease implements Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(RedisLease.class);
  static final String KEY = "dlb:leader";

  private final Vertx vertx;
  private final RedisStore redis;
  private final long ttlMs;
  private final String instanceId = UUID.randomUUID().toString();
  private final Consumer<Boolean> onChange;
  private volatile boolean leader;
  private long leaseValidUntil;
  private long timer = -1;
  /** Set by stop: a renewal still in flight must not make a stopped hub the leader again. */
  private boolean stopped;

  public RedisLease(Vertx vertx, RedisStore redis, long ttlMs, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.redis = redis;
    this.ttlMs = ttlMs;
    this.onChange = onChange;
  }

  public String instanceId() { return instanceId; }

  @Override
  public boolean isLeader() {
    return leader;
  }

  public void start() {
    tick();
    timer = vertx.setPeriodic(Math.max(100, ttlMs / 3), t -> tick());
  }

  /** Gives the lease up at once (clean shutdown), so another instance need not wait for it to expire. */
  public io.vertx.core.Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    timer = -1;
    if (!leader) {
      return io.vertx.core.Future.succeededFuture();
    }
    setLeader(false);
    return redis.runScript("release-lease", List.of(KEY), List.of(instanceId)).<Void>mapEmpty().otherwiseEmpty();
  }

  private void tick() {
    long attemptAt = System.currentTimeMillis();
    redis.runScript("acquire-lease", List.of(KEY), List.of(instanceId, String.valueOf(ttlMs))).onComplete(result -> {
      if (stopped) {
        if (result.succeeded() && result.result() != null && result.result().toInteger() == 1) {
          // taken while stopping: give it straight back, so no one waits a TTL for a hub that is gone
          redis.runScript("release-lease", List.of(KEY), List.of(instanceId));
        }
        return;
      }
      if (result.succeeded() && result.result() != null && result.result().toInteger() == 1) {
        leaseValidUntil = attemptAt + ttlMs;
        setLeader(true);
      } else if (result.succeeded()) {
        setLeader(false);
      } else if (leader && System.currentTimeMillis() > leaseValidUntil - ttlMs / 3) {
        LOG.warn("Cannot renew the leader lease ({}); stepping down", result.cause().toString());
        setLeader(false);
      }
    });
  }

  private void setLeader(boolean now) {
    if (now != leader) {
      leader = now;
      LOG.info(now ? "This hub ({}) is now the leader: it runs re-sends, expiry and schedules"
          : "This hub ({}) is no longer the leader", instanceId);
      onChange.accept(now);
    }
  }

  /** Used by tests and shutdown paths to check the key without waiting for a tick. */
  public io.vertx.core.Future<String> currentHolder() {
    return redis.send(Command.GET, KEY).map(r -> r == null ? null : r.toString());
  }
}
