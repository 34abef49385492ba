package org.dalaba.hub.volume;

import java.nio.file.Path;
import java.util.Map;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.HubMosquitto;
import org.junit.jupiter.api.io.TempDir;

/** The volume contract on an external Mosquitto. */
class MosquittoVolumeIT extends VolumeContract {
  @TempDir
  static Path dataDir;

  @Override
  RunningHub startHub() throws Exception {
    return HubMosquitto.startWithHub(dataDir, teardown, Map.of());
  }
}
