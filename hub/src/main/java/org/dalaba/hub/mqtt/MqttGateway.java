package org.dalaba.hub.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.signing.CommandSigner;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's single MQTT connection (Paho, MQTT 5), to the embedded or an external broker: one code
 * path for both. Paho calls back on its own threads; everything is hopped onto the hub's Vert.x
 * context, so the rest of the hub never sees a Paho thread. Publishes are queued and at most
 * {@code maxInFlight} are outstanding, because Paho refuses more than the broker's receive maximum.
 * Every command is signed here, on its final bytes, whatever built it (docs/protocol.md, "Command signatures").
 */
public final class MqttGateway implements CommandBus {
  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  static final long SUBSCRIBE_RETRY_FIRST_MS = 1000;
  /** A refused subscription is asked for again at most this far apart: the broker's ACL may be fixed at any time. */
  static final long SUBSCRIBE_RETRY_MAX_MS = 15_000;

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
  private int inFlight;
  private volatile MqttAsyncClient client;
  /** A connect or subscribe that Paho has not answered after this long is given up and tried again. */
  private static final long ANSWER_TIMEOUT_MS = 15_000;
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
  private final java.util.concurrent.atomic.AtomicLong subscriptionRefusals = new java.util.concurrent.atomic.AtomicLong();
  private Runnable onConnectionChange = () -> { };
  private javax.net.ssl.SSLSocketFactory tls;
  private boolean verifyHostname = true;

  /**
   * Connects over TLS (an {@code ssl://} URL) with sockets from this factory; call before {@link #start}.
   *
   * @param verifyHostname false only for the embedded broker on loopback, whose certificate is pinned by
   *                       {@code factory} but need not name 127.0.0.1
   */
  public void useTls(javax.net.ssl.SSLSocketFactory factory, boolean verifyHostname) {
    this.tls = factory;
    this.verifyHostname = verifyHostname;
  }

  private record PendingPublish(String topic, MqttMessage message, Promise<Void> promise) {
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

  /** {@code mqtt.url} may list several nodes of one broker cluster, comma-separated. */
  private String[] serverUris() {
    return java.util.Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toArray(String[]::new);
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
   * Connects, subscribes to every endpoint report and publishes the hub's online status.
   *
   * @param failFast true (embedded broker): a refused first connection fails the start, since it is
   *                 our own misconfiguration; false (external broker): keep retrying with back-off and
   *                 report degraded meanwhile, since the broker may simply not be up yet
   */
  public Future<Void> start(boolean failFast) {
    Promise<Void> started = Promise.promise();
    try {
      // the client id must be the username or start with it (docs/protocol.md, "Connection")
      client = newClient();
    } catch (MqttException e) {
      return Future.failedFuture(new IllegalStateException("bad MQTT broker URL " + url + ": " + e.getMessage(), e));
    }
    if (failFast) {
      connect(started);
      return started.future();
    }
    connectWithRetry(1000);
    return Future.succeededFuture();
  }

  /**
   * Connects, and on failure tries again with back-off (1 s doubling to 30 s) until it succeeds or the
   * gateway stops. Used for the first connection to an external broker and after every connection loss:
   * we reconnect ourselves rather than rely on Paho's automatic reconnect, which was seen to give up
   * when the connection broke in the middle of a publish.
   */
  private void connectWithRetry(long delayMs) {
    if (stopping) {
      return;
    }
    if (client != null && client.isConnected()) {
      reconnecting = false; // an attempt given up by its watchdog got through after all
      return;
    }
    reconnecting = true;
    Promise<Void> attempt = Promise.promise();
    try {
      replaceClient();
      connect(attempt);
    } catch (MqttException e) {
      attempt.tryFail(new IllegalStateException("bad MQTT broker URL " + url + ": " + e.getMessage(), e));
    }
    attempt.future().onSuccess(v -> reconnecting = false).onFailure(e -> {
      LOG.warn("{}; retrying in {} s", e.getMessage(), delayMs / 1000);
      reconnectTimer = retryLater(reconnectTimer, delayMs, () -> connectWithRetry(Math.min(30_000, delayMs * 2)));
    });
  }

  /** A client whose callbacks are ignored once another has replaced it. */
  private MqttAsyncClient newClient() throws MqttException {
    // the client id must be the username or start with it (docs/protocol.md, "Connection")
    MqttAsyncClient fresh = new MqttAsyncClient(serverUris()[0], username + "-" + UUID.randomUUID().toString().substring(0, 8),
        new MemoryPersistence());
    fresh.setCallback(new Callback(fresh));
    return fresh;
  }

  /**
   * Every (re)connect attempt gets a new Paho client: after a connection broke in the middle of a write, the old
   * one was seen to take the next connect and never answer it (MosquittoRestartIT). The old one is closed on a worker.
   */
  private void replaceClient() throws MqttException {
    MqttAsyncClient old = client;
    client = newClient();
    if (old != null) {
      context.executeBlocking(() -> {
        try {
          old.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
          LOG.debug("MQTT: closing the previous client: {}", e.toString());
        }
        try {
          old.close(true);
        } catch (MqttException e) {
          LOG.debug("MQTT: closing the previous client: {}", e.toString());
        }
        return null;
      }, false);
    }
  }

  private void connect(Promise<Void> started) {
    long watchdog = context.owner().setTimer(ANSWER_TIMEOUT_MS, t -> started.tryFail(new IllegalStateException(
        "no answer from the MQTT broker at " + url + " within " + ANSWER_TIMEOUT_MS / 1000 + " s")));
    started.future().onComplete(r -> context.owner().cancelTimer(watchdog));
    MqttAsyncClient client = this.client;
    try {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName(username);
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
      options.setCleanStart(true);
      options.setAutomaticReconnect(false); // see connectWithRetry
      options.setKeepAliveInterval(30);
      options.setConnectionTimeout(10);
      options.setReceiveMaximum(65535);
      if (serverUris().length > 1) {
        options.setServerURIs(serverUris()); // a broker cluster: each connect tries the nodes in this order
      }
      if (url.startsWith("tcp://")) {
        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
      } else if (tls != null) {
        options.setSocketFactory(tls);
        options.setHttpsHostnameVerificationEnabled(verifyHostname);
      }
      MqttMessage will = new MqttMessage(hubStatus("offline"), 1, true, null);
      options.setWill(Topics.HUB_STATUS, will);
      client.connect(options, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          context.runOnContext(v -> started.tryComplete());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          context.runOnContext(v -> started.tryFail(new IllegalStateException(
              "cannot connect to the MQTT broker at " + url + " as " + username + ": " + error.getMessage(), error)));
        }
      });
    } catch (MqttException e) {
      started.tryFail(new IllegalStateException("cannot connect to the MQTT broker at " + url + ": " + e.getMessage(), e));
    }
  }

