package org.dalaba.hub.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.dalaba.hub.config.ConfigException;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the daily backup runs, which old ones it deletes, and which times of day the configuration takes. */
class DailyBackupsTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  @TempDir
  Path dir;

  @Test
  void theNextRunIsTodayIfStillAheadElseTomorrow() {
    ZonedDateTime morning = ZonedDateTime.of(2026, 12, 2, 1, 0, 0, 0, SHANGHAI);
    assertEquals(ZonedDateTime.of(2026, 12, 2, 3, 30, 0, 0, SHANGHAI), DailyBackups.next(morning, LocalTime.of(3, 30)));
    ZonedDateTime atTheTime = ZonedDateTime.of(2026, 12, 2, 3, 30, 0, 0, SHANGHAI);
    assertEquals(ZonedDateTime.of(2026, 12, 3, 3, 30, 0, 0, SHANGHAI), DailyBackups.next(atTheTime, LocalTime.of(3, 30)));
  }

  @Test
  void retentionKeepsTheNewestDailyBackupsAndEveryOtherFile() throws Exception {
    for (String name : List.of("dalaba-20261128-0330.zip", "dalaba-20261129-0330.zip", "dalaba-20261130-0330.zip",
        "dalaba-20261201-0330.zip", "dalaba-before-migration-20261101T000000.zip", "manual.zip")) {
      Files.writeString(dir.resolve(name), "x");
    }
    DailyBackups.prune(dir, 2);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of("dalaba-20261130-0330.zip", "dalaba-20261201-0330.zip", "dalaba-before-migration-20261101T000000.zip",
          "manual.zip"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void theTimeOfDayIsCheckedAtStartUp() {
    assertEquals(LocalTime.of(23, 5), ConfigLoader.defaults().with(ConfigKey.BACKUP_DAILY_AT, "23:05").backupDailyAt());
    assertEquals(null, ConfigLoader.defaults().with(ConfigKey.BACKUP_DAILY_AT, "").backupDailyAt());
    ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.defaults().with(ConfigKey.BACKUP_DAILY_AT, "3:30am"));
    assertTrue(bad.getMessage().contains("backup.dailyAt"), bad.getMessage());
  }
}
