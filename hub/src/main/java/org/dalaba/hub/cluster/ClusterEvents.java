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
 * Carries shared events between hub instances over Redis pub/sub (channel {@code dlb:events}); the publishing
 * hub delivers its own at once and skips them when they come back. One dedicated subscriber connection, re-established with back-off when Redis goes away. Pub/sub is
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
  private static final long FIRST_RETRY_MS = 500;
  private static final long ANSWER_TIMEOUT_MS = 10_000;
  private long retryDelayMs = FIRST_RETRY_MS;
  /** Counts subscribe attempts: answers to one already given up are ignored. */
  private long attempts;
  private long watchdogTimer = -1;
  private long retryTimer = -1;
  /**
   * Every {@value #PROBE_MS} ms the hub publishes a probe of its own and expects it back on its subscriber:
   * after a Sentinel failover a subscriber can be connected and subscribed yet hear nothing (a node that
   * is no longer, or not yet, the one the hubs publish to). A probe not back by the next round resubscribes.
   */
  static final long PROBE_MS = 5_000;
  private static final String PROBE_TYPE = "cluster.probe";
  /** The field naming the hub instance that published an event; removed before other hubs deliver it. */
  static final String SENT_BY = "sentBy";
  private final String instance = java.util.UUID.randomUUID().toString();
  /** How this hub's own events begin on the channel: they are recognised by it and never parsed when they come back. */
  private final String ownPrefix = "{\"" + SENT_BY + "\":\"" + instance + "\",";
  private final io.vertx.core.buffer.Buffer ownPrefixBytes = io.vertx.core.buffer.Buffer.buffer(ownPrefix);
  /** The probe this hub announces itself with when it has subscribed (see announce()). */
  private final String ownHello = "hello-" + instance;
  private long probeTimer = -1;
  private String probeOut;
  /** Null under Redis Cluster: there every event is shared, whoever listens (see ChannelAudience). */
  private final ChannelAudience audience;

  public ClusterEvents(Vertx vertx, RedisStore redis, Events events) {
    this.vertx = vertx;
    this.redis = redis;
    this.events = events;
    this.audience = redis.connections().clustered() ? null : new ChannelAudience(2 * PROBE_MS + 2_000);
  }

  public void start() {
    events.shareThrough(this::publish);
    subscribe();
    probeTimer = vertx.setPeriodic(PROBE_MS, t -> probe());
  }

  private void probe() {
    if (stopped || subscriber == null) {
      probeOut = null;
      return;
    }
    if (probeOut != null) {
      probeOut = null;
      resubscribeLater("this hub's own probe did not come back within " + PROBE_MS / 1000 + " s");
      return;
    }
    String id = java.util.UUID.randomUUID().toString();
    probeOut = id;
    redis.send(Command.PUBLISH, CHANNEL, probeMessage(id)).onSuccess(counter()).onFailure(e -> {
      if (id.equals(probeOut)) {
        probeOut = null; // Redis is down: RedisHealth says so; the subscriber is not to blame
      }
    });
  }

  private static String probeMessage(String id) {
    return new JsonObject().put("type", PROBE_TYPE).put("probe", id).encode();
  }

  /** The other hubs learn at once that this one listens: a probe that nobody waits for (not even this hub). */
  private void announce() {
    redis.send(Command.PUBLISH, CHANNEL, probeMessage(ownHello)).onSuccess(counter());
  }

  /** Takes the receivers a PUBLISH sent now will count (to the audience, if this subscription still holds then). */
  private io.vertx.core.Handler<Response> counter() {
    if (audience == null) {
      return receivers -> { };
    }
    long sentIn = audience.epoch();
    return receivers -> {
      if (receivers != null && receivers.type() == ResponseType.NUMBER) {
        audience.published(sentIn, receivers.toLong());
      }
    };
  }

  /** Whether the next console batch would go to the channel (for tests). */
  boolean sharesConsoleBatches() {
    return worthSharing("delivery.batch");
  }

  /**
   * Whether an event must go to the channel: always, but for the per-receipt batches of the console's stream
   * ({@code delivery.batch} and the like, not the engine's own) while nobody but this hub listens.
   */
  private boolean worthSharing(String type) {
    boolean consoleBatch = Events.itemType(type) != null && !type.startsWith("engine.");
    return !consoleBatch || audience == null || audience.othersMayListen(System.currentTimeMillis());
  }

  /**
   * This hub's own listeners get the event at once (not after a trip through Redis, and whether Redis is up or
   * not); the other hubs through the channel, the event marked {@value #SENT_BY} this hub so that it skips it there.
   */
  private void publish(String type, JsonObject body) {
    JsonObject event = Events.stamped(type, body);
    events.deliver(event);
    if (!stopped && worthSharing(type)) {
      // spliced in rather than put: the event is already with this hub's listeners, who share it unchanged
      String marked = ownPrefix + event.encode().substring(1);
      redis.send(Command.PUBLISH, CHANNEL, marked).onSuccess(counter())
          .onFailure(e -> LOG.debug("Sharing a {} event failed: {}", type, e.toString()));
    }
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
    long attempt = ++attempts;
    // connect and SUBSCRIBE must answer in time: during a Sentinel failover a connection can hang unanswered
    vertx.cancelTimer(watchdogTimer);
    watchdogTimer = vertx.setTimer(ANSWER_TIMEOUT_MS, t -> {
      if (attempt == attempts) {
        resubscribeLater("no answer within " + ANSWER_TIMEOUT_MS / 1000 + " s");
      }
    });
    client.connect().onSuccess(connection -> {
      if (stopped || attempt != attempts) {
        connection.close(); // connected while stopping, or after this attempt was given up
        return;
      }
      subscriber = connection;
      connection.handler(this::onMessage);
      // only the current subscriber's end counts: a connection already replaced may report its close late
      connection.exceptionHandler(e -> {
        if (connection == subscriber) {
          resubscribeLater("connection error " + e);
        }
      });
      connection.endHandler(v -> {
        if (connection == subscriber) {
          resubscribeLater("connection closed");
        }
      });
      connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).onSuccess(r -> {
        if (connection == subscriber) {
          vertx.cancelTimer(watchdogTimer);
          if (retryDelayMs > FIRST_RETRY_MS) {
            LOG.info("Cluster event subscription restored");
          }
          retryDelayMs = FIRST_RETRY_MS;
          if (audience != null) {
            audience.subscribed(true);
          }
          announce();
        }
      }).onFailure(e -> {
        if (connection == subscriber) {
          resubscribeLater("SUBSCRIBE failed: " + e);
        }
      });
    }).onFailure(e -> {
      if (attempt == attempts) {
        resubscribeLater("cannot connect: " + e.getMessage());
      }
    });
  }

  private void onMessage(Response message) {
    // ["message", channel, payload]: an array in RESP2, a push in RESP3
    if ((message.type() == ResponseType.MULTI || message.type() == ResponseType.PUSH) && message.size() == 3 && "message".equals(message.get(0).toString())) {
      io.vertx.core.buffer.Buffer payload = message.get(2).toBuffer();
      if (startsWith(payload, ownPrefixBytes)) {
        return; // delivered here when it was published
      }
      try {
        JsonObject event = new JsonObject(payload);
        if (PROBE_TYPE.equals(event.getString("type"))) {
          String probe = event.getString("probe", "");
          if (probe.equals(probeOut)) {
            probeOut = null; // ours came back; other hubs' probes are not events either
          } else if (audience != null && !probe.equals(ownHello)) {
            audience.heardOtherHub(System.currentTimeMillis());
          }
          return;
        }
        if (audience != null) {
          audience.heardOtherHub(System.currentTimeMillis());
        }
        event.remove(SENT_BY);
        events.deliver(event);
      } catch (RuntimeException e) {
        LOG.warn("Ignoring an unreadable cluster event: {}", e.toString());
      }
    }
  }

  private static boolean startsWith(io.vertx.core.buffer.Buffer payload, io.vertx.core.buffer.Buffer prefix) {
    if (payload.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (payload.getByte(i) != prefix.getByte(i)) {
        return false;
      }
    }
    return true;
  }

  private void resubscribeLater(String why) {
    if (stopped) {
      return;
    }
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
    if (audience != null) {
      audience.subscribed(false);
    }
    LOG.warn("Cluster event subscription lost ({}); retrying in {} ms", why, retryDelayMs);
    attempts++; // whatever the attempt in progress still answers is ignored
    probeOut = null; // the next subscriber is probed afresh
    vertx.cancelTimer(watchdogTimer);
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
    vertx.cancelTimer(probeTimer);
    vertx.cancelTimer(watchdogTimer);
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
