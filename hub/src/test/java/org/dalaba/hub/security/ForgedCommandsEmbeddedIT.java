package org.dalaba.hub.security;

import java.nio.file.Path;
import org.dalaba.hub.Application;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Forged commands on the embedded HiveMQ CE broker. */
class ForgedCommandsEmbeddedIT extends ForgedCommandsContract {
  @TempDir
  static Path dataDir;

  @BeforeAll
  void startHub() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    startFleet(hub.mqttPort());
  }
}
