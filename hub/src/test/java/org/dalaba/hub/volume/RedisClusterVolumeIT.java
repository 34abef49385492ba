package org.dalaba.hub.volume;

import java.nio.file.Path;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.RedisClusterServers;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.io.TempDir;

/** The volume contract with a three-master Redis Cluster as the store. */
class RedisClusterVolumeIT extends VolumeContract {
  @TempDir
  static Path dir;

  @Override
  RunningHub startHub() throws Exception {
    RedisClusterServers cluster = teardown.add(RedisClusterServers.start(dir.resolve("redis-cluster"), 3));
    return teardown.add(Application.start(cluster.hubConfig(dir.resolve("hub")), System.out, TestHubs.ADMIN_PASSWORD));
  }
}
