package org.dalaba.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated village endpoint speaking protocol version 1 over MQTT 3.1.1.
 *
 * <p>Threading: all state lives on one Vert.x event-loop context, the endpoint's own; public methods may
 * be called from any thread and hop onto it. Returned futures complete on that context. Getters return
 * thread-safe snapshots.
 *
 * <p>Connection: {@link #connect()} connects, subscribes and publishes the retained online status. After
 * an unexpected loss the endpoint reconnects by itself with backoff (1 s doubling to 30 s, each delay
 * drawn between half and all of that); {@link #disconnect()} and {@link #dropConnection()} are on purpose
 * and leave it disconnected until the next {@link #connect()}.
 */
public final class SimEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(SimEndpoint.class);

  static final long BACKOFF_INITIAL_MS = 1_000;
  static final long BACKOFF_MAX_MS = 30_000;
  /** A FLAPPING endpoint spends this share of each flap period connected, the rest away. */
  private static final double FLAP_UP_SHARE = 0.8;

  private final Vertx vertx;
  private final Context context;
  private final SimEndpointSpec spec;
  private final FleetOptions options;
  private final Behaviour behaviour;
  private final Random random;
  private final EndpointStats stats = new EndpointStats();
  private final CommandProcessor processor;
  private final Map<String, Handler<Buffer>> routes;
  private final Handler<Buffer> hubStatusRoute;
  private final long createdAt = System.currentTimeMillis();

  // Confined to the context.
  private MqttLink link;
  private Future<Void> connecting;
  private boolean wantConnected;
  private boolean closed;
  private int reconnectAttempt;
  /** Which of FleetOptions' brokers the next connection goes to; moves on after a loss or a failed reconnect. */
  private int brokerChoice;
  private long reconnectTimer = -1;
  private long heartbeatTimer = -1;
  private long flapTimer = -1;
  private long garbageTimer = -1;
  private long garbageSequence;
  private final Set<Long> delayedReceipts = new HashSet<>();
  private volatile boolean connected;
  private volatile String hubState;
  private volatile long lastCommandNanos;
  private volatile long lastReceiptNanos;

  SimEndpoint(Vertx vertx, Context context, SimEndpointSpec spec, FleetOptions options, Behaviour behaviour,
      long seed, MediaSource fetcher) {
    this.vertx = vertx;
    this.context = context;
    this.spec = spec;
    this.options = options;
    this.behaviour = behaviour;
    this.random = new Random(seed);
    this.processor = new CommandProcessor(vertx, spec, options, behaviour, random, fetcher, stats,
        this::publishReceipt, this::publishOnlineStatus);
    this.hubStatusRoute = this::onHubStatus;
    processor.reachability(() -> connected && "online".equals(hubState));
    this.routes = Map.of(
        Topics.CMD_ALL, command(Topics.CMD_ALL),
        Topics.cmdTownship(spec.townshipId()), command(Topics.cmdTownship(spec.townshipId())),
        Topics.cmdVillage(spec.villageId()), command(Topics.cmdVillage(spec.villageId())),
        Topics.cmdEndpoint(spec.endpointId()), command(Topics.cmdEndpoint(spec.endpointId())),
        Topics.HUB_STATUS, hubStatusRoute);
  }

  private Handler<Buffer> command(String topic) {
    return payload -> processor.onCommand(topic, payload);
  }

  public String id() {
    return spec.endpointId();
  }

  public SimEndpointSpec spec() {
    return spec;
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  /**
   * Connects (if not connected), subscribes, and publishes the retained online status. Completes when
   * the broker acknowledged that status. If this attempt fails the endpoint stays disconnected.
   */
  public Future<Void> connect() {
    return onContext(() -> {
      if (closed) {
        return Future.failedFuture("endpoint " + id() + " is closed");
      }
      wantConnected = true;
      cancelReconnect();
      if (connected) {
        return Future.succeededFuture();
      }
      return connecting != null ? connecting : attempt(false);
    });
  }

  /** Connects, and on failure keeps trying with back-off and jitter until connected (or closed). */
  void keepConnecting() {
    onContext(() -> {
      if (!closed && !connected && connecting == null) {
        wantConnected = true;
        attempt(true);
      }
      return Future.succeededFuture();
    });
  }

  /** Clean disconnect: retained offline status with reason shutdown, then DISCONNECT. No reconnect. */
  public Future<Void> disconnect() {
    return onContext(this::disconnectNow);
  }

  /**
   * Closes the TCP socket without DISCONNECT, as a lost network would, so the broker publishes the
   * retained last will. Completes once the socket is closed. No reconnect until {@link #connect()}.
   */
  public Future<Void> dropConnection() {
    return onContext(this::dropNow);
  }

  private Future<Void> dropNow() {
    wantConnected = false;
    cancelReconnect();
    stopSessionTimers();
    MqttLink current = link;
    connected = false;
    processor.linkUp(false);
    return current == null ? Future.succeededFuture() : current.abort();
  }

  /**
   * Loses the whole network, as a 4G cell that goes away: the MQTT socket as {@link #dropConnection()}, and the
   * connections of live streams, which wait for the link ({@link #connect()} brings both back).
   */
  public Future<Void> loseNetwork() {
    return onContext(() -> {
      Future<Void> dropped = dropNow();
      processor.cutLiveStreams(Long.MAX_VALUE);
      return dropped;
    });
  }

  /** Cuts the live streams' HTTP connections only (MQTT stays up) and keeps the hub unreachable over HTTP for {@code awayMs}. */
  public Future<Void> cutLiveStreams(long awayMs) {
    return onContext(() -> {
      processor.cutLiveStreams(awayMs);
      return Future.succeededFuture();
    });
  }

  /** The first audio page of each connection of a live session's stream, in order (its latest playing; thread-safe). */
  public List<org.dalaba.sim.live.LiveStreamPlayer.Join> liveJoins(String commandId) {
    return processor.liveJoins(commandId);
  }

  public boolean isConnected() {
    return connected;
  }

  /**
   * Publishes anything anywhere on this endpoint's connection, for hostile tests (another endpoint's
   * topic, malformed JSON, oversized payloads). Completes on the broker's acknowledgement for QoS 1
   * and 2, once written for QoS 0; fails when not connected.
   */
  public Future<Void> publishRaw(String topic, Buffer payload, int qos) {
    if (qos < 0 || qos > 2) {
      return Future.failedFuture(new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos));
    }
    return onContext(() -> link == null ? Future.failedFuture("endpoint " + id() + " is not connected")
        : link.publish(topic, payload, qos, false));
  }

  /**
   * Loses the next {@code count} commands that arrive, as a {@link Behaviour#DROPPING} endpoint loses some (no
   * receipt, no playback): one endpoint that missed an alert while it was online, for a test.
   */
  public void loseNextCommands(int count) {
    processor.loseNext(count);
  }

  /** The lag report ({@code p50Ms, p95Ms, maxMs, pages}) of the last live session it played to the end, or null. */
  public io.vertx.core.json.JsonObject lastLiveLag() {
    return processor.lastLiveLag();
  }

  /** Every playback this endpoint started (the last 1,000), oldest first. */
  public List<PlayRecord> playLog() {
    return processor.playLog();
  }

  /** Every command payload that arrived as a JSON object, duplicates included (the last 1,000). */
  /** How many commands this endpoint refused as unsigned or forged (answered {@code failed BAD_SIGNATURE}). */
  public int refusedSignatures() {
    return stats.badSignature;
  }

  public List<JsonObject> receivedCommands() {
    return processor.receivedCommands();
  }

  public int volume() {
    return processor.volume();
  }

  /** Id of the command playing now, or null. */
  public String playing() {
    return processor.playing();
  }

  /** Whether a prefetch stored verified audio with this SHA-256 (until its command expired). */
  public boolean hasMedia(String sha256) {
    return processor.hasMedia(sha256);
  }

  /**
   * {@link System#nanoTime()} when the last message on one of this endpoint's command topics arrived
   * (before it is parsed), or 0; benchmarks time the broker's fan-out with it.
   */
  public long lastCommandNanos() {
    return lastCommandNanos;
  }

  /**
   * {@link System#nanoTime()} when this simulated endpoint last handed a receipt to its connection, or 0; benchmarks
   * use it to know when the hub cannot have every receipt yet.
   */
  public long lastReceiptNanos() {
    return lastReceiptNanos;
  }

  /** {@code state} of the last hub status seen ("online" / "offline"), or null if none yet. */
  public String hubState() {
    return hubState;
  }

  FleetSummary.EndpointStats stats() {
    return new FleetSummary.EndpointStats(id(), behaviour, connected, stats.received, stats.distinct,
        stats.played, stats.stopped, stats.preempted, stats.dropped);
  }

  /** For the fleet: stop playing, cancel every timer, disconnect cleanly; the endpoint cannot come back. */
  Future<Void> close() {
    return onContext(() -> {
      closed = true;
      processor.shutdown();
      delayedReceipts.forEach(vertx::cancelTimer);
      delayedReceipts.clear();
      return disconnectNow();
    });
  }

  // ---- connection lifecycle (on the context) ----

  private Future<Void> attempt(boolean retrying) {
    MqttLink attemptLink = new MqttLink(vertx, options, spec, options.broker(brokerChoice), this::onPublish, this::onLinkClosed);
    link = attemptLink;
    Future<Void> opened = attemptLink.open(() -> Payloads.online(options.now(), processor.volume(), processor.caps()));
    connecting = opened;
    opened.onComplete(ar -> {
      if (link != attemptLink) {
        return;  // closed meanwhile; onLinkClosed or disconnect already decided what comes next
      }
      connecting = null;
      if (ar.succeeded()) {
        connected = true;
        processor.linkUp(true);
        reconnectAttempt = 0;
        startSessionTimers();
        flushOutbox();
        LOG.debug("{}: online", id());
      } else {
        link = null;
        if (options.endpoint() != null) {
          // a real endpoint's installer reads the journal: every failed attempt (at most one per back-off)
          LOG.info("{}: cannot connect to {}: {}", id(), options.broker(brokerChoice), ar.cause().getMessage());
          options.endpoint().status.error("broker: " + ar.cause().getMessage());
        } else {
          LOG.debug("{}: connect failed: {}", id(), ar.cause().getMessage());
        }
        if (retrying && wantConnected && !closed) {
          brokerChoice++;
          scheduleReconnect();
        } else {
          wantConnected = false;
        }
      }
    });
    return opened;
  }

  private void onLinkClosed(MqttLink closedLink) {
    if (closedLink != link) {
      return;
    }
    boolean wasConnected = connected;
    link = null;
    connecting = null;
    connected = false;
    processor.linkUp(false);
    stopSessionTimers();
    if (wantConnected && !closed) {
      if (wasConnected && reconnectTimer == -1) {
        LOG.info("{}: connection lost, reconnecting", id());
      }
      if (wasConnected) {
        brokerChoice++; // try another node of the cluster first (no-op without fallback brokers)
      }
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (reconnectTimer != -1) {
      return;  // already planned (e.g. by a flap)
    }
    long ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS << Math.min(reconnectAttempt, 5));
    reconnectAttempt++;
    long delay = ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2));
    reconnectIn(delay);
  }

  private void reconnectIn(long delayMs) {
    reconnectTimer = vertx.setTimer(Math.max(1, delayMs), t -> {
      reconnectTimer = -1;
      if (wantConnected && !closed && link == null) {
        attempt(true);
      }
    });
  }

  private void cancelReconnect() {
    if (reconnectTimer != -1) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
  }

  private Future<Void> disconnectNow() {
    wantConnected = false;
    cancelReconnect();
    stopSessionTimers();
    MqttLink current = link;
    if (current == null) {
      return Future.succeededFuture();
    }
    boolean wasConnected = connected;
    connected = false;
    if (!wasConnected) {
      return current.disconnect();
    }
    return current.publish(Topics.status(id()), Payloads.offlineShutdown(options.now()), 1, true)
        .transform(ar -> {
          if (ar.failed()) {
            LOG.debug("{}: offline status not acknowledged: {}", id(), ar.cause().getMessage());
          }
          return current.disconnect();
        });
  }

  private void startSessionTimers() {
    long period = options.heartbeatSeconds() * 1000L;
    // Spread the fleet's heartbeats over the period instead of beating all at once.
    long first = 1 + (long) (random.nextDouble() * period);
    heartbeatTimer = vertx.setTimer(first, t -> {
      heartbeat();
      heartbeatTimer = vertx.setPeriodic(period, t2 -> heartbeat());
    });
    if (behaviour == Behaviour.FLAPPING) {
      long up = Math.max(1, (long) (options.flapPeriodMs() * FLAP_UP_SHARE));
      flapTimer = vertx.setTimer(up, t -> flap());
    }
    if (behaviour == Behaviour.GARBAGE) {
      garbageTimer = vertx.setPeriodic(options.garbagePeriodMs(), t -> {
        if (link != null) {
          link.send(Topics.receipt(id()), GarbagePayloads.next(garbageSequence++), 1, false);
        }
      });
    }
  }

  private void stopSessionTimers() {
    for (long timer : new long[] {heartbeatTimer, flapTimer, garbageTimer}) {
      if (timer != -1) {
        vertx.cancelTimer(timer);
      }
    }
    heartbeatTimer = flapTimer = garbageTimer = -1;
  }

  private void flap() {
    flapTimer = -1;
    MqttLink current = link;
    if (current == null || closed || !wantConnected) {
      return;
    }
    LOG.debug("{}: flapping: dropping the connection", id());
    connected = false;
    processor.linkUp(false);
    stopSessionTimers();
    // Plan the return before the close is noticed, so onLinkClosed does not add a backoff.
    reconnectIn((long) (options.flapPeriodMs() * (1 - FLAP_UP_SHARE)));
    current.abort();
  }

  // ---- messages ----

  private void onPublish(MqttPublishMessage message) {
    Handler<Buffer> route = routes.get(message.topicName());
    if (route != null && route != hubStatusRoute) {
      lastCommandNanos = System.nanoTime();
    }
    if (route == null) {
      LOG.debug("{}: message on unexpected topic {}", id(), message.topicName());
      return;
    }
    route.handle(message.payload());
  }

  private void onHubStatus(Buffer payload) {
    try {
      Object value = payload.toJsonValue();
      if (value instanceof JsonObject status && status.getValue("state") instanceof String state) {
        hubState = state;
        return;
      }
    } catch (RuntimeException e) {
      // fall through: a hub status we cannot read is only worth a debug line
    }
    LOG.debug("{}: unreadable hub status", id());
  }

  private void heartbeat() {
    if (link != null && connected) {
      long now = options.now();
      link.send(Topics.heartbeat(id()),
          Payloads.heartbeat(now, processor.playing(), processor.volume(), (System.currentTimeMillis() - createdAt) / 1000), 0, false);
    }
  }

  private void publishOnlineStatus() {
    if (link != null) {
      link.send(Topics.status(id()), Payloads.online(options.now(), processor.volume(), processor.caps()), 1, true);
    }
  }

  private void publishReceipt(JsonObject receipt) {
    if (behaviour == Behaviour.SLOW_ACK && options.slowAckMs() > 0) {
      long[] timer = new long[1];
      timer[0] = vertx.setTimer(options.slowAckMs(), t -> {
        delayedReceipts.remove(timer[0]);
        sendReceipt(receipt);
      });
      delayedReceipts.add(timer[0]);
    } else {
      sendReceipt(receipt);
    }
  }

  private void sendReceipt(JsonObject receipt) {
    if (options.endpoint() != null) {
      outbox.addLast(receipt);
      while (outbox.size() > OUTBOX_SIZE) {
        outbox.removeFirst();
      }
      flushOutbox();
      return;
    }
    if (link == null) {
      // Lost like any message sent into a dead network; the hub re-sends and gets this receipt again.
      LOG.debug("{}: not connected, receipt for {} lost", id(), receipt.getString("cmd"));
      return;
    }
    lastReceiptNanos = System.nanoTime();
    link.send(Topics.receipt(id()), receipt.toBuffer(), 1, false);
  }

  /** A real endpoint keeps receipts made while it could not send them (their {@code ts} the real time of each step). */
  static final int OUTBOX_SIZE = 1_000;
  private final java.util.ArrayDeque<JsonObject> outbox = new java.util.ArrayDeque<>();

  /** Sends the kept receipts oldest first, one at a time (each after the previous one's PUBACK), keeping their order. */
  private void flushOutbox() {
    JsonObject first = outbox.peekFirst();
    if (flushing || first == null || link == null || !connected) {
      return;
    }
    flushing = true;
    MqttLink current = link;
    current.publish(Topics.receipt(id()), first.toBuffer(), 1, false).onComplete(ar -> {
      flushing = false;
      if (ar.succeeded()) {
        outbox.remove(first);
        flushOutbox();
      } else {
        // kept; sent again after the reconnect, or in a second if the connection is still up
        LOG.debug("{}: receipt for {} kept for later: {}", id(), first.getString("cmd"), ar.cause().getMessage());
        vertx.setTimer(1_000, t -> flushOutbox());
      }
    });
  }

  private boolean flushing;

  /** Receipts a real endpoint still has to send. */
  public int outboxSize() {
    return onContextNow(outbox::size);
  }

  private <T> T onContextNow(java.util.function.Supplier<T> get) {
    try {
      return onContext(() -> Future.succeededFuture(get.get())).toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /** Announced programmes still to come (a real endpoint's). */
  public int scheduledPlays() {
    Integer n = onContextNow(processor::scheduledPlays);
    return n == null ? 0 : n;
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
