package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: a separate JVM, signals, exit codes, stdout. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class MainProcessIT extends MosquittoTestSupport {

  @TempDir
  Path tmp;

  /** Starts Main in a child JVM on this test's classpath, stdout and stderr to files. */
  private Process main(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(tmp.resolve("stdout.txt").toFile())
        .redirectError(tmp.resolve("stderr.txt").toFile())
        .start();
  }

  private int exitCode(Process process) throws InterruptedException {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError("device-sim did not exit");
      }
      return process.exitValue();
    } finally {
      process.destroyForcibly();
    }
  }

  private String stdout() throws IOException {
    return Files.readString(tmp.resolve("stdout.txt"));
  }

  private String stderr() throws IOException {
    return Files.readString(tmp.resolve("stderr.txt"));
  }

  @Test
  void helpPrintsUsageAndExitsZero() throws Exception {
    assertEquals(0, exitCode(main("--help")));
    assertEquals(CliOptions.USAGE, stdout());
  }

  @Test
  void badArgumentsExitTwoWithAMessage() throws Exception {
    assertEquals(2, exitCode(main("--broker", "tcp://127.0.0.1:1", "--directory",
        CliTest.resource("test-directory.json"), "--credentials", CliTest.resource("test-credentials.csv"),
        "--count", "99")));
    assertTrue(stderr().contains("--count 99 but directory"), stderr());
    assertEquals(2, exitCode(main("--brokr", "tcp://127.0.0.1:1")));
    assertTrue(stderr().contains("unknown option --brokr"), stderr());
  }

  @Test
  void runsUntilSigtermThenShutsDownCleanlyAndPrintsTheSummary(Vertx vertx) throws Exception {
    try (HubProbe hub = HubProbe.connect(vertx, broker.port())) {
      // GIVEN device-sim running the five endpoints of the test directory
      Process sim = main("--broker", "tcp://127.0.0.1:" + broker.port(),
          "--directory", CliTest.resource("test-directory.json"),
          "--credentials", CliTest.resource("test-credentials.csv"), "--time-scale", "0.001");
      try {
        Await.result(hub.await(m -> "status".equals(m.kind()) && m.json() != null
            && "online".equals(m.json().getString("state")), 5));

        // WHEN the hub alerts the county, and the process gets SIGTERM
        JsonObject alert = Fixtures.alert(1_000, 1);
        hub.publish(Topics.CMD_ALL, alert);
        Await.result(hub.await(m -> m.isReceipt(alert.getString("id"), "finished"), 5));
        sim.destroy();
        exitCode(sim);
      } finally {
        sim.destroyForcibly();
      }

      // THEN every endpoint went offline with reason shutdown, and the summary is on stdout
      Await.result(hub.await(m -> "status".equals(m.kind()) && m.json() != null
          && "shutdown".equals(m.json().getString("reason")), 5));
      String out = stdout();
      assertTrue(out.contains("5 endpoints simulated"), out);
      assertTrue(out.lines().anyMatch(l -> l.startsWith("TOTAL (5)") && l.matches(".*\\s5\\s+5\\s+5\\s+0\\s+0\\s+0\\s*")), out);
    }
  }
}
