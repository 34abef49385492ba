package org.dalaba.sim.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.ReceiptSteps;

/**
 * What one benchmark invocation runs ({@code --help} lists the flags). Every flag has one default here;
 * a malformed value stops the run with a message naming the flag.
 */
public final class BenchOptions {
  static final String USAGE = """
      Usage: bench/run.sh [options]
         or: java -cp device-sim/target/device-sim.jar org.dalaba.sim.bench.Benchmark [options]
        --n LIST                 endpoint counts, comma-separated (default 113,1000,10000)
        --brokers LIST           embedded and/or mosquitto (default embedded,mosquitto)
        --endpoints-per-village K  endpoints to a village: N endpoints in ceil(N / K) villages (default 1;
                                 Chinese counties run about five broadcast points per village)
        --rounds K               baseline publishes and alerts of each kind per run; medians are reported (default 3)
        --warm-up K              unmeasured baseline publishes and alerts before the measured ones (default 10)
        --sustain-seconds S      sustained phase length at the largest N; 0 = none (default 0)
        --sustain-alert-seconds E  an alert every E seconds during the sustained phase (default 5)
        --heartbeat-seconds H    endpoint heartbeat interval (default 60, the protocol's)
        --connect-rate R         endpoint connects started per second (default 500)
        --caps LIST              what the simulated endpoints announce: text,audio (default) or audio (no
                                 own text-to-speech: each alert's audio is fetched from the hub by all at once)
        --receipts MODE          folded (default: an endpoint that starts playing as it accepts a command sends
                                 started alone, as docs/protocol.md recommends) or every-step (received, then
                                 started: the most receipts a hub is ever sent)
        --hub-jar FILE           the hub to run (default hub/target/hub.jar)
        --hub-jvm-options OPTS   extra JVM options of the hub process, space-separated (default none)
        --mosquitto FILE         Mosquitto binary (default /usr/sbin/mosquitto)
        --work-dir DIR           where hubs keep their data during the run (default a temp directory)
        --json FILE              results as JSON (default docs/performance.json)
        --markdown FILE          Markdown file whose results table is replaced (default docs/performance.md)
        --plot FILE              PNG plot of latency against N (default docs/performance.png)
        --help                   this text
      """;

  List<Integer> counts = List.of(113, 1000, 10_000);
  List<String> brokers = List.of("embedded", "mosquitto");
  int endpointsPerVillage = 1;
  int rounds = 3;
  int warmUp = 10;
  int sustainSeconds;
  int sustainAlertSeconds = 5;
  int heartbeatSeconds = 60;
  int connectRate = FleetOptions.DEFAULT_CONNECT_RATE_PER_SECOND;
  java.util.Set<String> caps = java.util.Set.of("text", "audio");
  ReceiptSteps receipts = ReceiptSteps.FOLDED;
  List<String> hubCommand = defaultHubCommand(Path.of("hub/target/hub.jar"));
  List<String> hubJvmOptions = List.of();
  Path mosquitto = Path.of("/usr/sbin/mosquitto");
  Path workDir;
  Path json = Path.of("docs/performance.json");
  Path markdown = Path.of("docs/performance.md");
  Path plot = Path.of("docs/performance.png");
  boolean help;

