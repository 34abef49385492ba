package org.dalaba.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.RedisCli;
import org.dalaba.hub.testing.RedisClusterServers;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The store's own promises on a real three-master Redis Cluster: slots, split writes, scripts, pub/sub. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterStoreIT {
  @TempDir
  static Path dir;
  RedisClusterServers cluster;
  Vertx vertx;
  RedisStore redis;
  RedisConnections connections;

  @BeforeAll
  void start() throws Exception {
    cluster = RedisClusterServers.start(dir, 3);
    HubConfig config = TestHubs.config(dir.resolve("data")).with(Map.of(ConfigKey.REDIS_MODE, "cluster",
        ConfigKey.REDIS_NODES, cluster.nodes(), ConfigKey.REDIS_PASSWORD, RedisClusterServers.PASSWORD));
    connections = RedisConnections.of(config, "");
    vertx = Vertx.vertx();
    redis = new RedisStore(vertx, connections);
    await(redis.loadScripts());
  }

  @AfterAll
  void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theHubComputesTheSameSlotsAsRedis() {
    for (String key : List.of(Keys.alert("a-20260101-abc"), Keys.deliveries("alert", "a-20260101-abc"), Keys.ALERTS_OPEN,
        Keys.throttleUser("login", "张三"), "plain", "{}empty-tag", "a{b}{c}", "x{}y{z}")) {
      String slot = RedisCli.run(cluster.ports().get(0), RedisClusterServers.PASSWORD, "cluster", "keyslot", key).strip();
      assertEquals(Integer.parseInt(slot), HashSlot.of(key), key);
    }
  }

  @Test
  void aTransactionAcrossSlotsIsAppliedPerSlotAndAPipelineAnswersInOrder() throws Exception {
    String id = "a-20260101-slots001";
    assertNotEquals(HashSlot.of(Keys.alert(id)), HashSlot.of(Keys.ALERTS_OPEN), "the test needs two slots");
    await(redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.alert(id)).arg("{}"),
        Request.cmd(Command.HSET).arg(Keys.deliveries("alert", id)).arg("e1").arg("{\"s\":\"pending\"}"),
        Request.cmd(Command.HSET).arg(Keys.counts("alert", id)).arg("pending").arg(1),
        Request.cmd(Command.SADD).arg(Keys.ALERTS_OPEN).arg(id),
        Request.cmd(Command.ZADD).arg(Keys.ALERTS_BY_TIME).arg(1).arg(id))));
    List<Response> replies = await(redis.pipeline(List.of(Request.cmd(Command.SISMEMBER).arg(Keys.ALERTS_OPEN).arg(id),
        Request.cmd(Command.GET).arg(Keys.alert(id)), Request.cmd(Command.ZSCORE).arg(Keys.ALERTS_BY_TIME).arg(id),
        Request.cmd(Command.HGET).arg(Keys.counts("alert", id)).arg("pending"))));
    assertEquals(1, replies.get(0).toInteger());
    assertEquals("{}", replies.get(1).toString());
    assertEquals("1", replies.get(2).toString());
    assertEquals("1", replies.get(3).toString());
  }

  @Test
  void scriptsRunOnEveryMasterAndAreReloadedWhereTheyWereForgotten() throws Exception {
    for (int port : cluster.ports()) {
      RedisCli.run(port, RedisClusterServers.PASSWORD, "script", "flush");
    }
    // many alerts, so the script runs on every master, none of which knows it any more
    for (int i = 0; i < 12; i++) {
      String id = "a-20260101-script" + i;
      await(redis.transaction(List.of(Request.cmd(Command.HSET).arg(Keys.deliveries("alert", id)).arg("e1")
          .arg("{\"s\":\"pending\"}"), Request.cmd(Command.HSET).arg(Keys.counts("alert", id)).arg("pending").arg(1))));
      Response result = await(redis.runScript("apply-receipts", List.of(Keys.deliveries("alert", id), Keys.counts("alert", id)),
          List.of(org.dalaba.hub.delivery.DeliveryState.RANKS_JSON, "e1", "played", "1000", "", "1000")));
      assertEquals("pending", result.get(0).toString());
    }
    // and loading them reaches every master, not one picked at random
    for (int port : cluster.ports()) {
      RedisCli.run(port, RedisClusterServers.PASSWORD, "script", "flush");
    }
    await(redis.loadScripts());
    String sha;
    try (var in = RedisStore.class.getResourceAsStream("/redis/close-records.lua")) {
      sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(in.readAllBytes()));
    }
    for (int port : cluster.ports()) {
      assertEquals("1", RedisCli.run(port, RedisClusterServers.PASSWORD, "script", "exists", sha).strip(), "node " + port);
    }
  }

  @Test
  void aSubscriberOnOneNodeHearsWhatIsPublishedThroughAnother() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    var connection = await(connections.subscriber(vertx).connect());
    try {
      connection.handler(message -> {
        if (message.size() == 3 && "message".equals(message.get(0).toString())) {
          heard.add(message.get(2).toString());
        }
      });
      await(connection.send(Request.cmd(Command.SUBSCRIBE).arg("dlb:test-events")));
      Await.until("the message published through the cluster client arrives", Duration.ofSeconds(10), () -> {
        redis.send(Command.PUBLISH, "dlb:test-events", "hello");
        return heard.contains("hello");
      });
    } finally {
      await(connection.close());
    }
  }

  @Test
  void anAclUserNamedInTheConfigurationIsTheOneTheHubSpeaksAs() throws Exception {
    for (int port : cluster.ports()) {
      RedisCli.run(port, RedisClusterServers.PASSWORD, "acl", "setuser", "dalaba-hub", "on", ">hub-acl-secret-1", "~dlb:*", "&dlb:*",
          "+@all", "-@dangerous", "+cluster|slots", "+cluster|shards", "+cluster|nodes", "+info", "+script|load");
    }
    HubConfig config = TestHubs.config(dir.resolve("acl")).with(Map.of(ConfigKey.REDIS_MODE, "cluster",
        ConfigKey.REDIS_NODES, cluster.nodes(), ConfigKey.REDIS_USERNAME, "dalaba-hub", ConfigKey.REDIS_PASSWORD, "hub-acl-secret-1"));
    RedisStore asUser = new RedisStore(vertx, RedisConnections.of(config, ""));
    try {
      await(asUser.send(Command.SET, Keys.alert("a-20260101-acl00001"), "{}"));
      assertEquals("dalaba-hub", await(asUser.send(Command.ACL, "WHOAMI")).toString());
      // a key outside the hub's prefix is refused to that user: the ACL is in force, not the default user
      assertTrue(asUser.send(Command.SET, "other:key", "x").toCompletionStage().toCompletableFuture()
          .handle((ok, error) -> error != null && String.valueOf(error.getMessage()).contains("NOPERM")).get(30, TimeUnit.SECONDS));
    } finally {
      asUser.close();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
