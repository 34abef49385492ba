package org.dalaba.hub;

import java.nio.file.Path;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same end-to-end contract with an external Mosquitto as the broker. The hub writes Mosquitto's
 * password and ACL files; Mosquitto is reloaded (SIGHUP) to pick them up, as an operator would.
 */
class MosquittoEndToEndIT extends AlertEndToEndContract {
  @TempDir
  static Path dataDir;

  private ExternalProcess mosquitto;
  private int port;

  @BeforeAll
  void startMosquittoAndHub() throws Exception {
    port = EmbeddedRedis.freePort();
    mosquitto = HubMosquitto.start(dataDir, port);
    hub = HubMosquitto.startHub(dataDir, port, mosquitto);
    startFleet(port);
  }

  @Override
  Path dataDir() {
    return dataDir;
  }

  @Override
  int mqttPort() {
    return port;
  }

  @Override
  void stopBroker() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }
}
