package org.dalaba.hub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A hub in its own JVM (the test classpath, {@code org.dalaba.hub.Main}), so a fault test can kill it
 * with SIGKILL like a real crash and start it again on the same ports and data directory.
 */
public final class HubProcess implements AutoCloseable {
  private final Path dataDir;
  private final Map<String, String> env;
  private final List<String> args;
  private final Path log;
  private final int httpPort;
  private Process process;
  private int starts;

  /** @param extraEnv configuration for the hub as DALABA_* variables (see docs/configuration.md) */
  public HubProcess(Path dataDir, int httpPort, Map<String, String> extraEnv) {
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.env = new HashMap<>(extraEnv);
    this.env.put("HUB_ADMIN_PASSWORD", TestHubs.ADMIN_PASSWORD);
    this.env.putIfAbsent("DALABA_HTTP_HOST", "127.0.0.1");
    this.env.putIfAbsent("DALABA_MQTT_HOST", "127.0.0.1");
    this.env.putIfAbsent("DALABA_ALERT_RESEND_AFTER_SECONDS", "1");
    this.env.putIfAbsent("DALABA_ALERT_RESEND_MAX_SECONDS", "2");
    // the two-person rule is off unless a test asks for it (its own tests do): other suites' alerts go out at once
    this.env.putIfAbsent("DALABA_ALERT_APPROVAL_LEVELS", "");
    this.args = List.of("--data-dir", dataDir.toString(), "--http-port", String.valueOf(httpPort));
    this.log = dataDir.resolveSibling(dataDir.getFileName() + "-hub.log");
  }

  /** Changes one environment variable for the next {@link #start()} (e.g. a restart with other configuration). */
  public HubProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Starts the hub and waits for its ready line. */
  public HubProcess start() throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.dalaba.hub.Main"));
    command.addAll(args);
    Files.createDirectories(dataDir);
    Files.writeString(log, "---- start " + (++starts) + " ----\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    process = builder.start();
    long mark = starts;
    Await.until("hub start " + mark + " ready (log " + log + ")", Duration.ofSeconds(90), () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the hub exited with " + process.exitValue() + "; its log ends:\n" + tail());
      }
      return readyCount() >= mark;
    });
    return this;
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private long readyCount() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("Dalaba hub ready")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** SIGKILL: no shutdown hook, no clean disconnect, exactly like a crash or power cut of the JVM. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the hub shuts down cleanly. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Everything the hub printed, over all its starts. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  public int httpPort() {
    return httpPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the hub and the embedded Redis a killed hub leaves behind (it outlives its parent by design). */
  @Override
  public void close() throws Exception {
    if (isAlive()) {
      stop();
    }
    Path pidFile = dataDir.resolve("redis").resolve("redis.pid");
    if (Files.exists(pidFile)) {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid).ifPresent(redis -> {
        redis.destroy();
        redis.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
          redis.destroyForcibly();
          return redis;
        }).join();
      });
    }
  }
}
