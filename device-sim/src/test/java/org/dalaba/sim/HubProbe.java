package org.dalaba.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the hub in tests: a plain vertx-mqtt client that publishes commands and records every report
 * endpoints publish ({@code dalaba/v1/ep/#}). Waiting is event-driven: a waiter completes when the
 * matching message arrives.
 */
final class HubProbe implements AutoCloseable {

  /** One message as received; {@code json} is the payload parsed once, or null when not a JSON object. */
  record Msg(String topic, Buffer payload, boolean retained, long receivedAt, JsonObject json) {
    static Msg of(String topic, Buffer payload, boolean retained) {
      JsonObject json;
      try {
        json = payload.toJsonValue() instanceof JsonObject o ? o : null;
      } catch (RuntimeException e) {
        json = null;
      }
      return new Msg(topic, payload, retained, System.currentTimeMillis(), json);
    }

    String endpointId() {
      String[] parts = topic.split("/");
      return parts.length == 5 ? parts[3] : null;
    }

    String kind() {
      String[] parts = topic.split("/");
      return parts.length == 5 ? parts[4] : null;
    }

    boolean isReceipt(String commandId, String state) {
      JsonObject json = json();
      return "receipt".equals(kind()) && json != null && commandId.equals(json.getValue("cmd"))
          && (state == null || state.equals(json.getValue("state")));
    }
  }

  /** Collects matches as messages arrive, so each message is tested once per waiter. */
  private record Waiter(Predicate<Msg> match, int count, List<Msg> matched, CompletableFuture<List<Msg>> done) {
    void offer(Msg msg) {
      if (!done.isDone() && match.test(msg)) {
        matched.add(msg);
        if (matched.size() >= count) {
          done.complete(List.copyOf(matched));
        }
      }
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(HubProbe.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final MqttClient client;
  private final List<Msg> messages = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private HubProbe(MqttClient client) {
    this.client = client;
  }

  /** Connects as the hub, subscribed to {@code filter}; returns once the subscription is acknowledged. */
  static HubProbe connect(Vertx vertx, int port, String filter) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
        .setClientId("hub-probe-" + IDS.incrementAndGet())
        .setCleanSession(true)
        .setMaxInflightQueue(10_000)
        .setMaxMessageSize(256 * 1024));
    HubProbe probe = new HubProbe(client);
    client.publishHandler(m -> probe.add(Msg.of(m.topicName(), m.payload().copy(), m.isRetain())));
    client.exceptionHandler(e -> LOG.warn("hub probe: {}", e.toString(), e));
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    client.subscribeCompletionHandler(ack -> subscribed.complete(null));
    // The same guard the simulator uses against Netty 4.1.133's split-packet bug (see WholePacketFramer).
    Await.result(client.connect(port, "127.0.0.1").compose(ack -> {
      ClientSocket.installFramer(client);
      return client.subscribe(filter, 1);
    }));
    Await.result(subscribed);
    return probe;
  }

  static HubProbe connect(Vertx vertx, int port) {
    return connect(vertx, port, "dalaba/v1/ep/#");
  }

  void publish(String topic, JsonObject command) {
    publish(topic, command.toBuffer());
  }

  void publish(String topic, Buffer payload) {
    Await.result(client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false));
  }

  void publishRetained(String topic, JsonObject payload) {
    Await.result(client.publish(topic, payload.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, true));
  }

  /** Completes with the first {@code count} matching messages, counting those already seen. */
  CompletableFuture<List<Msg>> await(Predicate<Msg> match, int count) {
    Waiter waiter = new Waiter(match, count, new ArrayList<>(), new CompletableFuture<>());
    synchronized (this) {
      messages.forEach(waiter::offer);
      if (!waiter.done().isDone()) {
        waiters.add(waiter);
      }
    }
    return waiter.done();
  }

  Msg awaitOne(Predicate<Msg> match) {
    return Await.result(await(match, 1)).get(0);
  }

  Msg awaitReceipt(String commandId, String state) {
    return awaitOne(m -> m.isReceipt(commandId, state));
  }

  synchronized List<Msg> messages(Predicate<Msg> match) {
    return messages.stream().filter(match).toList();
  }

  /** Every receipt for {@code commandId}, in arrival order. */
  List<JsonObject> receipts(String commandId) {
    return messages(m -> m.isReceipt(commandId, null)).stream().map(Msg::json).toList();
  }

  List<String> states(String commandId) {
    return receipts(commandId).stream().map(r -> r.getString("state")).toList();
  }

  private synchronized void add(Msg msg) {
    messages.add(msg);
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      waiter.offer(msg);
      if (waiter.done().isDone()) {
        it.remove();
      }
    }
  }

  @Override
  public void close() {
    Future<Void> closing = client.disconnect();
    Await.result(closing);
  }
}
