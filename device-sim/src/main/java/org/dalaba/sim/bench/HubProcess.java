package org.dalaba.sim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub as a separate process on free ports with its own data directory and embedded Redis, as an
 * operator would run it. Started with a known admin password; stopped with SIGTERM (its shutdown hook
 * closes Redis and the broker), forcibly after a grace period.
 */
final class HubProcess implements AutoCloseable {
  static final String ADMIN_PASSWORD = "bench-admin-password-0123";
  private static final Pattern READY = Pattern.compile("Dalaba hub ready: console http://[^:]+:(\\d+)/ .* MQTT (\\S+)");
  private static final long START_TIMEOUT_SECONDS = 180;

  private final Process process;
  private final Path dataDir;
  private final int httpPort;
  private final int mqttPort;

  private HubProcess(Process process, Path dataDir, int httpPort, int mqttPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
  }

  /**
   * @param externalMqtt null for the embedded broker, else {@code url} and {@code hubPassword} of the
   *                     external one
   */
  static HubProcess start(List<String> command, Path dataDir, Map<String, String> externalMqtt) throws IOException {
    Files.createDirectories(dataDir);
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of("--data-dir", dataDir.toString(), "--http-port", "0", "--mqtt-port", "0"));
    ProcessBuilder builder = new ProcessBuilder(full).redirectError(dataDir.resolve("hub.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("HUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("DALABA_REDIS_EMBEDDED_PORT", "0");
    env.put("DALABA_HTTP_HOST", "127.0.0.1");
    env.put("DALABA_MQTT_HOST", "127.0.0.1");
    // the benchmark measures sending, not the two-person rule: its red alerts go out at once
    env.put("DALABA_ALERT_APPROVAL_LEVELS", "");
    if (externalMqtt != null) {
      env.put("DALABA_MQTT_MODE", "external");
      env.put("DALABA_MQTT_URL", externalMqtt.get("url"));
      env.put("DALABA_MQTT_HUB_PASSWORD", externalMqtt.get("hubPassword"));
    }
    Process process = builder.start();
    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> readStdout(process, ready), "hub-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      Matcher match = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      int mqttPort = Integer.parseInt(match.group(2).replaceAll(".*:(\\d+)/?$", "$1"));
      return new HubProcess(process, dataDir, Integer.parseInt(match.group(1)), mqttPort);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy(process);
      throw new IOException("interrupted while the hub started", e);
    } catch (ExecutionException | TimeoutException e) {
      destroy(process);
      throw new IOException("the hub did not start (see " + dataDir.resolve("hub.log") + "): " + e.getMessage(), e);
    }
  }

  private static void readStdout(Process process, CompletableFuture<Matcher> ready) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher match = READY.matcher(line);
        if (match.find()) {
          ready.complete(match);
        }
      }
      ready.completeExceptionally(new IOException("the hub exited with " + process.waitFor()));
    } catch (IOException | InterruptedException e) {
      ready.completeExceptionally(e);
    }
  }

  long pid() {
    return process.pid();
  }

  int httpPort() {
    return httpPort;
  }

  int mqttPort() {
    return mqttPort;
  }

  Path dataDir() {
    return dataDir;
  }

  /** The hub's MQTT password, as it wrote it for provisioning. */
  String hubMqttPassword() throws IOException {
    return Files.readString(dataDir.resolve("credentials/hub.password")).strip();
  }

  Path endpointCredentials() {
    return dataDir.resolve("credentials/endpoints.csv");
  }

  /** The hub's own child processes (the embedded redis-server). */
  List<Long> childPids() {
    return ProcessProbe.children(process.pid());
  }

  @Override
  public void close() {
    destroy(process);
  }

  private static void destroy(Process process) {
    Processes.stop(process, 30);
  }
}
