package org.dalaba.hub;

import org.dalaba.hub.signing.SigningKeyRotation;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.dalaba.hub.config.ConfigException;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.ConfigLoader;
import org.dalaba.hub.config.HubConfig;

/** {@code java -jar hub.jar [--demo] [--config FILE] [--data-dir DIR] [--http-port N] [--mqtt-port N]}. */
public final class Main {
  static final String USAGE = """
      Usage: java -jar hub/target/hub.jar [options]
        --demo              also run every village of the directory as a simulated endpoint
        --config FILE       JSON configuration file (keys in docs/configuration.md)
        --data-dir DIR      where data lives (default ./data)
        --http-port N       HTTP port of the API and console (default 8080)
        --mqtt-port N       embedded MQTT broker port (default 1883)
        --new-signing-key   make the next command-signing key (a rotation), print its id, and exit
        --help              this text
      java -jar hub/target/hub.jar backup FILE [options]            one archive of everything, while the hub runs
      java -jar hub/target/hub.jar restore FILE [--force] [options] bring an archive back (hub stopped); --force
                                                                    replaces data already in the data directory
      Every key can also be set by an environment variable, e.g. DALABA_HTTP_PORT=9090;
      HUB_ADMIN_PASSWORD sets the admin password on the first start.""";

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
      System.exit(backupCommand(args));
      return;
    }
    boolean newSigningKey = java.util.Arrays.asList(args).contains("--new-signing-key");
    if (newSigningKey) {
      args = java.util.Arrays.stream(args).filter(a -> !a.equals("--new-signing-key")).toArray(String[]::new);
    }
    HubConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (config == null) {
      System.out.println(USAGE);
      return;
    }
    if (newSigningKey) {
      System.exit(SigningKeyRotation.createNext(config, System.out));
      return;
    }
    RunningHub hub;
    try {
      hub = Application.start(config, System.out);
    } catch (Exception e) {
      System.err.println("Dalaba hub did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      hub.close();
      stopped.countDown();
    }, "dalaba-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code backup FILE [options]} or {@code restore FILE [--force] [options]}; the options are the hub's. */
  static int backupCommand(String[] args) {
    java.util.List<String> rest = new java.util.ArrayList<>(java.util.Arrays.asList(args).subList(1, args.length));
    boolean force = rest.remove("--force") && args[0].equals("restore");
    HubConfig config;
    try {
      if (rest.isEmpty() || rest.get(0).startsWith("--")) {
        throw new IllegalArgumentException(args[0] + " needs a FILE");
      }
      Path file = Path.of(rest.remove(0));
      config = parse(rest.toArray(String[]::new));
      if (config == null) {
        System.out.println(USAGE);
        return 0;
      }
      return args[0].equals("backup") ? org.dalaba.hub.backup.BackupCommands.backup(config, file, System.out, System.err)
          : org.dalaba.hub.backup.BackupCommands.restore(config, file, force, System.out, System.err);
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
  }

  /** @return the configuration, or null when help was asked for */
  static HubConfig parse(String[] args) {
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> {
          return null;
        }
        case "--demo" -> flags.put(ConfigKey.DEMO, "true");
        case "--config" -> configFile = Path.of(value(args, ++i, arg));
        case "--data-dir" -> flags.put(ConfigKey.DATA_DIR, value(args, ++i, arg));
        case "--http-port" -> flags.put(ConfigKey.HTTP_PORT, value(args, ++i, arg));
        case "--mqtt-port" -> flags.put(ConfigKey.MQTT_PORT, value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    return ConfigLoader.load(configFile, System.getenv(), flags);
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }
}
