package org.dalaba.hub.testing;

import java.nio.file.Path;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.ConfigLoader;
import org.dalaba.hub.config.HubConfig;

/** Hub configurations for tests: everything on loopback, free ports, data in a temporary folder. */
public final class TestHubs {
  public static final String ADMIN_PASSWORD = "test-admin-password";

  private TestHubs() {
  }

  public static HubConfig config(Path dataDir) {
    return ConfigLoader.defaults()
        .with(ConfigKey.DATA_DIR, dataDir)
        .with(ConfigKey.HTTP_HOST, "127.0.0.1").with(ConfigKey.HTTP_PORT, 0)
        .with(ConfigKey.MQTT_HOST, "127.0.0.1").with(ConfigKey.MQTT_PORT, 0)
        .with(ConfigKey.REDIS_EMBEDDED_PORT, 0)
        .with(ConfigKey.ALERT_RESEND_AFTER_SECONDS, 1).with(ConfigKey.ALERT_RESEND_MAX_SECONDS, 2);
  }
}
