package org.dalaba.hub.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import io.reactivex.schedulers.Schedulers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManagerFactory;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.signing.CommandSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's single MQTT connection (the HiveMQ MQTT client, MQTT 5), to the embedded or an external broker: one code
 * path for both. The client runs on one Netty thread of its own and calls back on it; reports go from there to the
 * hub's event loop in batches ({@link ReportTap}), everything else is hopped onto the hub's Vert.x context, so the
 * rest of the hub never sees a client thread. Publishes are queued and at most {@code maxInFlight} are outstanding.
 * Every command is signed here, on its final bytes, whatever built it (docs/protocol.md, "Command signatures").
 *
 * <p>Why not Paho, which this replaced: on the external-broker path every receipt crossed three Paho threads and
 * each PUBACK was a socket write of its own; the hub's CPU per alert to 10,000 endpoints halved without them
 * (docs/performance.md).
 */
public final class MqttGateway implements CommandBus {
  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  static final long SUBSCRIBE_RETRY_FIRST_MS = 1000;
  /** A refused subscription is asked for again at most this far apart: the broker's ACL may be fixed at any time. */
  static final long SUBSCRIBE_RETRY_MAX_MS = 15_000;
  /** A connect, subscribe or publish on stop that the broker has not answered after this long is given up. */
  private static final long ANSWER_TIMEOUT_MS = 15_000;
  private static final int KEEP_ALIVE_S = 30;

  /**
   * One Netty thread, and callbacks run on it directly rather than on RxJava's computation pool: a report is handed
   * to {@link ReportTap} on the thread that decoded it, and the PUBACK goes out as soon as that returns.
   */
  private static final MqttClientExecutorConfig EXECUTORS = MqttClientExecutorConfig.builder()
      .nettyThreads(1)
      .applicationScheduler(Schedulers.from(Runnable::run))
      .build();

  private final Context context;
  private final String url;
  private final String username;
  private final String password;
  private final ReportTap reports = new ReportTap();
  private final CommandSigner signer;
  private final int maxInFlight;
  private final Subscriptions subscriptions;
  private final PublishQueueLimit queueLimit;
  private final Deque<PendingPublish> queue = new ArrayDeque<>();
  private final Deque<Signing> signing = new ArrayDeque<>();
  private List<BrokerAddress> nodes;
  private int inFlight;
  /** The current connection attempt or connection; replaced on every attempt. Read and written on the context. */
  private Link link;
  private volatile boolean connected;
  private volatile boolean stopping;
  private boolean reconnecting;
  /** The pending reconnect timer, -1 if none: cancelled on stop. */
  private long reconnectTimer = -1;
  /** The pending re-subscribe timer, -1 if none: cancelled on stop and when the connection drops. */
  private long subscribeTimer = -1;
  /** Counts connections: a SUBACK that arrives after its connection was lost is ignored. */
  private long connection;
  private long subscribeRetryMs = SUBSCRIBE_RETRY_FIRST_MS;
  private final AtomicLong subscriptionRefusals = new AtomicLong();
  private Runnable onConnectionChange = () -> { };
  private TrustManagerFactory tls;
  private boolean verifyHostname = true;

  /**
   * Trusts exactly what {@code trust} trusts for an {@code ssl://} URL; call before {@link #start}.
   *
   * @param verifyHostname false only for the embedded broker on loopback, whose certificate is pinned by
   *                       {@code trust} but need not name 127.0.0.1
   */
  public void useTls(TrustManagerFactory trust, boolean verifyHostname) {
    this.tls = trust;
    this.verifyHostname = verifyHostname;
  }

  private record PendingPublish(Mqtt5Publish message, Promise<Void> promise) {
  }

  /** A command being signed; {@code result} is set on the context when signing ends. */
  private static final class Signing {
    final String topic;
    final long expiresAtMillis;
    final Promise<Void> promise;
    io.vertx.core.AsyncResult<byte[]> result;

    Signing(String topic, long expiresAtMillis, Promise<Void> promise) {
      this.topic = topic;
      this.expiresAtMillis = expiresAtMillis;
      this.promise = promise;
    }
  }

  /**
   * One client and the node it connects to. {@code lost} is set (on the context) once it is replaced, retired or its
   * connection dropped; its reports are then ignored, read on the client's thread.
   */
  private static final class Link {
    final Mqtt5AsyncClient client;
    final BrokerAddress node;
    volatile boolean lost;
    /** Connected and not lost: set and read on the context. */
    boolean up;

    Link(Mqtt5AsyncClient client, BrokerAddress node) {
      this.client = client;
      this.node = node;
    }
  }

