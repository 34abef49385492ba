package org.dalaba.hub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Main;
import org.dalaba.sim.bench.BenchOptions;
import org.dalaba.sim.bench.Benchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark still works: a short run (N = 113 and 1,000, embedded broker, one round) against a hub
 * process started from this module's classes. It checks that the run completes with no receipt lost
 * and writes a readable result; it asserts no timings (those are for docs/performance.md).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class BenchmarkSmokeIT {

  @Test
  void shortBenchmarkCompletesWithoutLosingReceipts(@TempDir Path dir) throws Exception {
    // GIVEN a short benchmark whose outputs go to a temporary directory, not over docs/
    BenchOptions options = BenchOptions.parse(List.of()).counts(List.of(113, 1000)).brokers(List.of("embedded")).rounds(1).warmUp(1)
        .hubClassPath(System.getProperty("java.class.path"), Main.class.getName()).workDir(dir.resolve("work"))
        .outputs(dir.resolve("performance.json"), dir.resolve("performance.md"), dir.resolve("performance.png"));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    // WHEN it runs
    Benchmark.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    // THEN every run delivered every receipt, and the JSON, table and plot were written
    JsonArray runs = new JsonObject(Files.readString(dir.resolve("performance.json"))).getJsonArray("runs");
    assertEquals(2, runs.size());
    for (Object item : runs) {
      JsonObject run = (JsonObject) item;
      assertEquals(0L, run.getLong("lostReceipts"), () -> "receipts lost: " + run.encodePrettily());
      assertTrue(run.getLong("baselineAllMs") > 0 && run.getLong("alertAllReceivedMs") > 0
          && run.getLong("alertAllPlayedMs") > 0, run::encodePrettily);
      assertTrue(run.containsKey("ratio") && run.containsKey("ratioZeroPlayback") && run.containsKey("hubHeapBytesPerEndpoint"),
          run::encodePrettily);
    }
    assertTrue(Files.readString(dir.resolve("performance.md")).contains("| embedded | 1,000 |"));
    assertTrue(Files.size(dir.resolve("performance.png")) > 1000);
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("alert all received"));
  }
}
