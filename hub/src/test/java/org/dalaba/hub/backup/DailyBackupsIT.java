package org.dalaba.hub.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled backup of a running hub: one archive a day into backup.dir (0700), the newest backup.keep kept. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DailyBackupsIT {
  @TempDir
  Path dataDir;
  @TempDir
  Path backups;
  RunningHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void threeDaysOfBackupsKeepTheNewestTwo() throws Exception {
    HubConfig config = TestHubs.config(dataDir).with(Map.of(ConfigKey.BACKUP_DIR, backups.resolve("daily"), ConfigKey.BACKUP_KEEP, 2));
    hub = Application.start(config, System.out, TestHubs.ADMIN_PASSWORD);
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    DailyBackups daily = new DailyBackups(vertx, config, Clock.systemUTC());
    ZonedDateTime first = ZonedDateTime.of(2026, 12, 1, 3, 30, 0, 0, config.zone());
    try {
      for (int day = 0; day < 3; day++) {
        Path written = daily.runOnce(first.plusDays(day));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(written.toFile())) {
          assertEquals(1, BackupRestore.verified(zip).dataFormat(), "a complete archive of the running hub");
        }
      }
    } finally {
      daily.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> list = Files.list(backups.resolve("daily"))) {
      assertEquals(List.of("dalaba-20261202-0330.zip", "dalaba-20261203-0330.zip"), list.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.resolve("daily"))));
  }
}
