package org.dalaba.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpoint;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Finding 10 of issue 11, from the attacker's side: someone holding the hub's own MQTT account (a leaked
 * hub password, a compromised broker) publishes commands. Every one of the 113 simulated endpoints,
 * which know only docs/protocol.md and the hub keys they were given, refuses each forgery with
 * {@code failed BAD_SIGNATURE}; a genuine alert still plays everywhere. Run once per broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class ForgedCommandsContract {
  static final Duration WAIT = Duration.ofSeconds(60);

  RunningHub hub;
  TestFleet fleet;
  ApiClient api;
  /** The broker port the fleet and the attacker connect to. */
  int brokerPort;

  void startFleet(int port) throws Exception {
    brokerPort = port;
    fleet = TestFleet.start(hub, port);
    api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("113 endpoints online at the hub", WAIT, () -> online() == 113);
  }

  @AfterAll
  void stopAll() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
    stopBroker();
  }

  void stopBroker() {
  }

  @Test
  void everyEndpointRefusesCommandsNotSignedByTheHubAndStillPlaysGenuineAlerts() throws Exception {
    List<SimEndpoint> endpoints = new java.util.ArrayList<>(fleet.fleet().endpoints());
    assertEquals(113, endpoints.size());
    Village village = hub.directory().villages().values().iterator().next();
    try (Attacker attacker = Attacker.connect(brokerPort, hub.credentials().hubUsername(), hub.credentials().hubPassword())) {
      // GIVEN a genuine signed command, seen on the wire by the attacker
      attacker.subscribe("dalaba/v1/cmd/village/" + village.id());
      String genuineId = sendAlert(new JsonObject().put("villages", new JsonArray().add(village.id())));
      awaitPlayed(genuineId, 1);
      String genuine = attacker.nextPayload();
      assertNotNull(genuine, "the attacker saw the genuine command");
      JsonObject genuineJson = new JsonObject(genuine);
      assertEquals(genuineId, genuineJson.getString("id"));
      long now = System.currentTimeMillis();
      JsonObject unsigned = new JsonObject().put("v", 1).put("id", "a-forged-unsigned").put("type", "alert").put("ts", now)
          .put("expiresAt", now + 600_000).put("level", "red").put("title", "假警报").put("text", "这是伪造的警报").put("repeat", 1)
          .put("durationMs", 1000);

      // WHEN, with the hub's own account, it publishes on cmd/all: an unsigned alert; the genuine command
      // with one field changed (a new id and text); the genuine command unchanged but replayed to the whole
      // county; and an alert signed with its own key under the hub's key id
      attacker.publish("dalaba/v1/cmd/all", unsigned.encode());
      attacker.publish("dalaba/v1/cmd/all", genuine.replace(genuineId, "a-forged-tampered")
          .replace(genuineJson.getString("text"), "这是篡改的警报"));
      attacker.publish("dalaba/v1/cmd/all", genuine);
      attacker.publish("dalaba/v1/cmd/all", selfSigned("dalaba/v1/cmd/all",
          unsigned.copy().put("id", "a-forged-own-key").put("kid", genuineJson.getString("kid"))));
      attacker.publish("dalaba/v1/cmd/all", new JsonObject().put("v", 1).put("id", "s-forged-stop").put("type", "stop")
          .put("ts", now).put("ref", genuineId).put("reason", "CANCELLED").encode());

      // THEN every endpoint refused all five, and played none
      for (SimEndpoint endpoint : endpoints) {
        Await.until(endpoint.id() + " refused five forgeries", WAIT, () -> endpoint.refusedSignatures() >= 5);
      }
      for (SimEndpoint endpoint : endpoints) {
        assertEquals(0, endpoint.playLog().stream().filter(p -> p.commandId().startsWith("a-forged")).count(), endpoint.id());
        assertEquals(endpoint.spec().villageId().equals(village.id()) ? 1 : 0,
            endpoint.playLog().stream().filter(p -> p.commandId().equals(genuineId)).count(),
            endpoint.id() + ": the replay to cmd/all played nowhere else");
        assertEquals(5, endpoint.refusedSignatures(), endpoint.id() + " refused exactly the forgeries");
      }
      // AND the hub counted the refusals as forged commands, without letting them change a delivery record
      Await.until("the hub counted the refusals", WAIT, () -> api.get("/api/v1/device-errors").body(),
          errors -> errors.getJsonObject("byReason", new JsonObject()).getLong("FORGED_COMMAND", 0L) >= 113);
      JsonObject counts = api.get("/api/v1/alerts/" + genuineId).body().getJsonObject("counts");
      assertEquals(1, counts.getLong("played"), counts.encode());
      assertEquals(0, counts.getLong("failed"), counts.encode());
    }
    // AND a genuine alert to the whole county still plays on all 113 villages
    String county = sendAlert(new JsonObject().put("all", true));
    awaitPlayed(county, 113);
    for (SimEndpoint endpoint : endpoints) {
      assertEquals(1, endpoint.playLog().stream().filter(p -> p.commandId().equals(county)).count(), endpoint.id());
    }
  }

  /** Signs a command the documented way, but with a key of the attacker's own. */
  private static String selfSigned(String topic, JsonObject command) throws Exception {
    PrivateKey own = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
    String body = command.encode();
    Signature ed = Signature.getInstance("Ed25519");
    ed.initSign(own);
    ed.update((topic + "\n" + body).getBytes(StandardCharsets.UTF_8));
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(ed.sign());
    return body.substring(0, body.length() - 1) + ",\"sig\":\"" + sig + "\"}";
  }

  private String sendAlert(JsonObject targets) {
    ApiClient.Reply reply = api.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警")
        .put("text", "请村民减少外出，注意防寒保暖。").put("level", "red").put("targets", targets));
    assertEquals(201, reply.status(), reply.toString());
    return reply.body().getString("id");
  }

  private void awaitPlayed(String id, long played) {
    Await.until("alert " + id + " played " + played + " times", WAIT, () -> api.get("/api/v1/alerts/" + id).body(),
        alert -> alert.containsKey("counts") && alert.getJsonObject("counts").getLong("played") == played);
  }

  private int online() {
    return (int) fleet.fleet().endpoints().stream().filter(SimEndpoint::isConnected).count();
  }

  /** An MQTT 3.1.1 client with the hub's own username and password. */
  static final class Attacker implements AutoCloseable {
    private final MqttAsyncClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private Attacker(MqttAsyncClient client) {
      this.client = client;
    }

    static Attacker connect(int port, String username, String password) throws Exception {
      MqttAsyncClient paho = new MqttAsyncClient("tcp://127.0.0.1:" + port, username + "-attacker", new MemoryPersistence());
      Attacker attacker = new Attacker(paho);
      paho.setCallback(new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
          attacker.received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
      });
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setUserName(username);
      options.setPassword(password.toCharArray());
      paho.connect(options).waitForCompletion(10_000);
      return attacker;
    }

    void subscribe(String filter) throws Exception {
      client.subscribe(filter, 1).waitForCompletion(10_000);
    }

    void publish(String topic, String payload) throws Exception {
      client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
    }

    String nextPayload() throws InterruptedException {
      return received.poll(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close(true);
    }
  }
}
