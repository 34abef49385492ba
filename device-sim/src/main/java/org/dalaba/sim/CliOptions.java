package org.dalaba.sim;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@link Main}, parsed and checked. Defaults are those of {@link FleetOptions}. */
final class CliOptions {

  static final String USAGE = String.format("""
      Usage: java -jar device-sim/target/device-sim.jar --broker tcp://HOST:PORT --directory FILE|sample [options]

      Simulates Dalaba village loudspeaker endpoints (device protocol v1 over MQTT 3.1.1) until SIGINT or
      SIGTERM, then disconnects every endpoint cleanly and prints a summary to stdout.

      Required:
        --broker tcp://HOST:PORT   the MQTT broker; ssl://HOST:PORT or mqtts://HOST:PORT for TLS
        --directory FILE|sample    directory JSON (townships > villages > endpoints); "sample" is the
                                   bundled Kaiyuan sample directory
      Options:
        --broker-fallback LIST     other nodes of the same broker cluster, HOST:PORT,HOST:PORT: after a
                                   lost connection or a failed reconnect an endpoint tries the next one
        --credentials FILE         CSV endpoint_id,password,village_id,township_id
                                   (default %s)
        --cafile FILE              PEM CA to trust for TLS to the broker and https media (default:
                                   the JDK's trusted CAs)
        --hub-key FILE             the hub's command-signing public keys; commands not signed by one
                                   are refused with BAD_SIGNATURE (default %s if it
                                   exists, else signatures are not checked)
        --count N                  simulate only the first N endpoints of the directory (default: all)
        --time-scale X             playback lasts durationMs x repeat x X (default %s)
        --heartbeat-seconds N      heartbeat interval (default %d)
        --connect-rate N           endpoints connecting per second at start-up (default %d)
        --offline-share X          share of endpoints that never connect (default 0)
        --flapping-share X         share that drop and reconnect every %d ms (default 0)
        --slow-ack-share X         share that publish every receipt late (default 0)
        --slow-ack-ms N            how late (default %d)
        --dropping-share X         share that lose %d%% of their commands (default 0)
        --garbage-share X          share that publish malformed receipts every %d ms (default 0)
        --caps LIST                what endpoints announce: text,audio (default), audio (no own
                                   text-to-speech: alerts are fetched and played as audio), text
        --seed N                   seed of every random choice (default %d)
        --summary-seconds N        also print the summary every N seconds (default 0: only at exit)
        --help                     print this text

      Shares are between 0 and 1 and together at most 1. Exit code 2: bad arguments or unreadable
      files; 1: the fleet could not start.

      One real endpoint that plays through a sound card instead: --endpoint ID --credentials FILE
      --audio-out DEVICE|file:PATH (--endpoint-help lists its options; docs/endpoint.md).
      """,
      CredentialsFile.DEFAULT_PATH, HubKeys.DEFAULT_PATH, FleetOptions.DEFAULT_TIME_SCALE, FleetOptions.DEFAULT_HEARTBEAT_SECONDS,
      FleetOptions.DEFAULT_CONNECT_RATE_PER_SECOND, FleetOptions.DEFAULT_FLAP_PERIOD_MS,
      FleetOptions.DEFAULT_SLOW_ACK_MS, Math.round(FleetOptions.DEFAULT_DROP_COMMAND_SHARE * 100),
      FleetOptions.DEFAULT_GARBAGE_PERIOD_MS, FleetOptions.DEFAULT_SEED);

  private static final Set<String> KNOWN = Set.of("--broker", "--broker-fallback", "--directory", "--credentials", "--hub-key", "--cafile", "--count",
      "--time-scale", "--heartbeat-seconds", "--connect-rate", "--offline-share", "--flapping-share",
      "--slow-ack-share", "--slow-ack-ms", "--dropping-share", "--garbage-share", "--caps", "--seed", "--summary-seconds");

  final boolean help;
  final String brokerHost;
  final int brokerPort;
  final String directory;
  final Path credentials;
  /** Whether --credentials was given: then the file must exist. */
  final boolean credentialsGiven;
  /** null: every endpoint of the directory. */
  final Integer count;
  final int summarySeconds;
  final FleetOptions fleet;

  private CliOptions(boolean help, String brokerHost, int brokerPort, String directory, Path credentials,
      boolean credentialsGiven, Integer count, int summarySeconds, FleetOptions fleet) {
    this.help = help;
    this.brokerHost = brokerHost;
    this.brokerPort = brokerPort;
    this.directory = directory;
    this.credentials = credentials;
    this.credentialsGiven = credentialsGiven;
    this.count = count;
    this.summarySeconds = summarySeconds;
    this.fleet = fleet;
  }

  static CliOptions parse(List<String> args) throws UsageException {
    if (args.contains("--help") || args.contains("-h")) {
      return new CliOptions(true, null, 0, null, null, false, null, 0, null);
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        value = null;
      }
      if (!KNOWN.contains(name)) {
        throw new UsageException("unknown option " + arg);
      }
      if (value == null) {
        throw new UsageException(name + " needs a value");
      }
      if (values.put(name, value) != null) {
        throw new UsageException(name + " is given twice");
      }
    }