  /**
   * @param subscriptions topic filters and their QoS, see {@link Topics#hubSubscriptions}
   * @param maxQueued     publishes waiting (being signed or for the in-flight window) at most; more fail at once
   */
  public MqttGateway(Context context, String url, String username, String password, ReportHandler reports, int maxInFlight,
                     Map<String, Integer> subscriptions, CommandSigner signer, int maxQueued) {
    this.signer = signer;
    this.context = context;
    this.url = url;
    this.username = username;
    this.password = password;
    this.reports.attach(task -> context.runOnContext(ignored -> task.run()), reports);
    this.maxInFlight = maxInFlight;
    this.subscriptions = new Subscriptions(subscriptions);
    this.queueLimit = new PublishQueueLimit(maxQueued);
  }

  public boolean isConnected() { return connected; }

  /** Connected and holding every subscription: only then does this hub hear every report meant for it. */
  public boolean isReady() { return connected && subscriptions.allHeld(); }

  /** The filters the broker refused on this connection, with the SUBACK reason code of each. */
  public Map<String, Integer> refusedSubscriptions() { return subscriptions.refused(); }

  /** SUBACK refusals since start, one per filter per attempt. */
  public long subscriptionRefusals() { return subscriptionRefusals.get(); }

  /** The MQTT 5 name of a SUBACK reason code. */
  public static String subackReason(int code) { return Subscriptions.reasonName(code); }

  /** Reports dropped because too many waited for the event loop (see {@link ReportTap}). */
  public long reportsDropped() { return reports.dropped(); }

  /** Publishes waiting to be signed or sent. */
  public int queued() { return queueLimit.depth(); }

  /** Publishes refused at once because {@link #queued()} had reached its bound. */
  public long publishesRefused() { return queueLimit.refused(); }

  public void onConnectionChange(Runnable listener) { this.onConnectionChange = listener; }

  /**
   * Connects, subscribes to every endpoint report and publishes the hub's online status. Call on the hub's context.
   *
   * @param failFast true (embedded broker): a refused first connection fails the start, since it is
   *                 our own misconfiguration; false (external broker): keep retrying with back-off and
   *                 report degraded meanwhile, since the broker may simply not be up yet
   */
  public Future<Void> start(boolean failFast) {
    try {
      nodes = BrokerAddress.parseAll(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalStateException(e.getMessage(), e));
    }
    if (failFast) {
      Promise<Void> started = Promise.promise();
      connectAny(0, started);
      return started.future();
    }
    connectWithRetry(1000);
    return Future.succeededFuture();
  }

  /**
   * Connects, and on failure tries again with back-off (1 s doubling to 30 s) until it succeeds or the gateway stops.
   * Used for the first connection to an external broker and after every connection loss: the client's own automatic
   * reconnect is off, so that each attempt starts clean with a new client and tries every node of a cluster.
   */
  private void connectWithRetry(long delayMs) {
    if (stopping) {
      return;
    }
    if (link != null && link.up) {
      reconnecting = false; // an attempt given up by its watchdog got through after all
      return;
    }
    reconnecting = true;
    Promise<Void> attempt = Promise.promise();
    connectAny(0, attempt);
    attempt.future().onSuccess(v -> reconnecting = false).onFailure(e -> {
      LOG.warn("{}; retrying in {} s", e.getMessage(), delayMs / 1000);
      reconnectTimer = retryLater(reconnectTimer, delayMs, () -> connectWithRetry(Math.min(30_000, delayMs * 2)));
    });
  }

  /** Tries the nodes from {@code index} on, in order (a broker cluster), until one accepts. */
  private void connectAny(int index, Promise<Void> done) {
    Promise<Void> attempt = Promise.promise();
    connect(nodes.get(index), attempt);
    attempt.future().onComplete(r -> {
      if (r.succeeded() || index + 1 >= nodes.size() || stopping) {
        done.handle(r);
      } else {
        LOG.warn("{}; trying the next node", r.cause().getMessage());
        connectAny(index + 1, done);
      }
    });
  }

