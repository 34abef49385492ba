package org.dalaba.hub.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Backup from a hub on an external Redis, restored into another, empty external Redis. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExternalRedisBackupIT {
  @TempDir
  Path first;
  @TempDir
  Path second;
  ExternalProcess redisA;
  ExternalProcess redisB;
  RunningHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    if (redisA != null) {
      redisA.close();
    }
    if (redisB != null) {
      redisB.close();
    }
  }

  private static HubConfig config(Path dataDir, int redisPort) {
    return TestHubs.config(dataDir.resolve("data")).with(Map.of(ConfigKey.REDIS_MODE, "external",
        ConfigKey.REDIS_URL, "redis://127.0.0.1:" + redisPort));
  }

  @Test
  void anExternalRedisIsBackedUpAndRestoredIntoAnother() throws Exception {
    int portA = EmbeddedRedis.freePort();
    redisA = PersistentRedis.start(first, portA);
    hub = Application.start(config(first, portA), System.out, TestHubs.ADMIN_PASSWORD);
    ApiClient admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    TestUsers.create(admin, hub.httpPort(), "duty-officer", "雪夜值守-Kx7#pq2", "viewer", new JsonObject().put("kind", "county"));
    Path archive = first.resolve("external.zip");
    assertEquals(0, BackupCommands.backup(config(first, portA), archive, System.out, System.err));
    hub.close();
    hub = null;

    int portB = EmbeddedRedis.freePort();
    redisB = PersistentRedis.start(second, portB);
    assertEquals(0, BackupCommands.restore(config(second, portB), archive, false, System.out, System.err));
    // a second restore finds the hub's keys there and refuses without --force
    assertEquals(1, BackupCommands.restore(config(second, portB).with(ConfigKey.DATA_DIR, second.resolve("other")), archive, false,
        System.out, System.err));
    hub = Application.start(config(second, portB), System.out, null);
    new ApiClient(hub.httpPort()).login("duty-officer", "雪夜值守-Kx7#pq2");
    new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }
}
