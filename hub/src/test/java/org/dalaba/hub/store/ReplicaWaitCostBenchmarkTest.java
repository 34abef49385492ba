package org.dalaba.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.RedisSentinelSet;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what waiting for a replica costs an operator: the latency of POST /api/v1/alerts (one village)
 * through a Sentinel-watched master with one replica, with {@code redis.waitReplicas} 1 and 0, both on
 * the same Redis set and data. A figure, not an assertion: the machine decides it.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReplicaWaitCostBenchmarkTest {
  private static final int WARM_UP = 20;
  private static final int MEASURED = 150;

  @TempDir
  Path dir;

  @Test
  void printsAlertLatencyWithAndWithoutWaitingForTheReplica() throws Exception {
    try (Teardown teardown = new Teardown()) {
      RedisSentinelSet redis = teardown.add(RedisSentinelSet.start(dir.resolve("redis"), 1));
      for (int waitReplicas : List.of(1, 0, 1, 0)) {
        try (RunningHub hub = Application.start(redis.hubConfig(dir.resolve("hub")).with(ConfigKey.REDIS_WAIT_REPLICAS, waitReplicas),
            System.out, TestHubs.ADMIN_PASSWORD)) {
          ApiClient api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
          String village = hub.directory().villages().keySet().iterator().next();
          List<Double> ms = new ArrayList<>();
          for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long start = System.nanoTime();
            ApiClient.Reply reply = api.post("/api/v1/alerts", new JsonObject().put("title", "测试").put("text", "测试")
                .put("level", "blue").put("targets", new JsonObject().put("villages", new JsonArray().add(village))));
            double elapsed = (System.nanoTime() - start) / 1e6;
            assertEquals(201, reply.status(), reply.toString());
            if (i >= WARM_UP) {
              ms.add(elapsed);
            }
          }
          Collections.sort(ms);
          System.out.printf("REPLICA WAIT COST: redis.waitReplicas=%d  POST /api/v1/alerts over %d: median %.2f ms, p90 %.2f ms, "
                  + "p99 %.2f ms%n", waitReplicas, MEASURED, ms.get(ms.size() / 2), ms.get(ms.size() * 9 / 10),
              ms.get(ms.size() * 99 / 100));
        }
      }
    }
  }
}
