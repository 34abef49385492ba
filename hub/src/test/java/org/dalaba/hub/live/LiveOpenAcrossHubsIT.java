package org.dalaba.hub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.AtOnce;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "One live session per endpoint" holds across hubs: two hubs on one Redis and one Mosquitto, operators opening a
 * session to the same village on both at the same moment; exactly one is opened (docs/api.md, "Live sessions").
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LiveOpenAcrossHubsIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  private RunningHub hub(Path dataDir, int redisPort, int mqttPort) throws Exception {
    return teardown.add(Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + mqttPort, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789",
        ConfigKey.REDIS_MODE, "external", ConfigKey.REDIS_URL, "redis://127.0.0.1:" + redisPort)), System.out, TestHubs.ADMIN_PASSWORD));
  }

  @Test
  void simultaneousOpensOnTwoHubsToOneVillageGetExactlyOne201() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    teardown.add(PersistentRedis.start(tmp, redisPort));
    int mqttPort = EmbeddedRedis.freePort();
    ExternalProcess mosquitto = teardown.add(HubMosquitto.start(tmp.resolve("a"), mqttPort));
    RunningHub first = hub(tmp.resolve("a"), redisPort, mqttPort);
    mosquitto.reload();
    RunningHub second = hub(tmp.resolve("b"), redisPort, mqttPort);
    for (RunningHub h : List.of(first, second)) {
      Await.until("the hub ready", Duration.ofSeconds(60), () -> new ApiClient(h.httpPort()).get("/health").body().getBoolean("ready"));
    }
    String village = first.directory().townships().get(0).villages().get(0).id();
    int perHub = 8;
    List<ApiClient> clients = new ArrayList<>();
    for (RunningHub h : List.of(first, second)) {
      String token = new ApiClient(h.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD).token();
      for (int i = 0; i < perHub; i++) {
        clients.add(new ApiClient(h.httpPort()).withToken(token));
      }
    }
    List<ApiClient.Reply> replies = List.of(AtOnce.post(clients, "/api/v1/live", new JsonObject().put("level", "orange")
        .put("title", "两台同时").put("targets", new JsonObject().put("villages", new JsonArray().add(village))).put("maxSeconds", 60)));
    ApiClient admin = new ApiClient(first.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    List<ApiClient.Reply> created = replies.stream().filter(r -> r.status() == 201).toList();
    created.forEach(r -> admin.post("/api/v1/live/" + r.body().getString("id") + "/stop", new JsonObject()));
    assertEquals(1, created.size(), "exactly one session opened over both hubs: " + replies);
    assertEquals(2 * perHub - 1, replies.stream().filter(r -> r.status() == 409).count(), replies.toString());
  }
}
