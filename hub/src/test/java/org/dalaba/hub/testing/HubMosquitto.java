package org.dalaba.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Mosquitto for a hub in external-broker mode, using the password and ACL files the hub
 * writes under {@code dataDir/mosquitto/} (empty until the hub has started: reload it then).
 */
public final class HubMosquitto {
  private HubMosquitto() {
  }

  public static ExternalProcess start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, List.of());
  }

  /** @param listenerOptions more settings of the listener, e.g. {@code certfile …} and {@code keyfile …} for TLS */
  public static ExternalProcess start(Path dataDir, int port, List<String> listenerOptions) throws IOException {
    ExternalProcess.requireProgram("/usr/sbin/mosquitto", "mosquitto");
    Path files = Files.createDirectories(dataDir.resolve("mosquitto"));
    for (String name : List.of("passwd", "acl")) {
      if (!Files.exists(files.resolve(name))) {
        Files.writeString(files.resolve(name), "");
      }
    }
    Path conf = dataDir.resolveSibling("mosquitto-" + port + ".conf");
    List<String> lines = new java.util.ArrayList<>(List.of("listener " + port + " 127.0.0.1"));
    lines.addAll(listenerOptions);
    Files.writeString(conf, String.join("\n", lines) + "\n" + String.join("\n",
        "allow_anonymous false",
        "password_file " + files.resolve("passwd"),
        "acl_file " + files.resolve("acl"),
        "persistence false",
        "max_queued_messages 10000",
        // Mosquitto drops to this user before reading the password file; under root CI that is root
        "user " + System.getProperty("user.name"),
        "log_dest stdout", ""));
    return ExternalProcess.start(List.of("/usr/sbin/mosquitto", "-c", conf.toString()),
        dataDir.resolveSibling("mosquitto-" + port + ".log"), port, Duration.ofSeconds(10));
  }

  /**
   * A Mosquitto on a free port and a hub in external-broker mode on it, with {@code extra} configuration: the hub
   * writes Mosquitto's files, Mosquitto is reloaded, and this returns once the hub is connected. Both are added to
   * {@code teardown}, the hub closing first.
   */
  public static org.dalaba.hub.RunningHub startWithHub(Path dataDir, Teardown teardown,
      java.util.Map<org.dalaba.hub.config.ConfigKey, ?> extra) throws Exception {
    int port = org.dalaba.hub.store.EmbeddedRedis.freePort();
    ExternalProcess mosquitto = teardown.add(start(dataDir, port));
    return teardown.add(startHub(dataDir, port, mosquitto, extra));
  }

  /**
   * Starts a hub (embedded Redis) in external-broker mode against the Mosquitto on {@code port}, reloads
   * Mosquitto so it reads the files the hub wrote, and waits until the hub is connected.
   */
  public static org.dalaba.hub.RunningHub startHub(Path dataDir, int port, ExternalProcess mosquitto) throws Exception {
    return startHub(dataDir, port, mosquitto, java.util.Map.of());
  }

  private static org.dalaba.hub.RunningHub startHub(Path dataDir, int port, ExternalProcess mosquitto,
      java.util.Map<org.dalaba.hub.config.ConfigKey, ?> extra) throws Exception {
    java.util.Map<org.dalaba.hub.config.ConfigKey, Object> config = new java.util.HashMap<>(extra);
    config.put(org.dalaba.hub.config.ConfigKey.MQTT_MODE, "external");
    config.put(org.dalaba.hub.config.ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + port);
    config.put(org.dalaba.hub.config.ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789");
    org.dalaba.hub.RunningHub hub = org.dalaba.hub.Application.start(TestHubs.config(dataDir).with(config),
        System.out, TestHubs.ADMIN_PASSWORD);
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    Await.until("the hub connected to Mosquitto", Duration.ofSeconds(40), () -> anonymous.get("/health").status() == 200);
    return hub;
  }
}
