package org.dalaba.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of one endpoint, from CONNECT to close. A fresh client per connection keeps no
 * state across reconnects (vertx-mqtt does not clear its unacknowledged-publish count on close).
 *
 * <p>Runs on its endpoint's context only; not thread-safe.
 */
final class MqttLink {

  private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

  /** Keep alive recommended by the protocol. */
  static final int KEEP_ALIVE_SECONDS = 60;
  /** How long CONNACK + SUBACK + PUBACK of the online status, or one awaited PUBACK, may take. */
  static final long HANDSHAKE_TIMEOUT_MS = 10_000;
  /** Hub commands are at most 16 KiB; accept more so oversized ones reach the parser and get answered. */
  private static final int MAX_INBOUND_BYTES = 256 * 1024;
  private static final int MAX_INFLIGHT = 10_000;

  private final Vertx vertx;
  private final FleetOptions options;
  private final SimEndpointSpec spec;
  private final java.net.InetSocketAddress broker;
  private final MqttClient client;
  private final Map<Integer, Promise<Void>> awaitingAck = new HashMap<>();
  // PUBACKs that overtook the completion of their own write (possible on loopback); see publish().
  private final Set<Integer> earlyAcks = new HashSet<>();
  private int writesAwaitingAck;
  private boolean open;
  private boolean closed;
  private Promise<Void> opening;
  private final Promise<Void> ended = Promise.promise();