  /** Subscribes (again, after every reconnect, since the session starts clean) and announces the hub. */
  private void afterConnect() {
    context.runOnContext(v -> {
      connection++;
      subscriptions.reset();
      subscribeRetryMs = SUBSCRIBE_RETRY_FIRST_MS;
      subscribeMissing(true);
    });
  }

  /**
   * Runs on the context: asks for every filter not held yet. Each SUBACK reason code is checked; a refused or
   * failed subscription is asked for again with back-off, and the hub is not ready (see {@link #isReady}) until
   * it holds them all.
   */
  private void subscribeMissing(boolean firstOnConnection) {
    if (stopping || client == null || !client.isConnected()) {
      return;
    }
    long thisConnection = connection;
    java.util.List<String> filters = subscriptions.missing();
    int[] qos = filters.stream().mapToInt(subscriptions::qos).toArray();
    // the first answer counts: Paho's, or none within ANSWER_TIMEOUT_MS (then every filter counts as refused)
    Promise<SubscribeAnswer> answer = Promise.promise();
    long watchdog = context.owner().setTimer(ANSWER_TIMEOUT_MS, t -> answer.tryComplete(new SubscribeAnswer(null,
        new IllegalStateException("no SUBACK within " + ANSWER_TIMEOUT_MS / 1000 + " s"))));
    answer.future().onSuccess(a -> {
      context.owner().cancelTimer(watchdog);
      subscribed(thisConnection, filters, a.codes(), a.error(), firstOnConnection);
    });
    MqttActionListener listener = new MqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        context.runOnContext(v -> answer.tryComplete(new SubscribeAnswer(token.getReasonCodes(), null)));
      }

