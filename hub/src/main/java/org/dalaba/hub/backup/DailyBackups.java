package org.dalaba.hub.backup;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.store.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled backup: every day at {@code backup.dailyAt} (county time) one archive
 * {@code dalaba-YYYYMMDD-HHmm.zip} into {@code backup.dir} on a worker thread, then all but the newest
 * {@code backup.keep} such archives are deleted (pre-migration backups are named otherwise and kept).
 * Every hub instance of a cluster makes its own; each is complete.
 */
public final class DailyBackups implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DailyBackups.class);
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'dalaba-'yyyyMMdd-HHmm'.zip'");
  private final Vertx vertx;
  private final HubConfig config;
  private final Clock clock;
  private volatile long timer = -1;
  private volatile boolean closed;

  DailyBackups(Vertx vertx, HubConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  /** @return the schedule, or null when backup.dailyAt is empty */
  public static DailyBackups start(Vertx vertx, HubConfig config) {
    if (config.backupDailyAt() == null) {
      LOG.info("Scheduled backups are off (backup.dailyAt is empty)");
      return null;
    }
    DailyBackups backups = new DailyBackups(vertx, config, Clock.systemUTC());
    backups.arm();
    LOG.info("Daily backup at {} ({}) into {}, keeping {}", config.backupDailyAt(), config.zone(), config.backupDir(), config.backupKeep());
    return backups;
  }

  static ZonedDateTime next(ZonedDateTime now, LocalTime at) {
    ZonedDateTime today = now.with(at).withSecond(0).withNano(0);
    return today.isAfter(now) ? today : today.plusDays(1);
  }

  private void arm() {
    if (closed) {
      return;
    }
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(config.zone()));
    ZonedDateTime due = next(now, config.backupDailyAt());
    long delay = Math.max(1, Duration.between(now, due).toMillis());
    timer = vertx.setTimer(delay, t -> vertx.executeBlocking(() -> runOnce(due), false)
        .onFailure(e -> LOG.error("Scheduled backup failed: {}", e.getMessage()))
        .onComplete(done -> arm()));
  }

  /** Blocking: writes one backup named for {@code when} and applies the retention. */
  Path runOnce(ZonedDateTime when) throws IOException {
    Path dir = PrivateFiles.directory(config.backupDir());
    BackupWriter.Result result = BackupWriter.write(config, dir.resolve(NAME.format(when)));
    LOG.info("Scheduled backup written: {} ({} keys, {} files, {} bytes, {} ms)", result.file(), result.redisKeys(), result.files(),
        result.bytes(), result.millis());
    prune(dir, config.backupKeep());
    return result.file();
  }

  static void prune(Path dir, int keep) throws IOException {
    List<Path> daily;
    try (Stream<Path> list = Files.list(dir)) {
      daily = list.filter(p -> p.getFileName().toString().matches("dalaba-\\d{8}-\\d{4}\\.zip"))
          .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
    }
    for (Path old : daily.subList(Math.min(keep, daily.size()), daily.size())) {
      Files.deleteIfExists(old);
      LOG.info("Deleted old backup {} (backup.keep={})", old, keep);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
