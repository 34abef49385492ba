package org.dalaba.hub.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dalaba.hub.Application;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.io.TempDir;

/** Liveness on an external Mosquitto: the hub cannot see connections there, the stale rule covers a silent one. */
class MosquittoLivenessIT extends LivenessContract {
  @TempDir
  static Path dataDir;

  @Override
  void startHub() throws Exception {
    int port = EmbeddedRedis.freePort();
    ExternalProcess mosquitto = teardown.add(HubMosquitto.start(dataDir, port));
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + port, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789",
        ConfigKey.ENDPOINT_HEARTBEAT_SECONDS, HEARTBEAT_SECONDS)), System.out, TestHubs.ADMIN_PASSWORD);
    teardown.add(hub); // closed before Mosquitto
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    Await.until("the hub connected to Mosquitto", Duration.ofSeconds(40), () -> anonymous.get("/health").status() == 200);
    mqttPort = port;
  }
}
