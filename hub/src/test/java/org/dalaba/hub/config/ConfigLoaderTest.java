package org.dalaba.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, file, environment and flags, in that order; anything wrong is named, nothing is guessed. */
class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void defaultsAreTheDocumentedOnes() {
    HubConfig config = ConfigLoader.defaults();
    assertEquals(8080, config.httpPort());
    assertEquals(1883, config.mqttPort());
    assertEquals(HubConfig.Mode.EMBEDDED, config.mqttMode());
    assertEquals("Asia/Shanghai", config.zone().getId());
  }

  @Test
  void laterSourcesWin() throws Exception {
    Path file = dir.resolve("hub.json");
    Files.writeString(file, "{\"http\":{\"port\":9000},\"mqtt\":{\"port\":1999}}");
    HubConfig config = ConfigLoader.load(file, Map.of("DALABA_HTTP_PORT", "9100"), Map.of(ConfigKey.MQTT_PORT, "2000"));
    assertEquals(9100, config.httpPort());
    assertEquals(2000, config.mqttPort());
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertEquals("DALABA_ALERT_RESEND_AFTER_SECONDS", ConfigKey.ALERT_RESEND_AFTER_SECONDS.envName());
    assertEquals("DALABA_DATA_DIR", ConfigKey.DATA_DIR.envName());
  }

  @Test
  void badValuesAndUnknownKeysStopStartUpWithTheirName() throws Exception {
    ConfigException port = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("DALABA_HTTP_PORT", "eighty"), Map.of()));
    assertTrue(port.getMessage().contains("http.port") && port.getMessage().contains("DALABA_HTTP_PORT"), port.getMessage());
    Path file = dir.resolve("typo.json");
    Files.writeString(file, "{\"http\":{\"prot\":9000}}");
    ConfigException typo = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
    assertTrue(typo.getMessage().contains("http.prot"), typo.getMessage());
    ConfigException external = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("DALABA_MQTT_MODE", "external"), Map.of()));
    assertTrue(external.getMessage().contains("mqtt.url"), external.getMessage());
    ConfigException noScheme = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        Map.of("DALABA_MQTT_MODE", "external", "DALABA_MQTT_URL", "broker:1883", "DALABA_MQTT_HUB_PASSWORD", "x"), Map.of()));
    assertTrue(noScheme.getMessage().contains("\"broker:1883\" is not of the form tcp://host:port"), noScheme.getMessage());
  }
}
