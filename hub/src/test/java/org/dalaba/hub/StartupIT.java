package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A taken port or a bad command line stops start-up loudly, and a clean start says it is ready. */
class StartupIT {
  @TempDir
  Path dataDir;

  @Test
  void aTakenHttpPortStopsStartUpAndNamesTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HubConfig config = TestHubs.config(dataDir).with(ConfigKey.HTTP_PORT, taken.getLocalPort());
      StartupException e = assertThrows(StartupException.class, () -> Application.start(config, System.out, "x-password"));
      assertTrue(e.getMessage().contains("http.port") && e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
    }
  }

  @Test
  void aTakenMqttPortStopsStartUp() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HubConfig config = TestHubs.config(dataDir).with(ConfigKey.MQTT_PORT, taken.getLocalPort());
      Exception e = assertThrows(Exception.class, () -> Application.start(config, System.out, "x-password"));
      assertTrue(String.valueOf(e.getMessage()).contains(String.valueOf(taken.getLocalPort())), e.toString());
    }
  }

  @Test
  void aCleanStartPrintsOneReadyLineAndTheGeneratedAdminPasswordOnce() throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    try (RunningHub hub = Application.start(TestHubs.config(dataDir), new PrintStream(first, true, StandardCharsets.UTF_8), null)) {
      String out = first.toString(StandardCharsets.UTF_8);
      assertTrue(out.contains("Created user 'admin' with password: "), out);
      assertTrue(out.contains("Dalaba hub ready: console http://localhost:" + hub.httpPort() + "/"), out);
      assertTrue(out.contains("MQTT mqtt://127.0.0.1:" + hub.mqttPort()), out);
    }
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (RunningHub hub = Application.start(TestHubs.config(dataDir), new PrintStream(second, true, StandardCharsets.UTF_8), null)) {
      assertTrue(!second.toString(StandardCharsets.UTF_8).contains("password"), "the password is shown only on the first start");
    }
  }

  @Test
  void theCommandLineIsCheckedBeforeAnythingStarts() {
    assertNull(Main.parse(new String[] {"--help"}));
    assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--http-port"}));
    assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--colour", "red"}));
    assertThrows(org.dalaba.hub.config.ConfigException.class, () -> Main.parse(new String[] {"--http-port", "70000"}));
    HubConfig config = Main.parse(new String[] {"--demo", "--http-port", "9090", "--mqtt-port", "1999", "--data-dir", "/tmp/x"});
    assertTrue(config.demo());
    assertEquals(9090, config.httpPort());
    assertEquals(1999, config.mqttPort());
    assertEquals(Path.of("/tmp/x"), config.dataDir());
  }
}
