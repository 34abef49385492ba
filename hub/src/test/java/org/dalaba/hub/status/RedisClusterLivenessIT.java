package org.dalaba.hub.status;

import java.nio.file.Path;
import org.dalaba.hub.Application;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.RedisClusterServers;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.io.TempDir;

/** The liveness contract with a three-master Redis Cluster as the store. */
class RedisClusterLivenessIT extends LivenessContract {
  @TempDir
  static Path dir;

  @Override
  Path dataDir() {
    return dir.resolve("hub");
  }

  @Override
  void startHub() throws Exception {
    RedisClusterServers cluster = teardown.add(RedisClusterServers.start(dir.resolve("redis-cluster"), 3));
    hub = teardown.add(Application.start(cluster.hubConfig(dataDir()).with(ConfigKey.ENDPOINT_HEARTBEAT_SECONDS, HEARTBEAT_SECONDS),
        System.out, TestHubs.ADMIN_PASSWORD));
    mqttPort = hub.mqttPort();
  }
}
