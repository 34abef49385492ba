package org.dalaba.hub.faults;

import static org.dalaba.hub.faults.FaultFixtures.assertEachPlayedOnce;
import static org.dalaba.hub.faults.FaultFixtures.awaitPlayedByAll;
import static org.dalaba.hub.faults.FaultFixtures.sendAlertToAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.SimSpecs;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external Redis (AOF, fsync always) crashes right after an alert was accepted. While it is
 * down the API refuses new alerts with 503; once it is back, the accepted alert is still there and
 * every endpoint ends played exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RedisOutageIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  private ExternalProcess redis;
  private RunningHub hub;
  private Vertx vertx;
  private SimulatedFleet fleet;

  private ExternalProcess startRedis(int port) throws Exception {
    return PersistentRedis.start(tmp, port);
  }

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }


  @Test
  void alertsAreRefusedWith503DuringTheOutageAndNothingAcceptedIsLost() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/redis-server", "redis-server");
    int redisPort = EmbeddedRedis.freePort();
    redis = startRedis(redisPort);
    teardown.add(redis::close);
    hub = Application.start(TestHubs.config(tmp.resolve("data")).with(Map.of(ConfigKey.REDIS_MODE, "external",
        ConfigKey.REDIS_URL, "redis://127.0.0.1:" + redisPort)), System.out, TestHubs.ADMIN_PASSWORD);
    teardown.add(hub);
    List<SimEndpointSpec> specs = SimSpecs.of(hub);
    vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    fleet = FaultFixtures.slowFleet(vertx, hub.mqttPort(), specs);
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient api = FaultFixtures.login(hub.httpPort());

    // GIVEN an accepted alert
    String accepted = sendAlertToAll(api);
    // WHEN Redis crashes at once
    redis.kill();
    // THEN new alerts are refused with 503 and the hub says it is degraded
    Await.until("503 for a new alert while Redis is down", Duration.ofSeconds(30), () -> api.post("/api/v1/alerts",
        new JsonObject().put("title", "测试").put("text", "测试").put("level", "blue")
            .put("targets", new JsonObject().put("all", true))).status() == 503);
    Await.until("/health says degraded", Duration.ofSeconds(10), () -> new ApiClient(hub.httpPort()).get("/health").status() == 503);
    // WHEN Redis comes back with its append-only file
    redis = startRedis(redisPort);
    teardown.add(redis::close);
    Await.until("the hub ready again", Duration.ofSeconds(30), () -> new ApiClient(hub.httpPort()).get("/health").status() == 200);
    // THEN the alert accepted before the crash is there and reaches every endpoint exactly once
    awaitPlayedByAll(api, accepted, specs.size());
    assertEachPlayedOnce(fleet, accepted);
    // AND new alerts are accepted again
    assertEquals(201, api.post("/api/v1/alerts", new JsonObject().put("title", "测试").put("text", "测试")
        .put("level", "blue").put("targets", new JsonObject().put("all", true))).status());
  }
}
