package org.dalaba.hub.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.dalaba.hub.config.HubConfig;

/** {@code java -jar hub.jar backup FILE} and {@code restore FILE [--force]}: exit codes 0 done, 1 failed. */
public final class BackupCommands {
  private BackupCommands() {
  }

  public static int backup(HubConfig config, Path file, PrintStream out, PrintStream err) {
    try {
      BackupWriter.Result result = BackupWriter.write(config, file);
      out.printf("备份完成 Backup written: %s (%d Redis keys, %d files, %,d bytes, %d ms)%n", result.file(), result.redisKeys(),
          result.files(), result.bytes(), result.millis());
      return 0;
    } catch (java.net.ConnectException e) {
      err.println("备份失败 Backup failed: nothing answers on the hub's Redis (" + e.getMessage() + "). The backup reads Redis "
          + "while the hub runs: start the hub (systemctl start dalaba), then back up.");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("备份失败 Backup failed: " + e.getMessage());
      return 1;
    }
  }

  public static int restore(HubConfig config, Path file, boolean force, PrintStream out, PrintStream err) {
    try {
      BackupRestore.Result result = BackupRestore.restore(file, config, force);
      out.printf("恢复完成 Restored %s (made %s by hub %s, data format %d) into %s: %d Redis keys, %d files, %d ms.%n", file,
          result.manifest().createdAt(), result.manifest().hubVersion(), result.manifest().dataFormat(), config.dataDir(),
          result.redisKeys(), result.files(), result.millis());
      out.printf("The backup's configuration is in %s; compare it with yours, then start the hub.%n",
          config.dataDir().resolve("restored-config").resolve("hub.json"));
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("恢复失败 Restore failed: " + e.getMessage());
      return 1;
    }
  }
}
