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
 * the same Redis set and data. A figure, not an assertion: the machine decides it. Run on demand (it
 * takes most of a minute): {@code mvn -B -ntp verify -pl hub -am -Dtest=none -Dit.test=ReplicaWaitCostBenchmarkIT
 * -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}; docs/operations.md has its figures.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bench", matches = "true")
class ReplicaWaitCostBenchmarkIT {
  private static final int WARM_UP = 20;
  private static final int MEASURED = 150;

  @TempDir
  Path dir;

  /**
   * The WAIT alone, without the HTTP path's noise: an alert-sized transaction (the alert, 113 delivery
   * records, counts, the two indexes) through the store, with and without WAIT, interleaved so that a
   * busy moment of the machine hits both alike.
   */
  @Test
  void printsTheTransactionTimeWithAndWithoutWaitingForTheReplica() throws Exception {
    try (Teardown teardown = new Teardown()) {
      RedisSentinelSet redis = teardown.add(RedisSentinelSet.start(dir.resolve("redis"), 1));
      io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
      teardown.add(() -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      org.dalaba.hub.config.HubConfig config = redis.hubConfig(dir.resolve("hub"));
      RedisStore waiting = new RedisStore(vertx, RedisConnections.of(config.with(ConfigKey.REDIS_WAIT_REPLICAS, 1), ""));
      RedisStore notWaiting = new RedisStore(vertx, RedisConnections.of(config.with(ConfigKey.REDIS_WAIT_REPLICAS, 0), ""));
      List<Double> with = new ArrayList<>();
      List<Double> without = new ArrayList<>();
      for (int i = 0; i < 2 * (WARM_UP + 5 * MEASURED); i++) {
        boolean wait = i % 2 == 0;
        String id = "a-20260101-bench" + i;
        List<io.vertx.redis.client.Request> writes = new ArrayList<>();
        writes.add(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SET).arg(Keys.alert(id)).arg("{\"id\":\"" + id + "\"}"));
        io.vertx.redis.client.Request records = io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HSET)
            .arg(Keys.deliveries("alert", id));
        for (int e = 0; e < 113; e++) {
          records.arg("211282101" + String.format("%03d", e) + "-01").arg("{\"s\":\"pending\"}");
        }
        writes.add(records);
        writes.add(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HSET).arg(Keys.counts("alert", id)).arg("pending").arg(113));
        writes.add(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.ZADD).arg(Keys.ALERTS_BY_TIME).arg(i).arg(id));
        writes.add(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SADD).arg(Keys.ALERTS_OPEN).arg(id));
        long start = System.nanoTime();
        (wait ? waiting : notWaiting).transaction(writes).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - start) / 1e6;
        if (i >= 2 * WARM_UP) {
          (wait ? with : without).add(ms);
        }
      }
      print("store transaction (alert + 113 records), WAIT 1", with);
      print("store transaction (alert + 113 records), no WAIT", without);
    }
  }

  private static void print(String what, List<Double> ms) {
    Collections.sort(ms);
    System.out.printf("REPLICA WAIT COST: %s over %d: median %.2f ms, p90 %.2f ms, p99 %.2f ms%n", what, ms.size(),
        ms.get(ms.size() / 2), ms.get(ms.size() * 9 / 10), ms.get(ms.size() * 99 / 100));
  }

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
          print("POST /api/v1/alerts, redis.waitReplicas=" + waitReplicas, ms);
        }
      }
    }
  }
}
