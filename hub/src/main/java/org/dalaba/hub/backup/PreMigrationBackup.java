package org.dalaba.hub.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.store.PrivateFiles;

/** The backup taken before a data-format migration, into backup.dir; kept whatever backup.keep says. */
public final class PreMigrationBackup {
  private PreMigrationBackup() {
  }

  public static Callable<Path> of(HubConfig config) {
    return () -> {
      Path dir = PrivateFiles.directory(config.backupDir());
      String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
      return BackupWriter.write(config, dir.resolve("dalaba-before-migration-" + stamp + ".zip")).file();
    };
  }
}
