package org.dalaba.hub.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key with its environment variable and default. */
class ConfigurationDocumentTest {
  @Test
  void everyKeyIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKey key : ConfigKey.values()) {
      String row = "| `" + key.key + "` | `" + key.envName() + "` | `" + key.defaultValue + "` |";
      assertTrue(doc.contains(row), "docs/configuration.md lacks the row for " + key.key + ": " + row);
    }
  }
}
