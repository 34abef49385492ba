package org.dalaba.hub.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.config.ConfigLoader;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.escalation.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example configuration of docs/operations.md ("notification channels") loads as written. */
class ChannelsDocumentTest {
  @TempDir
  Path dir;

  @Test
  void theDocumentedExampleIsAValidConfiguration() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"), StandardCharsets.UTF_8);
    int section = doc.indexOf("## Delivery targets, escalation and notification channels");
    int start = doc.indexOf("```json\n", section) + 8;
    String json = doc.substring(start, doc.indexOf("```", start));
    Path file = Files.writeString(dir.resolve("hub.json"), json);
    HubConfig config = ConfigLoader.load(file, Map.of(), Map.of());
    assertEquals(4, config.notifyChannels().size());
    assertEquals(Channel.Type.DINGTALK, config.notifyChannels().get("ding-county").orElseThrow().type());
    assertTrue(config.notifyChannels().get("sms").orElseThrow().body().contains("${text}"));
    assertEquals(new DeliveryTarget(90, 300_000), config.escalationPolicy().target(AlertLevel.ORANGE));
  }
}
