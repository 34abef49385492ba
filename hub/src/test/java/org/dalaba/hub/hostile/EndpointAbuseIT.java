package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 11 finding 11 and the hub still serving afterwards: an endpoint (with its real credentials)
 * tries to leave large retained messages on its report topics, an operator and an MQTT client try to
 * forge log lines, every change is in the audit trail when its answer arrives, and then a new alert
 * still reaches all 113 simulated villages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EndpointAbuseIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path tmp;

  private RunningHub hub;
  private TestFleet fleet;
  private ApiClient api;
  private String victim;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(tmp.resolve("data")), System.out, TestHubs.ADMIN_PASSWORD);
    fleet = TestFleet.start(hub, hub.mqttPort());
    api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("all 113 endpoints online", WAIT, () -> online() == 113);
    victim = hub.directory().township("211282105").orElseThrow().villages().get(7).endpoints().get(0).id();
  }

  @AfterAll
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private long online() {
    return api.get("/api/v1/villages").body().getJsonObject("totals").getLong("online");
  }

  private MqttClient connect(String clientId, String username, String password) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + hub.mqttPort(), clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(username);
    options.setPassword(password.toCharArray());
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    // every blocking call gives up: a broker that drops a client mid-publish must not hang the test
    client.setTimeToWait(10_000);
    client.connect(options);
    return client;
  }

  /** What a fresh subscriber to the endpoint's report topics is handed as retained. */
  private Map<String, Integer> retainedSizes() throws Exception {
    Map<String, Integer> retained = new ConcurrentHashMap<>();
    MqttClient monitor = connect("monitor-" + System.nanoTime(), Credentials.MONITOR_USERNAME, hub.credentials().monitorPassword());
    try {
      IMqttMessageListener listener = (topic, message) -> {
        if (message.isRetained()) {
          retained.put(topic.substring(topic.lastIndexOf('/') + 1), message.getPayload().length);
        }
      };
      monitor.subscribe("dalaba/v1/ep/" + victim + "/+", 1, listener);
      // the endpoint's own (small) status is retained: once it is here, so is everything else retained
      Await.until("the retained status", WAIT, () -> retained.containsKey("status"));
      monitor.subscribe("dalaba/v1/hub/status", 1, (t, m) -> { }); // one more round trip after the retained batch
      return Map.copyOf(retained);
    } finally {
      closeQuietly(monitor);
    }
  }

  /** Disconnects without waiting long: the broker may already have closed a client it refused. */
  private static void closeQuietly(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 2_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // already gone
    }
  }

  @Test
  @Order(1)
  void anEndpointCannotLeaveRetainedHeartbeatsOrReceiptsNorHugeStatuses() throws Exception {
    String secret = hub.credentials().endpointSecrets().get(victim);
    byte[] huge = ("{\"v\":1,\"pad\":\"" + "x".repeat(260_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    for (String kind : List.of("heartbeat", "receipt", "status")) {
      MqttClient endpoint = connect(victim + "-tool", victim, secret);
      try {
        endpoint.publish("dalaba/v1/ep/" + victim + "/" + kind, huge, 0, true);
        // a small retained heartbeat is refused too
        if (!kind.equals("status")) {
          endpoint.publish("dalaba/v1/ep/" + victim + "/" + kind, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 0, true);
        }
      } catch (MqttException refused) {
        // the broker may close the connection of a client that publishes what it may not
      } finally {
        closeQuietly(endpoint);
      }
    }
    Map<String, Integer> retained = retainedSizes();
    assertFalse(retained.containsKey("heartbeat"), "a retained heartbeat: " + retained);
    assertFalse(retained.containsKey("receipt"), "a retained receipt: " + retained);
    assertTrue(retained.get("status") < 4096, "the huge status was not retained: " + retained);
  }

  @Test
  @Order(2)
  void userAndDeviceInputCannotForgeLogLines() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    try {
      String forged = "\n2026-12-01 08:00:00.000 INFO  [main] o.d.hub.api.SessionRoutes - admin logged out\u001b[2J";
      ApiClient.Reply created = api.post("/api/v1/alerts", new JsonObject().put("title", "演练" + forged).put("text", "测试")
          .put("level", "blue").put("targets", new JsonObject().put("villages", new JsonArray().add(villageOf(victim)))));
      assertEquals(201, created.status(), created.toString());
      try {
        connect(victim + "-x\nFORGED", victim, "wrong-password").disconnect();
      } catch (MqttException expected) {
        // refused, and logged
      }
      Await.until("the alert's log line", WAIT, () -> List.copyOf(captured.list).stream()
          .anyMatch(e -> e.getFormattedMessage().contains(") sent for ")));
      for (ILoggingEvent event : List.copyOf(captured.list)) {
        String line = event.getFormattedMessage();
        assertFalse(line.contains("\n2026-12-01") || line.contains("\nFORGED") || line.contains("\u001b"), "a forged line: " + line);
      }
    } finally {
      root.detachAppender(captured);
    }
  }

  @Test
  @Order(3)
  void everyChangeIsInTheAuditTrailWhenItsAnswerArrives() {
    ApiClient.Reply created = api.post("/api/v1/alerts", new JsonObject().put("title", "审计").put("text", "测试").put("level", "blue")
        .put("targets", new JsonObject().put("villages", new JsonArray().add(villageOf(victim)))));
    assertEquals(201, created.status());
    String id = created.body().getString("id");
    assertEquals(200, api.post("/api/v1/alerts/" + id + "/cancel", "{}").status());
    JsonArray entries = api.get("/api/v1/audit?action=alert.&limit=10").body().getJsonArray("entries");
    assertTrue(entries.encode().contains("\"alert.cancel\"") && entries.encode().contains(id), entries.encode());
    assertTrue(entries.stream().map(JsonObject.class::cast)
        .anyMatch(e -> e.getString("action").equals("alert.create") && e.getJsonObject("details").getString("alertId").equals(id)));
  }

  @Test
  @Order(4)
  void afterwardsANewAlertStillReachesAll113Villages() {
    Await.until("all 113 endpoints online", WAIT, () -> online() == 113);
    ApiClient.Reply created = api.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出。")
        .put("level", "red").put("targets", new JsonObject().put("all", true)));
    assertEquals(201, created.status(), created.toString());
    String id = created.body().getString("id");
    Await.until("all 113 villages played " + id, WAIT, () -> api.get("/api/v1/alerts/" + id).body(),
        alert -> alert.containsKey("counts") && alert.getJsonObject("counts").getLong("played") == 113);
  }

  private String villageOf(String endpointId) {
    return hub.directory().endpoint(endpointId).orElseThrow().villageId();
  }
}
