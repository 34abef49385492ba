package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 11 on Mosquitto, whose ACL cannot refuse a retained publish: an endpoint leaves a
 * retained heartbeat, and the hub clears it when it is handed it as retained, at its next (re)subscribe.
 * (Retained receipts are not handed to the hub's shared receipt subscription; see docs/operations.md.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MosquittoRetainedReportsIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  private static MqttClient connect(int port, String clientId, String username, String password) throws Exception {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(username);
    options.setPassword(password.toCharArray());
    client.connect(options);
    return client;
  }

  @Test
  void aRetainedHeartbeatIsClearedByTheHub() throws Exception {
    ExternalProcess.requireProgram("/usr/sbin/mosquitto", "mosquitto");
    Path data = tmp.resolve("data");
    int port = EmbeddedRedis.freePort();
    ExternalProcess mosquitto = HubMosquitto.start(data, port);
    teardown.add(mosquitto::close);
    org.dalaba.hub.config.HubConfig config = TestHubs.config(data).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + port, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789"));
    RunningHub first = Application.start(config, System.out, TestHubs.ADMIN_PASSWORD);
    mosquitto.reload();
    String id = first.directory().endpoints().keySet().iterator().next();
    String secret = first.credentials().endpointSecrets().get(id);
    first.close();

    MqttClient endpoint = connect(port, id, id, secret);
    String prefix = "dalaba/v1/ep/" + id + "/";
    endpoint.publish(prefix + "status", "{\"v\":1,\"state\":\"online\",\"ts\":1}".getBytes(StandardCharsets.UTF_8), 1, true);
    endpoint.publish(prefix + "heartbeat", ("{\"v\":1,\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8), 1, true);
    endpoint.disconnect();
    endpoint.close();

    // the hub (re)connects and subscribes: it is handed the retained heartbeat and clears it
    RunningHub hub = teardown.add(Application.start(config, System.out, TestHubs.ADMIN_PASSWORD));
    Await.until("the hub connected to Mosquitto", Duration.ofSeconds(40), () -> new ApiClient(hub.httpPort()).get("/health").status() == 200);
    Await.until("no retained heartbeat left", Duration.ofSeconds(30), () -> !retained(port, hub, prefix).containsKey("heartbeat"));
    assertEquals(200, new ApiClient(hub.httpPort()).get("/health").status());
  }

  private static Map<String, Integer> retained(int port, RunningHub hub, String prefix) {
    Map<String, Integer> retained = new ConcurrentHashMap<>();
    try {
      MqttClient monitor = connect(port, "monitor-" + System.nanoTime(), Credentials.MONITOR_USERNAME, hub.credentials().monitorPassword());
      try {
        monitor.subscribe(prefix + "+", 1, (topic, message) -> {
          if (message.isRetained()) {
            retained.put(topic.substring(topic.lastIndexOf('/') + 1), message.getPayload().length);
          }
        });
        Await.until("the retained status", Duration.ofSeconds(20), () -> retained.containsKey("status"));
        monitor.subscribe("dalaba/v1/hub/status", 1, (t, m) -> { }); // one more round trip after the retained batch
      } finally {
        monitor.disconnect();
        monitor.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Map.copyOf(retained);
  }
}