  MqttLink(Vertx vertx, FleetOptions options, SimEndpointSpec spec, java.net.InetSocketAddress broker,
      Handler<MqttPublishMessage> onMessage, Handler<MqttLink> onClosed) {
    this.vertx = vertx;
    this.broker = broker;
    this.options = options;
    this.spec = spec;
    MqttClientOptions clientOptions = new MqttClientOptions()
        .setClientId(spec.endpointId())
        .setUsername(spec.endpointId())
        .setPassword(spec.password())
        .setCleanSession(true)
        .setKeepAliveInterval(KEEP_ALIVE_SECONDS)
        .setAutoKeepAlive(true)
        .setWillFlag(true)
        .setWillTopic(Topics.status(spec.endpointId()))
        .setWillMessageBytes(Payloads.will())
        .setWillQoS(1)
        .setWillRetain(true)
        .setMaxInflightQueue(MAX_INFLIGHT)
        .setMaxMessageSize(MAX_INBOUND_BYTES);
    clientOptions.setConnectTimeout((int) HANDSHAKE_TIMEOUT_MS);
    if (options.tls()) {
      clientOptions.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (options.tlsCaFile() != null) {
        clientOptions.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(options.tlsCaFile().toString()));
      }
    }
    this.client = MqttClient.create(vertx, clientOptions);
    client.publishHandler(onMessage);
    client.publishCompletionHandler(this::acked);
    // A failing connection also closes; the close handler decides what happens next.
    client.exceptionHandler(e -> LOG.debug("{}: {}", spec.endpointId(), e.toString()));
    client.closeHandler(v -> {
      open = false;
      closed = true;
      failAwaiting("connection closed");
      if (opening != null) {
        opening.tryFail("connection closed during the handshake");
      }
      ended.tryComplete();
      onClosed.handle(this);
    });
  }

  /**
   * Connects, subscribes to the endpoint's command topics and the hub status, and only after SUBACK
   * publishes the retained online status. Completes once the broker acknowledged that status.
   */
  Future<Void> open(Supplier<Buffer> onlineStatus) {
    Promise<Void> done = Promise.promise();
    opening = done;
    long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, id -> {
      if (done.tryFail("no answer from the broker within " + HANDSHAKE_TIMEOUT_MS + " ms")) {
        abort();
      }
    });
    done.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      opening = null;
    });
    Promise<Void> subscribed = Promise.promise();
    client.subscribeCompletionHandler(suback -> {
      if (suback.grantedQoSLevels().contains(0x80)) {
        // Proceed anyway: the broker's ACL is the hub's business; say so loudly.
        LOG.warn("{}: broker refused some subscriptions: {}", spec.endpointId(), suback.grantedQoSLevels());
      }
      subscribed.tryComplete();
    });
    Future<?> connected = client.connect(broker.getPort(), broker.getHostString());
    // Refused or lost before CONNACK: the client is done, and its close handler will never run.
    connected.onFailure(e -> ended.tryComplete());
    connected
        .compose(connack -> {
          open = true;
          ClientSocket.installFramer(client);
          return client.subscribe(subscriptions());
        })
        .compose(packetId -> subscribed.future())
        .compose(v -> publish(Topics.status(spec.endpointId()), onlineStatus.get(), 1, true))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            done.tryComplete();
          } else if (done.tryFail(ar.cause())) {
            abort();
          }
        });
    return done.future();
  }

  boolean isOpen() {
    return open;
  }

  /**
   * Publishes; for QoS 1 and 2 the future completes on the broker's acknowledgement, for QoS 0 once
   * written. Fails at once when not connected.
   */
  Future<Void> publish(String topic, Buffer payload, int qos, boolean retain) {
    if (!open) {
      return Future.failedFuture("not connected");
    }
    Future<Integer> written;
    try {
      written = client.publish(topic, payload, MqttQoS.valueOf(qos), false, retain);
    } catch (RuntimeException e) {
      // vertx-mqtt throws when the socket closed under it between our check and the write.
      return Future.failedFuture(e);
    }
    if (qos == 0) {
      return written.mapEmpty();
    }
    writesAwaitingAck++;
    return written.compose(packetId -> {
      writesAwaitingAck--;
      if (earlyAcks.remove(packetId)) {
        clearEarlyAcksIfIdle();
        return Future.succeededFuture();
      }
      clearEarlyAcksIfIdle();
      if (closed) {
        return Future.failedFuture("connection closed");
      }
      Promise<Void> acked = Promise.promise();
      awaitingAck.put(packetId, acked);
      long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, id -> {
        if (awaitingAck.remove(packetId) != null) {
          acked.tryFail("no PUBACK within " + HANDSHAKE_TIMEOUT_MS + " ms");
        }
      });
      return acked.future().onComplete(ar -> vertx.cancelTimer(timer));
    }, e -> {
      writesAwaitingAck--;
      clearEarlyAcksIfIdle();
      return Future.failedFuture(e);
    });
  }

  /** Fire and forget: failures are only logged (a lost receipt is recovered by the hub's re-send). */
  void send(String topic, Buffer payload, int qos, boolean retain) {
    if (!open) {
      LOG.debug("{}: not connected, dropped publish to {}", spec.endpointId(), topic);
      return;
    }
    try {
      client.publish(topic, payload, MqttQoS.valueOf(qos), false, retain)
          .onFailure(e -> LOG.debug("{}: publish to {} failed: {}", spec.endpointId(), topic, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.debug("{}: publish to {} failed: {}", spec.endpointId(), topic, e.getMessage());
    }
  }

  /** Completes once this connection is gone, however it ended. */
  Future<Void> ended() {
    return ended.future();
  }

  /** Clean: DISCONNECT, so the broker discards the will. Completes once the connection is gone. */
  Future<Void> disconnect() {
    open = false;
    client.disconnect().onComplete(ar -> ended.tryComplete());
    return ended.future();
  }

  /** Abrupt: the socket goes away without DISCONNECT, so the broker publishes the will. */
  Future<Void> abort() {
    open = false;
    if (!ClientSocket.closeAbruptly(client)) {
      // Still connecting (no CONNACK yet): no will is armed, a clean close is all there is.
      client.disconnect().onComplete(ar -> ended.tryComplete());
    }
    return ended.future();
  }

  private Map<String, Integer> subscriptions() {
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(Topics.CMD_ALL, 1);
    topics.put(Topics.cmdTownship(spec.townshipId()), 1);
    topics.put(Topics.cmdVillage(spec.villageId()), 1);
    topics.put(Topics.cmdEndpoint(spec.endpointId()), 1);
    topics.put(Topics.HUB_STATUS, 1);
    return topics;
  }

  private void acked(int packetId) {
    Promise<Void> promise = awaitingAck.remove(packetId);
    if (promise != null) {
      promise.tryComplete();
    } else if (writesAwaitingAck > 0) {
      earlyAcks.add(packetId);
    }
  }

  private void clearEarlyAcksIfIdle() {
    if (writesAwaitingAck == 0) {
      earlyAcks.clear();
    }
  }

  private void failAwaiting(String why) {
    List<Promise<Void>> pending = new ArrayList<>(awaitingAck.values());
    awaitingAck.clear();
    pending.forEach(p -> p.tryFail(why));
  }
}
