package org.dalaba.hub;

import java.nio.file.Path;
import java.time.Duration;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same end-to-end contract with an external Mosquitto as the broker. The hub writes Mosquitto's
 * password and ACL files; Mosquitto is reloaded (SIGHUP) to pick them up, as an operator would.
 */
class MosquittoEndToEndTest extends AlertEndToEndContract {
  @TempDir
  static Path dataDir;

  private ExternalProcess mosquitto;
  private int port;

  @BeforeAll
  void startMosquittoAndHub() throws Exception {
    port = EmbeddedRedis.freePort();
    mosquitto = HubMosquitto.start(dataDir, port);

    HubConfig config = TestHubs.config(dataDir).with(java.util.Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + port, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789"));
    hub = Application.start(config, System.out, TestHubs.ADMIN_PASSWORD);
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    Await.until("the hub connected to Mosquitto", Duration.ofSeconds(40), () -> anonymous.get("/health").status() == 200);
    startFleet(port);
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
