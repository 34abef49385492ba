package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.dalaba.hub.testing.RedisCli;
import org.dalaba.hub.testing.RedisClusterServers;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end contract with a Redis Cluster of three masters as the store (embedded broker): every
 * script and transaction the contract exercises must keep its keys in one slot, or Redis refuses it.
 */
class RedisClusterEndToEndIT extends AlertEndToEndContract {
  @TempDir
  static Path dataDir;

  private RedisClusterServers cluster;

  @BeforeAll
  void startClusterAndHub() throws Exception {
    cluster = RedisClusterServers.start(dataDir.resolve("redis-cluster"), 3);
    hub = Application.start(cluster.hubConfig(dataDir.resolve("hub")), System.out, org.dalaba.hub.testing.TestHubs.ADMIN_PASSWORD);
    startFleet(hub.mqttPort());
  }

  @Override
  Path dataDir() {
    return dataDir.resolve("hub");
  }

  @Override
  int mqttPort() {
    return hub.mqttPort();
  }

  @Test
  @Order(100)
  void theHubsDataIsSpreadOverAllThreeMasters() {
    for (int port : cluster.ports()) {
      long keys = Long.parseLong(RedisCli.run(port, RedisClusterServers.PASSWORD, "dbsize").strip());
      assertTrue(keys > 10, "master " + port + " holds " + keys + " keys");
    }
  }

  @Override
  void stopBroker() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
