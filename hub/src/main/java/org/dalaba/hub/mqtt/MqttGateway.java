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

  private final Context context;
  private final String url;
  private final String username;
  private final String password;
  private final ReportHandler reports;
  private final CommandSigner signer;
  private final int maxInFlight;
  private final String[] subscriptions;
  private final int[] subscriptionQos;
  private final Deque<PendingPublish> queue = new ArrayDeque<>();
  private final Deque<Signing> signing = new ArrayDeque<>();
  private int inFlight;
  private MqttAsyncClient client;
  private volatile boolean connected;
  private boolean stopping;
  private boolean reconnecting;
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

  /** @param subscriptions topic filters and their QoS, see {@link Topics#hubSubscriptions} */
  public MqttGateway(Context context, String url, String username, String password, ReportHandler reports, int maxInFlight,
                     Map<String, Integer> subscriptions, CommandSigner signer) {
    this.signer = signer;
    this.context = context;
    this.url = url;
    this.username = username;
    this.password = password;
    this.reports = reports;
    this.maxInFlight = maxInFlight;
    this.subscriptions = subscriptions.keySet().toArray(new String[0]);
    this.subscriptionQos = subscriptions.values().stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@code mqtt.url} may list several nodes of one broker cluster, comma-separated. */
  private String[] serverUris() {
    return java.util.Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toArray(String[]::new);
  }

  public boolean isConnected() { return connected; }

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
      client = new MqttAsyncClient(serverUris()[0], username + "-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
      client.setCallback(new Callback());
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
    reconnecting = true;
    Promise<Void> attempt = Promise.promise();
    connect(attempt);
    attempt.future().onSuccess(v -> reconnecting = false).onFailure(e -> {
      LOG.warn("{}; retrying in {} s", e.getMessage(), delayMs / 1000);
      context.owner().setTimer(delayMs, t -> connectWithRetry(Math.min(30_000, delayMs * 2)));
    });
  }

  private void connect(Promise<Void> started) {
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
      started.fail(new IllegalStateException("cannot connect to the MQTT broker at " + url + ": " + e.getMessage(), e));
    }
  }

  /** Subscribes (again, after every reconnect, since the session starts clean) and announces the hub. */
  private void afterConnect() {
    try {
      client.subscribe(subscriptions, subscriptionQos, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          context.runOnContext(v -> {
            connected = true;
            LOG.info("Connected to the MQTT broker at {} and subscribed to {}", url, String.join(", ", subscriptions));
            publishRaw(Topics.HUB_STATUS, new MqttMessage(hubStatus("online"), 1, true, null));
            onConnectionChange.run();
            drain();
          });
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          LOG.error("Subscribing to {} failed: {}", String.join(", ", subscriptions), error.toString());
        }
      });
    } catch (MqttException e) {
      LOG.error("Subscribing to {} failed: {}", String.join(", ", subscriptions), e.toString());
    }
  }

  private static byte[] hubStatus(String state) {
    return new JsonObject().put("v", 1).put("state", state).put("ts", System.currentTimeMillis()).encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Future<Void> publish(String topic, JsonObject command, long expiresAtMillis) {
    byte[] json = command.encode().getBytes(StandardCharsets.UTF_8);
    Signing entry = new Signing(topic, expiresAtMillis, Promise.promise());
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
    Promise<Void> promise = Promise.promise();
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
    if (!client.isConnected()) {
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
    }, false).onComplete(r -> stopped.complete());
    return stopped.future();
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      LOG.warn("Lost the MQTT broker connection ({}); reconnecting in 1 s", response);
      context.runOnContext(v -> {
        connected = false;
        onConnectionChange.run();
        if (!stopping && !reconnecting) {
          context.owner().setTimer(1000, t -> connectWithRetry(2000));
        }
      });
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error: {}", exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload();
      if (message.isRetained() && !topic.endsWith("/status") && !topic.startsWith(Topics.ROOT + "/hub/")) {
        // Mosquitto cannot refuse retained reports; only statuses may stay, so the hub clears what it is handed
        // as retained when it (re)subscribes (live messages reach it with the flag cleared, MQTT 3.1.1 §3.3.1.3)
        if (payload.length > 0) {
          publishRaw(topic, new MqttMessage(new byte[0], 1, true, null));
        }
        return;
      }
      context.runOnContext(v -> reports.onReport(topic, payload));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      afterConnect();
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
  }
}
