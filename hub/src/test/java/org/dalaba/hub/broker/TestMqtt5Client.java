package org.dalaba.hub.broker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** MQTT 5 test clients (Eclipse Paho mqttv5) of the embedded broker, with clean start, as an MQTT 5 endpoint connects. */
final class TestMqtt5Client {
  static final long WAIT_MS = 20_000;

  private TestMqtt5Client() {
  }

  /** Connected as {@code username}; {@code disconnected} completes with the broker's DISCONNECT reason. */
  static MqttAsyncClient connect(int port, String username, String password, CompletableFuture<Integer> disconnected)
      throws MqttException {
    return connect(port, username, password, disconnected, null);
  }

  /** As {@link #connect(int, String, String, CompletableFuture)}; what arrives goes to {@code received} as "topic payload". */
  static MqttAsyncClient connect(int port, String username, String password, CompletableFuture<Integer> disconnected,
                                 BlockingQueue<String> received) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, username, new MemoryPersistence());
    client.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse response) {
        disconnected.complete(response.getReturnCode());
      }

      @Override
      public void mqttErrorOccurred(MqttException exception) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        if (received != null) {
          received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }
      }

      @Override
      public void deliveryComplete(IMqttToken token) {
      }

      @Override
      public void connectComplete(boolean reconnect, String serverURI) {
      }

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {
      }
    });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(username);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(WAIT_MS);
    return client;
  }

  static void close(MqttAsyncClient client) throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000, false);
    }
    client.close(true);
  }
}
