package org.dalaba.sim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmark command (README, docs/performance.md): for each broker and N, a fresh hub process,
 * N simulated endpoints in this JVM, the baseline fan-out and the alert in the same run. Writes the
 * results as JSON, a Markdown table and a PNG plot, and prints the table.
 */
public final class Benchmark {
  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dalaba-sim-logback.xml");
    }
    System.setProperty("java.awt.headless", "true");
  }

  private Benchmark() {
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(Arrays.asList(args));
    } catch (IllegalArgumentException e) {
      System.err.println("benchmark: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    try {
      run(options, System.out);
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0); // the fleet's Vert.x and the HTTP client leave no non-daemon threads we need to wait for
  }

  /** Runs every broker x N, writes the outputs, and returns the result document. */
  public static JsonObject run(BenchOptions options, PrintStream out) throws Exception {
    Path work = options.workDir != null ? Files.createDirectories(options.workDir) : Files.createTempDirectory("dalaba-bench");
    JsonArray runs = new JsonArray();
    int largest = Collections.max(options.counts);
    JsonObject document = new JsonObject().put("generatedAt", Instant.now().toString()).put("machine", Machine.describe(options))
        .put("command", "java -cp device-sim/target/device-sim.jar org.dalaba.sim.bench.Benchmark " + options.describe())
        .put("runs", runs);
    try {
      for (String broker : options.brokers) {
        for (int n : options.counts) {
          out.printf("%s broker, N = %d%n", broker, n);
          Path dataDir = work.resolve(broker + "-" + n);
          boolean sustain = options.sustainSeconds > 0 && n == largest;
          runs.add(new BenchRun(options, broker, n, sustain, dataDir, out).run());
          deleteTree(dataDir);
        }
      }
    } finally {
      if (options.workDir == null) {
        deleteTree(work);
      }
    }
    String table = Report.table(runs);
    out.print(table);
    Report.write(document, table, options.json, options.markdown);
    LatencyPlot.write(runs, options.plot);
    out.printf("wrote %s, %s, %s%n", options.json, options.markdown, options.plot);
    return document;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
