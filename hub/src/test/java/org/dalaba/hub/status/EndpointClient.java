package org.dalaba.hub.status;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A hand-written endpoint that knows only docs/protocol.md: MQTT 3.1.1, clean session, a retained last will. */
final class EndpointClient implements AutoCloseable {
  private final MqttClient client;
  private final String endpointId;

  private EndpointClient(MqttClient client, String endpointId) {
    this.client = client;
    this.endpointId = endpointId;
  }

  static EndpointClient connect(int port, String clientId, String endpointId, String password) throws MqttException {
    MqttClient paho = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(60);
    options.setUserName(endpointId);
    options.setPassword(password.toCharArray());
    options.setWill(topic(endpointId, "status"), "{\"v\":1,\"state\":\"offline\",\"reason\":\"will\"}".getBytes(StandardCharsets.UTF_8), 1, true);
    paho.setTimeToWait(10_000);
    paho.connect(options);
    return new EndpointClient(paho, endpointId);
  }

  static String topic(String endpointId, String kind) {
    return "dalaba/v1/ep/" + endpointId + "/" + kind;
  }

  void announceOnline() throws MqttException {
    client.publish(topic(endpointId, "status"), ("{\"v\":1,\"state\":\"online\",\"ts\":" + System.currentTimeMillis()
        + ",\"fw\":\"hand-1.0\",\"volume\":70,\"caps\":[\"text\"]}").getBytes(StandardCharsets.UTF_8), 1, true);
  }

  void heartbeat() throws MqttException {
    client.publish(topic(endpointId, "heartbeat"), ("{\"v\":1,\"ts\":" + System.currentTimeMillis()
        + ",\"playing\":null,\"volume\":70,\"uptimeS\":1}").getBytes(StandardCharsets.UTF_8), 0, false);
  }

  /** A clean DISCONNECT without publishing {@code offline}: the broker sends no last will. */
  void disconnectSilently() throws MqttException {
    client.disconnect(5_000);
  }

  boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(1_000, 1_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // already gone
    }
  }
}
