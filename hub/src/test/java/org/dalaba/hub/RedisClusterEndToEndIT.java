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

  /** The CAP ledger and the national message counter keep to one slot each (their own hash tags). */
  @Test
  @Order(90)
  void aCapWarningIsImportedOnceInClusterMode() {
    String doc = org.dalaba.hub.cap.CapDocuments.text("cold-wave-county.xml", java.util.Map.of())
        .replace("<valueName>GB/T 2260</valueName><value>211282</value>", "<valueName>GB/T 10114</valueName><value>211282107001</value>");
    byte[] bytes = doc.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var first = api.postBytes("/api/v1/cap", "application/cap+xml", bytes);
    var again = api.postBytes("/api/v1/cap", "application/cap+xml", bytes);
    org.junit.jupiter.api.Assertions.assertEquals(201, first.status(), first.toString());
    org.junit.jupiter.api.Assertions.assertEquals(200, again.status(), again.toString());
    String id = first.body().getString("id");
    org.junit.jupiter.api.Assertions.assertEquals(id, again.body().getString("id"));
    String messageId = api.get("/api/v1/alerts/" + id).body().getJsonObject("national").getString("messageId");
    assertTrue(messageId.matches("\\d{30}"), messageId);
    new org.dalaba.hub.cap.CapParser().parse(api.getText("/api/v1/alerts/" + id + "/cap").getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
