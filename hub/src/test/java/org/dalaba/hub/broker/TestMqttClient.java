package org.dalaba.hub.broker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An MQTT 3.1.1 test client (Eclipse Paho mqttv3) that records what arrives and whether it was cut off. */
final class TestMqttClient implements AutoCloseable {
  static final long WAIT_MS = 5_000;

  /** One message as received. */
  record Received(String topic, String payload, boolean retained) {
  }

  private final MqttAsyncClient client;
  final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
  /** Completes when the broker closes the connection (not on our own disconnect). */
  final CompletableFuture<Throwable> lost = new CompletableFuture<>();

  private TestMqttClient(MqttAsyncClient client) {
    this.client = client;
  }

  static TestMqttClient connect(int port, String clientId, String username, String password) throws MqttException {
    return connect(port, clientId, username, password, null, null);
  }

  /** Connects with clean session, MQTT 3.1.1, and an optional retained QoS 1 last will. */
  static TestMqttClient connect(int port, String clientId, String username, String password, String willTopic,
      String willPayload) throws MqttException {
    MqttAsyncClient paho = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    TestMqttClient test = new TestMqttClient(paho);
    paho.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        test.lost.complete(cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        test.messages.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
            message.isRetained()));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(5);
    options.setKeepAliveInterval(60);
    options.setUserName(username);
    if (password != null) {
      options.setPassword(password.toCharArray());
    }
    if (willTopic != null) {
      options.setWill(willTopic, willPayload.getBytes(StandardCharsets.UTF_8), 1, true);
    }
    try {
      paho.connect(options).waitForCompletion(WAIT_MS);
    } catch (MqttException e) {
      paho.close(true);
      throw e;
    }
    return test;
  }

  /** Subscribes at QoS 1 and returns the granted QoS from SUBACK: 0–2, or 128 (0x80) for a failure. */
  int subscribe(String filter) throws MqttException {
    IMqttToken token = client.subscribe(filter, 1);
    token.waitForCompletion(WAIT_MS);
    return token.getGrantedQos()[0];
  }

  /** Publishes and waits for PUBACK (QoS 1) or for the bytes to leave (QoS 0). */
  void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained).waitForCompletion(WAIT_MS);
  }

  /** Publishes without waiting: for a publish the broker will answer by closing the connection. */
  void publishAndForget(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** The next message, or null after {@link #WAIT_MS}. */
  Received next() throws InterruptedException {
    return messages.poll(WAIT_MS, TimeUnit.MILLISECONDS);
  }

  /** Empties {@code queue} of what is there and of what arrives within 200 ms more (stragglers of a probe). */
  static void drain(BlockingQueue<?> queue) throws InterruptedException {
    while (queue.poll(200, TimeUnit.MILLISECONDS) != null) {
      queue.clear();
    }
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Drops the TCP connection without DISCONNECT, as a dying device would: the broker sends the will. */
  void abort() throws MqttException {
    client.disconnectForcibly(0, 1_000, false);
    client.close(true);
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(WAIT_MS);
      }
    } catch (MqttException e) {
      // already gone
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // already closed
    }
  }
}
