package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hub.jar backup FILE} / {@code restore FILE [--force]}: the arguments, and failures as exit codes. */
class BackupCommandLineTest {
  @TempDir
  Path dir;

  @Test
  void aMissingFileIsAUsageError() {
    assertEquals(2, Main.backupCommand(new String[] {"backup"}));
    assertEquals(2, Main.backupCommand(new String[] {"restore", "--data-dir", dir.toString()}));
    assertEquals(2, Main.backupCommand(new String[] {"backup", "x.zip", "--no-such-option"}));
  }

  @Test
  void aBackupWithoutARunningHubFailsWithoutWritingAnything() {
    assertEquals(1, Main.backupCommand(new String[] {"backup", dir.resolve("b.zip").toString(), "--data-dir", dir.resolve("data").toString()}));
    assertFalse(Files.exists(dir.resolve("b.zip")));
  }

  @Test
  void aRestoreOfSomethingThatIsNoBackupFailsAndLeavesTheDataDirectoryEmpty() throws Exception {
    Path notABackup = Files.writeString(dir.resolve("n.zip"), "not a zip");
    assertEquals(1, Main.backupCommand(new String[] {"restore", notABackup.toString(), "--force", "--data-dir", dir.resolve("data").toString()}));
    assertFalse(Files.exists(dir.resolve("data")));
  }
}