      @Override
      public void onFailure(IMqttToken token, Throwable error) {
        context.runOnContext(v -> answer.tryComplete(new SubscribeAnswer(token == null ? null : token.getReasonCodes(), error)));
      }
    };
    try {
      client.subscribe(filters.toArray(new String[0]), qos, null, listener);
    } catch (MqttException e) {
      answer.tryComplete(new SubscribeAnswer(null, e));
    }
  }

  /** The broker's SUBACK reason codes (null: none), and what went wrong if anything. */
  private record SubscribeAnswer(int[] codes, Throwable error) {
  }

  private void subscribed(long onConnection, java.util.List<String> filters, int[] codes, Throwable error,
                          boolean firstOnConnection) {
    if (stopping || onConnection != connection) {
      return; // stopped, or the answer of a connection already lost: the next one subscribes afresh
    }
    Map<String, Integer> refused = subscriptions.acknowledge(filters, codes);
    refused.forEach((filter, code) -> {
      subscriptionRefusals.incrementAndGet();
      LOG.error("The MQTT broker at {} refused the hub's subscription to {} (SUBACK reason code 0x{} {}{}); this hub is not "
          + "ready until it holds it, asking again in {} s", url, filter, Integer.toHexString(code).toUpperCase(java.util.Locale.ROOT),
          Subscriptions.reasonName(code), error == null ? "" : ", " + error, subscribeRetryMs / 1000);
    });
    if (firstOnConnection) {
      // the connection itself works: commands may go out even while a filter is refused
      connected = true;
      publishRaw(Topics.HUB_STATUS, new MqttMessage(hubStatus("online"), 1, true, null));
    }
    if (subscriptions.allHeld()) {
      LOG.info("Connected to the MQTT broker at {} and subscribed to {}", url, String.join(", ", filters));
    } else {
      long delay = subscribeRetryMs;
      subscribeRetryMs = Math.min(SUBSCRIBE_RETRY_MAX_MS, subscribeRetryMs * 2);
      subscribeTimer = retryLater(subscribeTimer, delay, () -> subscribeMissing(false));
    }
    onConnectionChange.run();
    drain();
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

  private static byte[] hubStatus(String state) {
    return new JsonObject().put("v", 1).put("state", state).put("ts", System.currentTimeMillis()).encode()
        .getBytes(StandardCharsets.UTF_8);
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
      MqttMessage message = new MqttMessage(next.result.result(), 1, false, null);
      if (next.expiresAtMillis > 0) {
        // MQTT 5 extra: brokers drop it once stale; endpoints check expiresAt in the payload anyway.
        MqttProperties properties = new MqttProperties();
        properties.setMessageExpiryInterval(Math.max(1L, (next.expiresAtMillis - System.currentTimeMillis()) / 1000));
        message.setProperties(properties);
      }
      queue.add(new PendingPublish(next.topic, message, next.promise));
    }
    drain();
  }

  private Future<Void> publishRaw(String topic, MqttMessage message) {
    if (!queueLimit.tryEnter()) {
      return Future.failedFuture(queueLimit.full());
    }
    Promise<Void> promise = Promise.promise();
    promise.future().onComplete(r -> queueLimit.leave());
    context.runOnContext(v -> {
      queue.add(new PendingPublish(topic, message, promise));
      drain();
    });
    return promise.future();
  }

  /** Runs on the context: sends queued publishes while the window has room. */
  private void drain() {
    while (connected && inFlight < maxInFlight && !queue.isEmpty()) {
      PendingPublish next = queue.poll();
      inFlight++;
      try {
        client.publish(next.topic(), next.message(), null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            context.runOnContext(v -> {
              inFlight--;
              next.promise().tryComplete();
              drain();
            });
          }

          @Override
          public void onFailure(IMqttToken token, Throwable error) {
            context.runOnContext(v -> {
              inFlight--;
              requeueOrFail(next, error);
              drain();
            });
          }
        });
      } catch (MqttException e) {
        inFlight--;
        requeueOrFail(next, e);
        if (!connected) {
          return;
        }
      }
    }
  }

  /** A publish that failed because the connection dropped waits for the reconnect; others fail. */
  private void requeueOrFail(PendingPublish publish, Throwable error) {
    if (stopping) {
      publish.promise().tryFail(stoppedError());
    } else if (!client.isConnected()) {
      connected = false;
      queue.addFirst(publish);
    } else {
      publish.promise().tryFail(error);
    }
  }

  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    if (client == null) {
      return Future.succeededFuture();
    }
    connected = false;
    stopping = true;
    context.owner().cancelTimer(reconnectTimer);
    context.owner().cancelTimer(subscribeTimer);
    context.executeBlocking(() -> {
      try {
        if (client.isConnected()) {
          // a clean disconnect suppresses the will, so say offline ourselves
          client.publish(Topics.HUB_STATUS, new MqttMessage(hubStatus("offline"), 1, true, null)).waitForCompletion(2000);
          client.disconnect(2000).waitForCompletion(3000);
        }
      } catch (MqttException e) {
        LOG.debug("MQTT disconnect: {}", e.toString());
      } finally {
        try {
          client.close(true);
        } catch (MqttException e) {
          LOG.debug("MQTT close: {}", e.toString());
        }
      }
      return null;
    }, false).onComplete(r -> {
      failQueued();
      stopped.complete();
    });
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

  private static IllegalStateException stoppedError() {
    return new IllegalStateException("the hub's MQTT connection was stopped");
  }

  /** Paho's callbacks of one client; those of a client already replaced are ignored. */
  private final class Callback implements MqttCallback {
    private final MqttAsyncClient owner;

    Callback(MqttAsyncClient owner) {
      this.owner = owner;
    }

    private boolean stale() {
      return owner != client;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (stale()) {
        return;
      }
      LOG.warn("Lost the MQTT broker connection ({}); reconnecting in 1 s", response);
      context.runOnContext(v -> {
        connected = false;
        connection++;
        subscriptions.reset();
        context.owner().cancelTimer(subscribeTimer);
        onConnectionChange.run();
        if (!stopping && !reconnecting) {
          reconnectTimer = retryLater(reconnectTimer, 1000, () -> connectWithRetry(2000));
        }
      });
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error: {}", exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (stale()) {
        return;
      }
      byte[] payload = message.getPayload();
      if (message.isRetained() && !topic.endsWith("/status") && !topic.startsWith(Topics.ROOT + "/hub/")) {
        // Mosquitto cannot refuse retained reports; only statuses may stay, so the hub clears what it is handed
        // as retained when it (re)subscribes (live messages reach it with the flag cleared, MQTT 3.1.1 §3.3.1.3)
        if (payload.length > 0) {
          publishRaw(topic, new MqttMessage(new byte[0], 1, true, null));
        }
        return;
      }
      reports.offer(topic, payload);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (!stale()) {
        afterConnect();
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
  }
}
