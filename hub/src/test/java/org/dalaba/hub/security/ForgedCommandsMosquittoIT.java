package org.dalaba.hub.security;

import java.nio.file.Path;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Forged commands on a real Mosquitto, whose ACL lets the hub account publish anywhere. */
class ForgedCommandsMosquittoIT extends ForgedCommandsContract {
  @TempDir
  static Path dataDir;

  private ExternalProcess mosquitto;

  @BeforeAll
  void startMosquittoAndHub() throws Exception {
    int port = EmbeddedRedis.freePort();
    mosquitto = HubMosquitto.start(dataDir, port);
    hub = HubMosquitto.startHub(dataDir, port, mosquitto);
    startFleet(port);
  }

  @Override
  void stopBroker() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }
}
