package org.dalaba.hub.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries shared events between hub instances over Redis pub/sub (channel {@code dlb:events}): one
 * dedicated subscriber connection, re-established with back-off when Redis goes away. Pub/sub is
 * best effort; whoever relies on these events (the leader's working set) reconciles from Redis too.
 */
public final class ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
  static final String CHANNEL = "dlb:events";

  private final Vertx vertx;
  private final RedisStore redis;
  private final Events events;
  /** The subscriber's client: closed before a retry makes the next one, and on stop. */
  private Redis client;
  private RedisConnection subscriber;
  private boolean stopped;
  private long retryDelayMs = 500;
  private long retryTimer = -1;

  public ClusterEvents(Vertx vertx, RedisStore redis, Events events) {
    this.vertx = vertx;
    this.redis = redis;
    this.events = events;
  }

  public void start() {
    events.shareThrough(this::publish);
    subscribe();
  }

  private void publish(String type, JsonObject body) {
    JsonObject event = Events.stamped(type, body);
    if (stopped) {
      events.deliver(event);
      return;
    }
    redis.send(Command.PUBLISH, CHANNEL, event.encode()).onFailure(e -> {
      // Redis is down: at least this instance's consoles see it
      events.deliver(event);
    });
  }

  private void subscribe() {
    if (stopped) {
      return;
    }
    // the configured mode's subscriber: the current master under Sentinel, one node (the next on each
    // retry) of a cluster; the previous attempt's client is closed first, so retries never pile clients up
    if (client != null) {
      client.close();
    }
    client = redis.connections().subscriber(vertx);
    client.connect().onSuccess(connection -> {
      if (stopped) {
        connection.close(); // connected while stopping
        return;
      }
      subscriber = connection;
      retryDelayMs = 500;
      connection.handler(this::onMessage);
      connection.exceptionHandler(e -> resubscribeLater("connection error " + e));
      connection.endHandler(v -> resubscribeLater("connection closed"));
      connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL))
          .onFailure(e -> resubscribeLater("SUBSCRIBE failed: " + e));
    }).onFailure(e -> resubscribeLater("cannot connect: " + e.getMessage()));
  }

  private void onMessage(Response message) {
    // ["message", channel, payload]: an array in RESP2, a push in RESP3
    if ((message.type() == ResponseType.MULTI || message.type() == ResponseType.PUSH) && message.size() == 3 && "message".equals(message.get(0).toString())) {
      try {
        events.deliver(new JsonObject(message.get(2).toString()));
      } catch (RuntimeException e) {
        LOG.warn("Ignoring an unreadable cluster event: {}", e.toString());
      }
    }
  }

  private void resubscribeLater(String why) {
    if (stopped) {
      return;
    }
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
    LOG.warn("Cluster event subscription lost ({}); retrying in {} ms", why, retryDelayMs);
    vertx.cancelTimer(retryTimer);
    retryTimer = vertx.setTimer(retryDelayMs, t -> {
      retryTimer = -1;
      subscribe();
    });
    retryDelayMs = Math.min(10_000, retryDelayMs * 2);
  }

  /** Closes the subscriber connection and its client and cancels a pending retry; no event is delivered after. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
    retryTimer = -1;
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
