package org.dalaba.sim;

import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Command line: {@code java -jar device-sim.jar --broker tcp://HOST:PORT --directory FILE|sample ...}.
 * Only wiring: parse, load, start the fleet, close it on SIGINT/SIGTERM. Prints to stdout on purpose.
 */
public final class Main {

  static {
    // Before any logger exists: the CLI's own logging config (the library ships none, so the hub's wins).
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dalaba-sim-logback.xml");
    }
  }

  private static final long CLOSE_TIMEOUT_SECONDS = 20;

  private Main() {
  }

  public static void main(String[] args) {
    List<String> all = Arrays.asList(args);
    if (all.contains("--endpoint") || all.contains("--status")) {
      EndpointMain.main(args); // one real endpoint (docs/endpoint.md)
      return;
    }
    if (all.contains("--endpoint-help")) {
      System.out.print(EndpointOptions.USAGE);
      return;
    }
    List<SimEndpointSpec> specs;
    CliOptions cli;
    try {
      cli = CliOptions.parse(Arrays.asList(args));
      if (cli.help) {
        System.out.print(CliOptions.USAGE);
        return;
      }
      specs = SpecLoader.load(cli);
    } catch (UsageException e) {
      System.err.println("device-sim: " + e.getMessage());
      System.err.println("Run with --help for usage.");
      System.exit(2);
      return;
    }

    Vertx vertx = Vertx.vertx();
    AtomicReference<SimulatedFleet> fleet = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, fleet.get()), "device-sim-shutdown"));

    try {
      fleet.set(SimulatedFleet.start(vertx, cli.fleet, specs).toCompletionStage().toCompletableFuture().get());
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("device-sim: could not start: " + cause.getMessage());
      System.exit(1);
      return;
    }
    System.out.printf("device-sim: %d endpoints simulated against %s:%d; Ctrl-C to stop%n",
        specs.size(), cli.brokerHost, cli.brokerPort);
    if (cli.summarySeconds > 0) {
      vertx.setPeriodic(cli.summarySeconds * 1000L, t -> System.out.print(fleet.get().summary().toTable()));
    }
    // Vert.x threads keep the JVM alive until a signal runs the shutdown hook.
  }

  private static void shutdown(Vertx vertx, SimulatedFleet fleet) {
    try {
      if (fleet != null) {
        // Taken before closing, so the "up" column shows who was connected when the signal came.
        FleetSummary summary = fleet.summary();
        fleet.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        System.out.print(summary.toTable());
        System.out.flush();
      }
    } catch (Exception e) {
      System.err.println("device-sim: clean shutdown incomplete: " + e);
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("device-sim: closing Vert.x: " + e);
      }
    }
  }
}