  /** One attempt on one node, with a new client; the previous one is retired. Runs on the context. */
  private void connect(BrokerAddress node, Promise<Void> attempt) {
    retire(link);
    Link next = new Link(newClient(node), node);
    link = next;
    next.client.publishes(MqttGlobalPublishFilter.ALL, publish -> received(next, publish));
    long watchdog = context.owner().setTimer(ANSWER_TIMEOUT_MS, t -> attempt.tryFail(new IllegalStateException(
        "no answer from the MQTT broker at " + node + " within " + ANSWER_TIMEOUT_MS / 1000 + " s")));
    next.client.connectWith()
        .cleanStart(true)
        .keepAlive(KEEP_ALIVE_S)
        .simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
        .restrictions().receiveMaximum(65535).applyRestrictions()
        .willPublish(status("offline"))
        .send()
        .whenComplete((connAck, error) -> context.runOnContext(v -> {
          context.owner().cancelTimer(watchdog);
          if (error != null) {
            Throwable cause = unwrap(error);
            attempt.tryFail(new IllegalStateException("cannot connect to the MQTT broker at " + node + " as " + username + ": "
                + cause.getMessage(), cause));
            retire(next);
          } else if (!attempt.tryComplete() || stopping || link != next) {
            retire(next); // too late: the watchdog gave it up, or the gateway stopped meanwhile
          } else {
            next.up = true;
            afterConnect();
          }
        }));
  }

  /** The client of one attempt; its disconnect is reported to {@link #lost} on the context. */
  private Mqtt5AsyncClient newClient(BrokerAddress node) {
    Mqtt5ClientBuilder builder = MqttClient.builder()
        .useMqttVersion5()
        // the client id must be the username or start with it (docs/protocol.md, "Connection")
        .identifier(username + "-" + UUID.randomUUID().toString().substring(0, 8))
        .serverHost(node.host())
        .serverPort(node.port())
        .executorConfig(EXECUTORS);
    if (node.tls()) {
      builder = builder.sslConfig(sslConfig());
    }
    Mqtt5AsyncClient[] self = new Mqtt5AsyncClient[1];
    builder = builder.addDisconnectedListener(disconnected -> context.runOnContext(v -> lost(self[0], disconnected.getCause())));
    self[0] = builder.buildAsync();
    return self[0];
  }

  private MqttClientSslConfig sslConfig() {
    var ssl = MqttClientSslConfig.builder().handshakeTimeout(10, TimeUnit.SECONDS);
    if (tls != null) {
      ssl = ssl.trustManagerFactory(tls);
    }
    if (!verifyHostname) {
      ssl = ssl.hostnameVerifier((host, session) -> true);
    }
    return ssl.build();
  }

  /** Lets go of a client that is no longer the current one; what it still says is ignored. */
  private void retire(Link old) {
    if (old == null) {
      return;
    }
    old.lost = true;
    old.up = false;
    old.client.disconnect().whenComplete((v, e) -> { }); // fails harmlessly if it never connected
  }

  /** Runs on the context when a client's connection dropped (also after a failed attempt, which is handled there). */
  private void lost(Mqtt5AsyncClient client, Throwable cause) {
    Link current = link;
    if (current == null || current.client != client || !current.up) {
      return; // a retired client, or an attempt whose failure its connect handles
    }
    LOG.warn("Lost the MQTT broker connection to {} ({}); reconnecting in 1 s", current.node, unwrap(cause).getMessage());
    current.up = false;
    current.lost = true;
    connected = false;
    connection++;
    subscriptions.reset();
    context.owner().cancelTimer(subscribeTimer);
    onConnectionChange.run();
    if (!stopping && !reconnecting) {
      reconnectTimer = retryLater(reconnectTimer, 1000, () -> connectWithRetry(2000));
    }
  }

  /** Subscribes (again, after every reconnect, since the session starts clean) and announces the hub. */
  private void afterConnect() {
    connection++;
    subscriptions.reset();
    subscribeRetryMs = SUBSCRIBE_RETRY_FIRST_MS;
    subscribeMissing(true);
  }

