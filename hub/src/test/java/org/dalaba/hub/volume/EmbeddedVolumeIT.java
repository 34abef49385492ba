package org.dalaba.hub.volume;

import java.nio.file.Path;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.io.TempDir;

/** The volume contract on the embedded broker. */
class EmbeddedVolumeIT extends VolumeContract {
  @TempDir
  static Path dataDir;

  @Override
  RunningHub startHub() throws Exception {
    return teardown.add(Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD));
  }
}
