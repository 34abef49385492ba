package org.dalaba.hub.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.dalaba.hub.Application;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness on the embedded broker, which also sees an endpoint's connection close. */
class EmbeddedLivenessIT extends LivenessContract {
  @TempDir
  static Path dataDir;

  @Override
  Path dataDir() {
    return dataDir;
  }

  @Override
  void startHub() throws Exception {
    hub = teardown.add(Application.start(TestHubs.config(dataDir).with(ConfigKey.ENDPOINT_HEARTBEAT_SECONDS, HEARTBEAT_SECONDS),
        System.out, TestHubs.ADMIN_PASSWORD));
    mqttPort = hub.mqttPort();
  }

  @Test
  void aCleanDisconnectWithoutOfflineMakesTheEndpointOffline() throws Exception {
    String id = endpoints.get(2).id();
    EndpointClient endpoint = teardown.add(EndpointClient.connect(mqttPort, id, id, password(id)));
    endpoint.announceOnline();
    Await.until("online after its status", WAIT, () -> "online".equals(shown(id).getString("state")));
    // WHEN it sends DISCONNECT without publishing offline (so no last will either)
    endpoint.disconnectSilently();
    // THEN the hub shows it offline, well before it could have become stale
    Await.until("offline after the disconnect", WAIT, () -> "offline".equals(shown(id).getString("state")));
    assertEquals("disconnected", shown(id).getString("offlineReason", "disconnected"));
  }

  @Test
  void announcingAndDisconnectingAtOnceEndsOfflineAndAReconnectEndsOnline() throws Exception {
    String id = endpoints.get(3).id();
    // GIVEN an endpoint that announces itself and leaves at once (its status may reach the hub after it left)
    EndpointClient first = teardown.add(EndpointClient.connect(mqttPort, id, id, password(id)));
    first.announceOnline();
    first.disconnectSilently();
    Await.until("offline", WAIT, () -> "offline".equals(shown(id).getString("state")));
    // WHEN it comes back under the same client id, and a second connection takes the id over
    EndpointClient second = teardown.add(EndpointClient.connect(mqttPort, id, id, password(id)));
    second.announceOnline();
    Await.until("online after reconnecting", WAIT, () -> "online".equals(shown(id).getString("state")));
    EndpointClient third = teardown.add(EndpointClient.connect(mqttPort, id, id, password(id)));
    third.announceOnline();
    Await.until("the broker closed the connection taken over", WAIT, () -> !second.isConnected());
    // THEN the closed, older connection does not take the newer one's endpoint offline
    third.heartbeat();
    Await.until("still online through the newest connection", WAIT,
        () -> "online".equals(shown(id).getString("state")) && !shown(id).getString("lastSeen").isEmpty());
    assertEquals("online", shown(id).getString("state"), shown(id).encode());
  }
}