  /** The hub started as {@code java -jar FILE}, with the java running this benchmark. */
  static List<String> defaultHubCommand(Path jar) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
  }

  public static BenchOptions parse(List<String> args) {
    BenchOptions options = new BenchOptions();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (flag.equals("--help") || flag.equals("-h")) {
        options.help = true;
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args.get(++i);
      switch (flag) {
        case "--n" -> options.counts = positiveInts(flag, value);
        case "--brokers" -> options.brokers = brokers(value);
        case "--endpoints-per-village" -> options.endpointsPerVillage = positive(flag, value);
        case "--rounds" -> options.rounds = positive(flag, value);
        case "--warm-up" -> options.warmUp = nonNegative(flag, value);
        case "--sustain-seconds" -> options.sustainSeconds = nonNegative(flag, value);
        case "--sustain-alert-seconds" -> options.sustainAlertSeconds = positive(flag, value);
        case "--heartbeat-seconds" -> options.heartbeatSeconds = positive(flag, value);
        case "--connect-rate" -> options.connectRate = positive(flag, value);
        case "--caps" -> options.caps = new FleetOptions().caps(java.util.Set.of(value.strip().split("\\s*,\\s*"))).caps();
        case "--receipts" -> options.receipts = ReceiptSteps.parse(value);
        case "--hub-jar" -> options.hubCommand = defaultHubCommand(Path.of(value));
        case "--hub-jvm-options" -> options.hubJvmOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        case "--mosquitto" -> options.mosquitto = Path.of(value);
        case "--work-dir" -> options.workDir = Path.of(value);
        case "--json" -> options.json = Path.of(value);
        case "--markdown" -> options.markdown = Path.of(value);
        case "--plot" -> options.plot = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option: " + flag);
      }
    }
    return options;
  }

  /** The flags that reproduce this run's measurements (not its output paths). */
  String describe() {
    StringBuilder flags = new StringBuilder("--n ").append(String.join(",", counts.stream().map(String::valueOf).toList()))
        .append(" --brokers ").append(String.join(",", brokers)).append(" --rounds ").append(rounds).append(" --warm-up ").append(warmUp)
        .append(" --connect-rate ").append(connectRate).append(" --heartbeat-seconds ").append(heartbeatSeconds)
        .append(" --receipts ").append(receipts.wireName());
    if (endpointsPerVillage > 1) {
      flags.append(" --endpoints-per-village ").append(endpointsPerVillage);
    }
    if (!caps.contains("text")) {
      flags.append(" --caps ").append(String.join(",", caps.stream().sorted().toList()));
    }
    if (sustainSeconds > 0) {
      flags.append(" --sustain-seconds ").append(sustainSeconds).append(" --sustain-alert-seconds ").append(sustainAlertSeconds);
    }
    if (!hubJvmOptions.isEmpty()) {
      flags.append(" --hub-jvm-options '").append(String.join(" ", hubJvmOptions)).append('\'');
    }
    return flags.toString();
  }

  /** The command that starts the hub: the JVM, its extra options, then the rest of the hub command. */
  List<String> hubProcessCommand() {
    List<String> command = new ArrayList<>();
    command.add(hubCommand.get(0));
    command.addAll(hubJvmOptions);
    command.addAll(hubCommand.subList(1, hubCommand.size()));
    return command;
  }

  /** For tests: run the hub from a class path instead of the shaded jar. */
  public BenchOptions hubClassPath(String classPath, String mainClass) {
    hubCommand = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath, mainClass);
    return this;
  }

  public BenchOptions outputs(Path jsonFile, Path markdownFile, Path plotFile) {
    json = jsonFile;
    markdown = markdownFile;
    plot = plotFile;
    return this;
  }

  public BenchOptions counts(List<Integer> values) {
    counts = List.copyOf(values);
    return this;
  }

  public BenchOptions brokers(List<String> values) {
    brokers = List.copyOf(values);
    return this;
  }

  public BenchOptions rounds(int value) {
    rounds = value;
    return this;
  }

  public BenchOptions warmUp(int alerts) {
    warmUp = alerts;
    return this;
  }

  public BenchOptions workDir(Path dir) {
    workDir = dir;
    return this;
  }

  private static List<String> brokers(String value) {
    List<String> list = List.of(value.split(","));
    for (String broker : list) {
      if (!broker.equals("embedded") && !broker.equals("mosquitto")) {
        throw new IllegalArgumentException("--brokers: unknown broker " + broker + " (embedded, mosquitto)");
      }
    }
    return list;
  }

  private static List<Integer> positiveInts(String flag, String value) {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      list.add(positive(flag, part.replace("_", "")));
    }
    return list;
  }

  private static int positive(String flag, String value) {
    int n = nonNegative(flag, value);
    if (n < 1) {
      throw new IllegalArgumentException(flag + " must be at least 1, was " + value);
    }
    return n;
  }

  private static int nonNegative(String flag, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new IllegalArgumentException(flag + " must not be negative, was " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, was " + value, e);
    }
  }
}
