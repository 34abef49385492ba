package org.dalaba.hub.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A real server started as a child process for a test (Mosquitto, Redis), stopped by {@link #close()}. */
public final class ExternalProcess implements AutoCloseable {
  private final Process process;
  private final String name;

  private ExternalProcess(Process process, String name) {
    this.process = process;
    this.name = name;
  }

  /**
   * Skips the test when the program is missing, naming the Debian package; in CI (CI=true) a missing
   * program fails instead, so nothing is silently skipped there.
   */
  public static void requireProgram(String path, String debianPackage) {
    if (new File(path).canExecute()) {
      return;
    }
    String message = path + " not found: install the Debian package " + debianPackage;
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    Assumptions.assumeTrue(false, message);
  }

  public static ExternalProcess start(List<String> command, Path log, int port, Duration timeout) throws IOException {
    return start(command, log, port, timeout, java.util.Map.of());
  }

  /** @param env more environment variables for the process */
  public static ExternalProcess start(List<String> command, Path log, int port, Duration timeout,
      java.util.Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    ExternalProcess external = new ExternalProcess(process, command.get(0));
    Await.until(command.get(0) + " listening on port " + port, timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(command.get(0) + " exited with " + process.exitValue() + "; see " + log);
      }
      return listening(port);
    });
    return external;
  }

  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL, like a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGHUP: Mosquitto re-reads its password and ACL files. */
  public void reload() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " pid " + process.pid();
  }
}
