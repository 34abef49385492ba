package org.dalaba.sim.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a result was measured on, so a reader can compare like with like. */
final class Machine {
  private Machine() {
  }

  static JsonObject describe(BenchOptions options) {
    return new JsonObject().put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"))
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
        .put("mosquitto", MosquittoProcess.version(options.mosquitto));
  }

  /** The 1-minute load average (runnable processes); above the core count, runs compete for CPU. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
