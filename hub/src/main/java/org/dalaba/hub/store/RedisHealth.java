package org.dalaba.hub.store;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether Redis answers: a PING every second, and any command failure reported by callers.
 * While Redis is unavailable the API refuses new alerts with 503, since it could not make them
 * durable. Runs on the hub's context.
 */
public final class RedisHealth {
  private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);
  private static final long PING_EVERY_MS = 1000;
  private static final long PING_TIMEOUT_MS = 1500;

  private final Vertx vertx;
  private final RedisStore redis;
  private final Consumer<Boolean> onChange;
  private volatile boolean available = true;
  private long timer = -1;
  private boolean pinging;
  private long pingStartedAt;

  public RedisHealth(Vertx vertx, RedisStore redis, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.redis = redis;
    this.onChange = onChange;
  }

  public boolean isAvailable() { return available; }

  public void start() {
    timer = vertx.setPeriodic(PING_EVERY_MS, t -> ping());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void ping() {
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
    if (now != available) {
      available = now;
      if (now) {
        LOG.info("Redis is reachable again");
      } else {
        LOG.error("Redis is unreachable ({}); new alerts are refused until it is back", why);
      }
      onChange.accept(now);
    }
  }
}
