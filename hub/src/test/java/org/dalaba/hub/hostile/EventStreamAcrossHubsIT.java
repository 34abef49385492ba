package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.HubProcess;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.SseClient;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 6 across hub instances: two hub processes on one Redis and one Mosquitto. A
 * viewer's stream is open on one hub while an administrator demotes, then deletes, the viewer on the
 * other: the stream follows at once (the change travels over the hubs' shared events).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EventStreamAcrossHubsIT {
  static final String QINGYUN = "211282101";
  static final String ZHONGGU = "211282102";
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path tmp;
  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  private HubProcess hub(String name, int redisPort, int mqttPort) throws Exception {
    return new HubProcess(tmp.resolve(name), EmbeddedRedis.freePort(), Map.of(
        "DALABA_REDIS_MODE", "external", "DALABA_REDIS_URL", "redis://127.0.0.1:" + redisPort,
        "DALABA_MQTT_MODE", "external", "DALABA_MQTT_URL", "tcp://127.0.0.1:" + mqttPort,
        "DALABA_MQTT_HUB_PASSWORD", "hub-test-secret-0123456789")).start();
  }

  private static ApiClient admin(HubProcess hub) {
    ApiClient api = new ApiClient(hub.httpPort());
    Await.until("login to the hub on port " + hub.httpPort(), WAIT, () -> {
      try {
        api.login("admin", TestHubs.ADMIN_PASSWORD);
        return true;
      } catch (AssertionError e) {
        return false;
      }
    });
    return api;
  }

  private static String alert(ApiClient admin, JsonObject targets) {
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "测试预警").put("text", "请注意。")
        .put("level", "blue").put("targets", targets));
    assertEquals(201, sent.status(), sent.toString());
    return sent.body().getString("id");
  }

  @Test
  void aDemotionOnOneHubReScopesAStreamOpenOnTheOther() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    teardown.add(PersistentRedis.start(tmp, redisPort));
    int mqttPort = EmbeddedRedis.freePort();
    ExternalProcess mosquitto = teardown.add(HubMosquitto.start(tmp.resolve("a"), mqttPort));
    HubProcess first = teardown.add(hub("a", redisPort, mqttPort));
    mosquitto.reload();
    HubProcess second = teardown.add(hub("b", redisPort, mqttPort));
    ApiClient adminOnFirst = admin(first);
    admin(second);
    // GIVEN a county viewer whose stream is open on the second hub (the ticket taken on the first)
    ApiClient viewer = TestUsers.create(adminOnFirst, first.httpPort(), "far-watcher", "雪夜值守-Kx7#pq2", "viewer",
        new JsonObject().put("kind", "county"));
    SseClient sse = teardown.add(SseClient.open(viewer, second.httpPort()));
    String before = alert(adminOnFirst, new JsonObject().put("townships", new JsonArray().add(ZHONGGU)));
    Await.until("the stream on the second hub carries the first hub's alert", WAIT, () -> sse.saw(before));
    // WHEN the administrator on the first hub demotes the viewer to one village
    assertEquals(200, adminOnFirst.put("/api/v1/users/far-watcher", new JsonObject().put("role", "viewer")
        .put("scope", new JsonObject().put("kind", "village").put("id", QINGYUN + "001"))).status());
    String other = alert(adminOnFirst, new JsonObject().put("townships", new JsonArray().add(ZHONGGU)));
    String own = alert(adminOnFirst, new JsonObject().put("villages", new JsonArray().add(QINGYUN + "001")));
    // THEN the stream on the second hub carries only its village's alert
    Await.until("its own village's alert", WAIT, () -> sse.saw(own) || sse.ended());
    assertFalse(sse.ended(), "re-scoped, not closed");
    assertFalse(sse.saw(other), "no alert of another township after the demotion");
    // AND deleting the user on the first hub ends the stream on the second
    assertEquals(200, adminOnFirst.delete("/api/v1/users/far-watcher").status());
    Await.until("the stream ends with the account", WAIT, sse::ended);
  }
}
