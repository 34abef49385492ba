package org.dalaba.hub.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HubHealthTest {
  private static HubHealth.Snapshot snapshot(boolean subscribed, Map<String, Integer> refused, boolean redis, boolean diskLow) {
    return new HubHealth.Snapshot(true, subscribed, refused, "tcp://127.0.0.1:1883", redis, true,
        new JsonObject().put("low", diskLow), diskLow, false);
  }

  @Test
  void readyNeedsTheSubscriptionsAndRedis() {
    assertTrue(HubHealth.render(snapshot(true, Map.of(), true, false)).getBoolean("ready"));
    assertEquals("up", HubHealth.render(snapshot(true, Map.of(), true, false)).getString("status"));
    assertFalse(HubHealth.render(snapshot(false, Map.of(), true, false)).getBoolean("ready"));
    assertFalse(HubHealth.render(snapshot(true, Map.of(), false, false)).getBoolean("ready"));
    assertTrue(HubHealth.render(snapshot(false, Map.of(), false, false)).getBoolean("live"), "the process answers");
  }

  @Test
  void aLowDiskDegradesWithAWarningButStaysReady() {
    JsonObject health = HubHealth.render(snapshot(true, Map.of(), true, true));
    assertTrue(health.getBoolean("ready"));
    assertEquals("degraded", health.getString("status"));
    assertEquals(1, health.getJsonArray("warnings").size());
  }

  @Test
  void aRefusedSubscriptionIsListedWithItsReasonAndAnOperatorWarning() {
    JsonObject health = HubHealth.render(snapshot(false, Map.of("dalaba/v1/ep/+/receipt", 0x87), true, false));
    JsonObject refused = health.getJsonObject("mqtt").getJsonArray("refused").getJsonObject(0);
    assertEquals("dalaba/v1/ep/+/receipt", refused.getString("filter"));
    assertEquals(0x87, refused.getInteger("reasonCode"));
    String warning = health.getJsonArray("warnings").getString(0);
    assertTrue(warning.startsWith("MQTT 代理拒绝了本中心对 dalaba/v1/ep/+/receipt 的订阅（原因码 0x87）"), warning);
    assertEquals("degraded", health.getString("status"));
  }
}
