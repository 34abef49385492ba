package org.dalaba.hub.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space under the data directory (Redis's AOF, media, broker data), every 10 s on a
 * worker. Below disk.minFreeMegabytes the hub says so in /health and refuses what would fill the disk
 * further (uploads, new speech) long before Redis fails to write and alerts get 503. Alerts go on.
 */
public final class DiskSpace {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);
  private static final long CHECK_EVERY_MS = 10_000;

  private final Vertx vertx;
  private final Path dir;
  private final long minFreeBytes;
  private final Runnable onChange;
  private volatile long freeBytes = Long.MAX_VALUE;
  private volatile boolean low;
  private long timer = -1;

  public DiskSpace(Vertx vertx, Path dir, long minFreeBytes, Runnable onChange) {
    this.vertx = vertx;
    this.dir = dir;
    this.minFreeBytes = minFreeBytes;
    this.onChange = onChange;
  }

  public void start() {
    check();
    timer = vertx.setPeriodic(CHECK_EVERY_MS, t -> check());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  public boolean isLow() { return low; }

  private void check() {
    vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      return Files.getFileStore(dir).getUsableSpace();
    }, false).onComplete(r -> {
      if (r.failed()) {
        LOG.warn("Cannot read the free space under {}: {}", dir, r.cause().toString());
        return;
      }
      freeBytes = r.result();
      boolean nowLow = freeBytes < minFreeBytes;
      if (nowLow != low) {
        low = nowLow;
        if (nowLow) {
          LOG.warn("Disk space low under {}: {} MiB free, below disk.minFreeMegabytes ({} MiB); uploads and new speech are refused",
              dir, freeBytes / 1_048_576, minFreeBytes / 1_048_576);
        } else {
          LOG.info("Disk space under {} back above the minimum: {} MiB free", dir, freeBytes / 1_048_576);
        }
        onChange.run();
      }
    });
  }

  public JsonObject toJson() {
    return new JsonObject().put("freeBytes", freeBytes == Long.MAX_VALUE ? null : freeBytes).put("minFreeBytes", minFreeBytes)
        .put("low", low);
  }

  /** The words an operator reads when the disk refuses something. */
  public static String lowMessageZh() {
    return "磁盘空间不足：数据目录所在磁盘剩余空间低于设定下限，暂停接收上传和新的语音合成，请清理磁盘或扩容";
  }
}