  /**
   * Runs on the context: asks for every filter not held yet. Each SUBACK reason code is checked; a refused or
   * failed subscription is asked for again with back-off, and the hub is not ready (see {@link #isReady}) until
   * it holds them all.
   */
  private void subscribeMissing(boolean firstOnConnection) {
    Link current = link;
    if (stopping || current == null || !current.up) {
      return;
    }
    long thisConnection = connection;
    List<String> filters = subscriptions.missing();
    List<Mqtt5Subscription> wanted = filters.stream()
        .map(f -> Mqtt5Subscription.builder().topicFilter(f).qos(MqttQos.fromCode(subscriptions.qos(f))).build())
        .toList();
    // the first answer counts: the broker's, or none within ANSWER_TIMEOUT_MS (then every filter counts as refused)
    Promise<SubscribeAnswer> answer = Promise.promise();
    long watchdog = context.owner().setTimer(ANSWER_TIMEOUT_MS, t -> answer.tryComplete(new SubscribeAnswer(null,
        new IllegalStateException("no SUBACK within " + ANSWER_TIMEOUT_MS / 1000 + " s"))));
    answer.future().onSuccess(a -> {
      context.owner().cancelTimer(watchdog);
      subscribed(thisConnection, filters, a.codes(), a.error(), firstOnConnection);
    });
    current.client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(wanted).build())
        .whenComplete((subAck, error) -> context.runOnContext(v -> {
          Throwable cause = error == null ? null : unwrap(error);
          // a SUBACK that refuses every filter fails the future; its reason codes are still the answer
          Mqtt5SubAck ack = subAck != null ? subAck : cause instanceof Mqtt5SubAckException refused ? refused.getMqttMessage() : null;
          answer.tryComplete(new SubscribeAnswer(ack == null ? null : reasonCodes(ack), cause));
        }));
  }

  private static int[] reasonCodes(Mqtt5SubAck ack) {
    return ack.getReasonCodes().stream().mapToInt(c -> c.getCode()).toArray();
  }

  /** The broker's SUBACK reason codes (null: none), and what went wrong if anything. */
  private record SubscribeAnswer(int[] codes, Throwable error) {
  }

  private void subscribed(long onConnection, List<String> filters, int[] codes, Throwable error, boolean firstOnConnection) {
    if (stopping || onConnection != connection) {
      return; // stopped, or the answer of a connection already lost: the next one subscribes afresh
    }
    Map<String, Integer> refused = subscriptions.acknowledge(filters, codes);
    refused.forEach((filter, code) -> {
      subscriptionRefusals.incrementAndGet();
      LOG.error("The MQTT broker at {} refused the hub's subscription to {} (SUBACK reason code 0x{} {}{}); this hub is not "
          + "ready until it holds it, asking again in {} s", link.node, filter, Integer.toHexString(code).toUpperCase(Locale.ROOT),
          Subscriptions.reasonName(code), error == null ? "" : ", " + error.getMessage(), subscribeRetryMs / 1000);
    });
    if (firstOnConnection) {
      // the connection itself works: commands may go out even while a filter is refused
      connected = true;
      publishRaw(status("online"));
    }
    if (subscriptions.allHeld()) {
      LOG.info("Connected to the MQTT broker at {} and subscribed to {}", link.node, String.join(", ", filters));
    } else {
      long delay = subscribeRetryMs;
      subscribeRetryMs = Math.min(SUBSCRIBE_RETRY_MAX_MS, subscribeRetryMs * 2);
      subscribeTimer = retryLater(subscribeTimer, delay, () -> subscribeMissing(false));
    }
    onConnectionChange.run();
    drain();
  }

  /** Runs on the client's thread: hands a report to the event loop, or clears a retained one. */
  private void received(Link from, Mqtt5Publish publish) {
    if (from.lost) {
      return;
    }
    String topic = publish.getTopic().toString();
    byte[] payload = publish.getPayloadAsBytes();
    if (publish.isRetain() && !topic.endsWith("/status") && !topic.startsWith(Topics.ROOT + "/hub/")) {
      // Mosquitto cannot refuse retained reports; only statuses may stay, so the hub clears what it is handed
      // as retained when it (re)subscribes (live messages reach it with the flag cleared, MQTT 3.1.1 §3.3.1.3)
      if (payload.length > 0) {
        Mqtt5Publish clear = Mqtt5Publish.builder().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).build();
        context.runOnContext(v -> publishRaw(clear));
      }
      return;
    }
    reports.offer(topic, payload);
  }

  /**
   * Replaces the timer {@code pending} (cancelled unless -1) by one that runs {@code retry} after {@code delayMs}; does
   * nothing once stopping. {@link #stop} cancels what is pending.
   *
   * @return the new timer's id, or -1
   */
  private long retryLater(long pending, long delayMs, Runnable retry) {
    context.owner().cancelTimer(pending);
    if (stopping) {
      return -1;
    }
    return context.owner().setTimer(delayMs, t -> retry.run());
  }

  /** The hub's retained status, {@code online} or {@code offline} (its last will). */
  private static Mqtt5Publish status(String state) {
    byte[] json = new JsonObject().put("v", 1).put("state", state).put("ts", System.currentTimeMillis()).encode()
        .getBytes(StandardCharsets.UTF_8);
    return Mqtt5Publish.builder().topic(Topics.HUB_STATUS).qos(MqttQos.AT_LEAST_ONCE).payload(json).retain(true).build();
  }

  @Override
  public Future<Void> publish(String topic, JsonObject command, long expiresAtMillis) {
    byte[] json = command.encode().getBytes(StandardCharsets.UTF_8);
    if (stopping) {
      return Future.failedFuture(stoppedError());
    }
    if (!queueLimit.tryEnter()) {
      return Future.failedFuture(queueLimit.full());
    }
    Signing entry = new Signing(topic, expiresAtMillis, Promise.promise());
    entry.promise.future().onComplete(r -> queueLimit.leave());
    context.runOnContext(v -> {
      signing.add(entry);
      // The JDK's Ed25519 takes about a millisecond per signature, and a catch-up signs one command per
      // endpoint: sign on the worker pool in parallel, then send strictly in the order given (a stop must
      // not overtake its alert).
      context.<byte[]>executeBlocking(() -> signer.sign(topic, json), false).onComplete(signed -> {
        entry.result = signed;
        sendSigned();
      });
    });
    return entry.promise.future();
  }

  /** Runs on the context: hands signed commands to the publish queue, oldest first, stopping at one not signed yet. */
  private void sendSigned() {
    while (!signing.isEmpty() && signing.peek().result != null) {
      Signing next = signing.poll();
      if (next.result.failed()) {
        next.promise.fail(next.result.cause());
        continue;
      }
      Mqtt5PublishBuilder.Complete message = Mqtt5Publish.builder().topic(next.topic).qos(MqttQos.AT_LEAST_ONCE)
          .payload(next.result.result());
      if (next.expiresAtMillis > 0) {
        // MQTT 5 extra: brokers drop it once stale; endpoints check expiresAt in the payload anyway.
        message = message.messageExpiryInterval(Math.max(1L, (next.expiresAtMillis - System.currentTimeMillis()) / 1000));
      }
      queue.add(new PendingPublish(message.build(), next.promise));
    }
    drain();
  }

  /** Runs on the context: queues a publish that needs no signature (statuses, clearing a retained report). */
  private Future<Void> publishRaw(Mqtt5Publish message) {
    if (!queueLimit.tryEnter()) {
      return Future.failedFuture(queueLimit.full());
    }
    Promise<Void> promise = Promise.promise();
    promise.future().onComplete(r -> queueLimit.leave());
    queue.add(new PendingPublish(message, promise));
    drain();
    return promise.future();
  }

  /** Runs on the context: sends queued publishes while the window has room. */
  private void drain() {
    while (connected && link != null && link.up && inFlight < maxInFlight && !queue.isEmpty()) {
      PendingPublish next = queue.poll();
      Link via = link;
      inFlight++;
      via.client.publish(next.message()).whenComplete((result, error) -> context.runOnContext(v -> {
        inFlight--;
        Throwable failure = error != null ? unwrap(error) : result.getError().orElse(null);
        if (failure == null) {
          next.promise().tryComplete();
        } else {
          requeueOrFail(next, failure, via);
        }
        drain();
      }));
    }
  }

  /** A publish that failed because its connection dropped waits for the reconnect; others fail. */
  private void requeueOrFail(PendingPublish publish, Throwable error, Link via) {
    boolean connectionGone = via.lost || !via.up || !via.client.getState().isConnected()
        || error instanceof ConnectionClosedException || error instanceof MqttSessionExpiredException
        || error instanceof MqttClientStateException;
    if (stopping) {
      publish.promise().tryFail(stoppedError());
    } else if (connectionGone) {
      queue.addFirst(publish);
    } else {
      publish.promise().tryFail(error);
    }
  }

  /** Says offline (a clean disconnect suppresses the will) and disconnects; fails whatever was not sent. */
  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    stopping = true;
    connected = false;
    context.owner().cancelTimer(reconnectTimer);
    context.owner().cancelTimer(subscribeTimer);
    Link last = link;
    if (last == null) {
      return Future.succeededFuture();
    }
    CompletableFuture<?> offline = last.up
        ? last.client.publish(status("offline")).orTimeout(2, TimeUnit.SECONDS)
        : CompletableFuture.completedFuture(null);
    offline.handle((r, e) -> null)
        .thenCompose(v -> last.client.disconnect().orTimeout(3, TimeUnit.SECONDS))
        .whenComplete((v, e) -> context.runOnContext(ignored -> {
          if (e != null) {
            LOG.debug("MQTT disconnect: {}", unwrap(e).toString());
          }
          last.lost = true;
          last.up = false;
          failQueued();
          stopped.complete();
        }));
    return stopped.future();
  }

  /** On stop: whoever waits for a publish not sent hears so (re-sends after the next start cover it). */
  private void failQueued() {
    IllegalStateException stoppedError = stoppedError();
    signing.forEach(s -> s.promise.tryFail(stoppedError));
    signing.clear();
    queue.forEach(p -> p.promise().tryFail(stoppedError));
    queue.clear();
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static IllegalStateException stoppedError() {
    return new IllegalStateException("the hub's MQTT connection was stopped");
  }
}
