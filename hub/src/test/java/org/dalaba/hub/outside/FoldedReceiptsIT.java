package org.dalaba.hub.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/protocol.md "Receipts": an endpoint that starts an alert as it accepts it sends {@code started} alone. Two
 * speakers written from the document (plain MQTT 3.1.1, no simulator): one answers that way, one never answers. The
 * hub counts the first as received at its {@code started} and never sends it the alert again, while the silent one,
 * the proof that re-sends were due meanwhile, gets copy after copy.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FoldedReceiptsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void startedAloneCountsAsReceivedAndIsNotSentAgain(@TempDir Path dataDir) throws Exception {
    try (Teardown teardown = new Teardown()) {
      RunningHub hub = teardown.add(Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD));
      ApiClient admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
      List<Village> villages = hub.directory().townships().stream().flatMap(t -> t.villages().stream())
          .filter(v -> !v.endpoints().isEmpty()).toList();
      Speaker folding = teardown.add(Speaker.connect(hub.mqttPort(), admin, villages.get(0), true));
      Speaker silent = teardown.add(Speaker.connect(hub.mqttPort(), admin, villages.get(1), false));

      ApiClient.Reply created = admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雨预警").put("text", "请村民注意防范。")
          .put("level", "yellow").put("targets", new JsonObject().put("villages", List.of(villages.get(0).id(), villages.get(1).id())))
          .put("expiresAt", System.currentTimeMillis() + 3_600_000).encode());
      assertEquals(201, created.status(), created.toString());
      String id = created.body().getString("id");

      Await.until("the silent speaker was sent the alert again, twice", WAIT, () -> silent.copies(id) >= 3);
      JsonObject record = endpointRecord(admin, id, folding.endpointId);
      assertEquals("playing", record.getString("state"), record.encode());
      assertNotNull(record.getString("receivedAt"), "started alone stands for received: " + record.encode());
      assertEquals(record.getString("startedAt"), record.getString("receivedAt"), record.encode());
      assertEquals(1, folding.copies(id), "a speaker that answered started is not sent the alert again");
      assertEquals(List.of("started"), folding.sent);
    }
  }

  private static JsonObject endpointRecord(ApiClient admin, String alertId, String endpointId) {
    ApiClient.Reply alert = admin.get("/api/v1/alerts/" + alertId);
    assertEquals(200, alert.status(), alert.toString());
    return alert.body().getJsonArray("villages").stream().map(JsonObject.class::cast)
        .flatMap(v -> v.getJsonArray("endpoints").stream().map(JsonObject.class::cast))
        .filter(e -> e.getString("endpointId").equals(endpointId)).findFirst().orElseThrow();
  }

  /** A speaker from the document: subscribes to its topics; answers each new alert with {@code started} alone, or never. */
  private static final class Speaker implements AutoCloseable {
    final String endpointId;
    final List<String> commandIds = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final MqttClient mqtt;
    private final boolean answers;

    private Speaker(String endpointId, MqttClient mqtt, boolean answers) {
      this.endpointId = endpointId;
      this.mqtt = mqtt;
      this.answers = answers;
    }

    static Speaker connect(int port, ApiClient admin, Village village, boolean answers) throws Exception {
      String endpointId = village.endpoints().get(0).id();
      JsonObject file = admin.get("/api/v1/endpoints/" + endpointId + "/credentials").body();
      MqttClient paho = new MqttClient("tcp://127.0.0.1:" + port, endpointId, new MemoryPersistence());
      Speaker speaker = new Speaker(endpointId, paho, answers);
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setUserName(file.getString("username"));
      options.setPassword(file.getString("password").toCharArray());
      paho.setTimeToWait(10_000);
      paho.connect(options);
      String root = "dalaba/v1/";
      paho.subscribe(new String[] {root + "cmd/village/" + village.id(), root + "cmd/endpoint/" + endpointId}, new int[] {1, 1},
          new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {speaker::arrived, speaker::arrived});
      paho.publish(root + "ep/" + endpointId + "/status", ("{\"v\":1,\"state\":\"online\",\"ts\":" + System.currentTimeMillis()
          + ",\"fw\":\"folding-1.0\",\"volume\":70,\"caps\":[\"text\",\"audio\"]}").getBytes(StandardCharsets.UTF_8), 1, true);
      return speaker;
    }

    private void arrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
      JsonObject command = new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8));
      String id = command.getString("id");
      boolean first = !commandIds.contains(id);
      commandIds.add(id);
      if (first && "alert".equals(command.getString("type")) && answers) {
        sent.add("started");
        // on Paho's callback thread: publish from another so the callback returns (Paho forbids blocking it)
        new Thread(() -> publishStarted(id)).start();
      }
    }

    private void publishStarted(String id) {
      try {
        mqtt.publish("dalaba/v1/ep/" + endpointId + "/receipt", ("{\"v\":1,\"cmd\":\"" + id + "\",\"state\":\"started\",\"ts\":"
            + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8), 1, false);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    int copies(String id) {
      return (int) commandIds.stream().filter(id::equals).count();
    }

    @Override
    public void close() throws Exception {
      if (mqtt.isConnected()) {
        mqtt.disconnect(5_000);
      }
      mqtt.close();
    }
  }
}
