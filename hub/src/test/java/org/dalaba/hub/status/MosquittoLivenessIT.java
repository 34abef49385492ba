package org.dalaba.hub.status;

import java.nio.file.Path;
import java.util.Map;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.HubMosquitto;
import org.junit.jupiter.api.io.TempDir;

/** Liveness on an external Mosquitto: the hub cannot see connections there, the stale rule covers a silent one. */
class MosquittoLivenessIT extends LivenessContract {
  @TempDir
  static Path dataDir;

  @Override
  Path dataDir() {
    return dataDir;
  }

  @Override
  void startHub() throws Exception {
    hub = HubMosquitto.startWithHub(dataDir, teardown, Map.of(ConfigKey.ENDPOINT_HEARTBEAT_SECONDS, HEARTBEAT_SECONDS));
    mqttPort = hub.mqttPort();
  }
}