    String broker = required(values, "--broker");
    URI uri;
    try {
      uri = new URI(broker);
    } catch (URISyntaxException e) {
      throw new UsageException("--broker must look like tcp://HOST:PORT, was " + broker);
    }
    boolean tls = "ssl".equals(uri.getScheme()) || "mqtts".equals(uri.getScheme());
    if (!("tcp".equals(uri.getScheme()) || tls) || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
        || (uri.getPath() != null && !uri.getPath().isEmpty())) {
      throw new UsageException("--broker must look like tcp://HOST:PORT, was " + broker);
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();

    String directory = required(values, "--directory");
    boolean credentialsGiven = values.containsKey("--credentials");
    Path credentials = credentialsGiven ? Path.of(values.get("--credentials")) : CredentialsFile.DEFAULT_PATH;
    Integer count = values.containsKey("--count") ? integer(values, "--count", 1, Integer.MAX_VALUE) : null;
    int summarySeconds = values.containsKey("--summary-seconds")
        ? integer(values, "--summary-seconds", 0, Integer.MAX_VALUE) : 0;

    FleetOptions fleet = new FleetOptions();
    try {
      fleet.brokerHost(host).brokerPort(uri.getPort());
      if (values.containsKey("--broker-fallback")) {
        fleet.fallbackBrokers(hostPorts(values.get("--broker-fallback")));
      }
      if (tls) {
        Path ca = values.containsKey("--cafile") ? Path.of(values.get("--cafile")) : null;
        if (ca != null && !java.nio.file.Files.isReadable(ca)) {
          throw new UsageException("--cafile " + ca + " cannot be read");
        }
        fleet.tls(ca);
      } else if (values.containsKey("--cafile")) {
        throw new UsageException("--cafile needs an ssl:// or mqtts:// --broker");
      }
      if (values.containsKey("--time-scale")) {
        fleet.timeScale(decimal(values, "--time-scale"));
      }
      if (values.containsKey("--heartbeat-seconds")) {
        fleet.heartbeatSeconds(integer(values, "--heartbeat-seconds", 1, Integer.MAX_VALUE));
      }
      if (values.containsKey("--connect-rate")) {
        fleet.connectRatePerSecond(integer(values, "--connect-rate", 1, Integer.MAX_VALUE));
      }
      if (values.containsKey("--offline-share")) {
        fleet.offlineShare(decimal(values, "--offline-share"));
      }
      if (values.containsKey("--flapping-share")) {
        fleet.flappingShare(decimal(values, "--flapping-share"));
      }
      if (values.containsKey("--slow-ack-share")) {
        fleet.slowAckShare(decimal(values, "--slow-ack-share"));
      }
      if (values.containsKey("--slow-ack-ms")) {
        fleet.slowAckMs(integer(values, "--slow-ack-ms", 0, Integer.MAX_VALUE));
      }
      if (values.containsKey("--dropping-share")) {
        fleet.droppingShare(decimal(values, "--dropping-share"));
      }
      if (values.containsKey("--garbage-share")) {
        fleet.garbageShare(decimal(values, "--garbage-share"));
      }
      if (values.containsKey("--caps")) {
        String list = values.get("--caps").strip();
        fleet.caps(list.isEmpty() ? java.util.Set.of() : java.util.Set.of(list.split("\\s*,\\s*")));
      }
      if (values.containsKey("--seed")) {
        fleet.seed(longValue(values, "--seed"));
      }
      if (values.containsKey("--hub-key")) {
        fleet.hubKeys(HubKeys.load(Path.of(values.get("--hub-key"))));
      } else if (java.nio.file.Files.exists(HubKeys.DEFAULT_PATH)) {
        fleet.hubKeys(HubKeys.load(HubKeys.DEFAULT_PATH));
      } else {
        org.slf4j.LoggerFactory.getLogger(CliOptions.class).warn("no hub key file at {}: command signatures are NOT"
            + " checked (give --hub-key FILE)", HubKeys.DEFAULT_PATH);
      }
      fleet.validate();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    return new CliOptions(false, host, uri.getPort(), directory, credentials, credentialsGiven, count,
        summarySeconds, fleet);
  }

  private static List<java.net.InetSocketAddress> hostPorts(String list) throws UsageException {
    List<java.net.InetSocketAddress> brokers = new java.util.ArrayList<>();
    for (String item : list.split(",")) {
      int colon = item.strip().lastIndexOf(':');
      try {
        brokers.add(java.net.InetSocketAddress.createUnresolved(item.strip().substring(0, colon),
            Integer.parseInt(item.strip().substring(colon + 1))));
      } catch (RuntimeException e) {
        throw new UsageException("--broker-fallback must look like HOST:PORT,HOST:PORT, was " + list);
      }
    }
    return brokers;
  }

  private static String required(Map<String, String> values, String name) throws UsageException {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  private static int integer(Map<String, String> values, String name, int min, int max) throws UsageException {
    long n = longValue(values, name);
    if (n < min || n > max) {
      throw new UsageException(name + " must be at least " + min + (max < Integer.MAX_VALUE ? " and at most " + max : "")
          + ", was " + n);
    }
    return (int) n;
  }

  private static long longValue(Map<String, String> values, String name) throws UsageException {
    try {
      return Long.parseLong(values.get(name).trim());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number, was " + values.get(name));
    }
  }

  private static double decimal(Map<String, String> values, String name) throws UsageException {
    try {
      return Double.parseDouble(values.get(name).trim());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a number, was " + values.get(name));
    }
  }
}
