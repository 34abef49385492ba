package org.dalaba.hub.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dalaba.hub.config.ConfigKey;
import org.junit.jupiter.api.Test;

/**
 * The package's /etc/dalaba/dalaba.env names every configuration key, commented, with its default,
 * and the unit runs the hub from the files the package installs, as the dalaba user, hardened.
 */
class PackagedConfigurationTest {
  static final Path DEB = Path.of("..", "packaging", "deb");

  @Test
  void theEnvironmentFileListsEveryKeyWithItsDefault() throws Exception {
    String env = Files.readString(DEB.resolve("dalaba.env"));
    assertTrue(env.contains("\nDALABA_DATA_DIR=/var/lib/dalaba\n"), "the package's data directory is set");
    for (ConfigKey key : ConfigKey.values()) {
      if (key != ConfigKey.DATA_DIR) {
        String line = "\n#" + key.envName() + "=" + key.defaultValue + "\n";
        assertTrue(env.contains(line), "packaging/deb/dalaba.env lacks " + line.strip() + " (run python3 packaging/deb/make-env.py)");
        assertTrue(env.contains("# " + key.key + " ("), "packaging/deb/dalaba.env lacks the comment of " + key.key);
      }
    }
  }

  @Test
  void theUnitRunsTheInstalledJarAsDalabaHardened() throws Exception {
    String unit = Files.readString(DEB.resolve("dalaba.service"));
    for (String line : new String[] {"User=dalaba", "EnvironmentFile=/etc/dalaba/dalaba.env", "Restart=on-failure", "NoNewPrivileges=yes",
        "ProtectSystem=strict", "ReadWritePaths=/var/lib/dalaba", "PrivateTmp=yes", "ProtectHome=yes", "UMask=0077",
        "ExecStart=/usr/bin/java -XX:+ExitOnOutOfMemoryError -jar /usr/share/dalaba/hub.jar --config /etc/dalaba/hub.json"}) {
      assertTrue(unit.contains("\n" + line + "\n"), "dalaba.service lacks " + line);
    }
  }
}
