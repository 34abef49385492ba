package org.dalaba.hub.store;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether Redis answers: a PING every second, and any command failure reported by callers.
 * While Redis is unavailable the API refuses new alerts with 503, since it could not make them
 * durable. With {@link #requirePersistence}, every few seconds it also reads {@code appendonly} and
 * {@code appendfsync}: someone switching persistence off makes Redis count as unavailable too (health
 * degraded, alerts refused) until it is back on. Runs on the hub's context.
 */
public final class RedisHealth {
  private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);
  private static final long PING_EVERY_MS = 1000;
  private static final long PING_TIMEOUT_MS = 1500;
  private static final int PERSISTENCE_EVERY_PINGS = 5;

  private final Vertx vertx;
  private final RedisStore redis;
  private final Consumer<Boolean> onChange;
  private volatile boolean available = true;
  private volatile boolean reachable = true;
  private volatile boolean persistent = true;
  private boolean fsyncRequired;
  private boolean checkPersistence;
  private boolean checking;
  private int pings;
  private long timer = -1;
  private boolean pinging;
  private long pingStartedAt;

  /** Completes once Redis answers PING: it may still be loading its AOF after a restart. Fails after {@code timeoutMs}. */
  public static io.vertx.core.Future<Void> answering(Vertx vertx, RedisStore redis, long timeoutMs) {
    io.vertx.core.Promise<Void> ready = io.vertx.core.Promise.promise();
    pingUntil(vertx, redis, System.currentTimeMillis() + timeoutMs, ready);
    return ready.future();
  }

  private static void pingUntil(Vertx vertx, RedisStore redis, long deadline, io.vertx.core.Promise<Void> ready) {
    redis.send(io.vertx.redis.client.Command.PING).onSuccess(r -> ready.complete()).onFailure(e -> {
      if (System.currentTimeMillis() > deadline) {
        ready.fail(e);
      } else {
        vertx.setTimer(250, t -> pingUntil(vertx, redis, deadline, ready));
      }
    });
  }

  public RedisHealth(Vertx vertx, RedisStore redis, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.redis = redis;
    this.onChange = onChange;
  }

  public boolean isAvailable() { return available; }

  /** False while the last persistence check found accepted writes would not survive a restart. */
  public boolean isPersistent() { return persistent; }

  /**
   * Checks persistence periodically; {@code fsyncEveryWrite} also requires {@code appendfsync always}
   * (the embedded Redis is started so; an external one may run {@code everysec} by the operator's choice).
   */
  public RedisHealth requirePersistence(boolean fsyncEveryWrite) {
    this.checkPersistence = true;
    this.fsyncRequired = fsyncEveryWrite;
    return this;
  }

  public void start() {
    timer = vertx.setPeriodic(PING_EVERY_MS, t -> ping());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void ping() {
    if (checkPersistence && !checking && pings++ % PERSISTENCE_EVERY_PINGS == 0) {
      checking = true;
      RedisPersistenceCheck.read(redis).onComplete(r -> {
        checking = false;
        if (r.succeeded()) {
          RedisPersistenceCheck.Verdict verdict = r.result();
          boolean ok = verdict == RedisPersistenceCheck.Verdict.SAFE || verdict == RedisPersistenceCheck.Verdict.UNKNOWN
              || (!fsyncRequired && verdict == RedisPersistenceCheck.Verdict.MAY_LOSE_ONE_SECOND);
          if (ok != persistent) {
            persistent = ok;
            if (!ok) {
              LOG.error("Redis persistence was switched off ({}): new alerts are refused until appendonly yes and "
                  + "appendfsync always are back", verdict);
            } else {
              LOG.info("Redis persistence is on again");
            }
            update();
          }
        }
      });
    }
    long now = System.currentTimeMillis();
    if (pinging) {
      if (now - pingStartedAt > PING_TIMEOUT_MS) {
        set(false, "no answer to PING within " + PING_TIMEOUT_MS + " ms");
      }
      return;
    }
    pinging = true;
    pingStartedAt = now;
    redis.send(Command.PING).onComplete(r -> {
      pinging = false;
      if (r.succeeded()) {
        set(true, "PING answered");
      } else {
        set(false, r.cause().getMessage());
      }
    });
  }

  private void set(boolean now, String why) {
    if (now != reachable) {
      reachable = now;
      if (now) {
        LOG.info("Redis is reachable again");
      } else {
        LOG.error("Redis is unreachable ({}); new alerts are refused until it is back", why);
      }
      update();
    }
  }

  private void update() {
    boolean now = reachable && persistent;
    if (now != available) {
      available = now;
      onChange.accept(now);
    }
  }
}
