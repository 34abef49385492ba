package org.dalaba.hub.store;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server child process bound to loopback with its data (AOF, fsync on every write) under the
 * hub's data directory. Prefers the system's {@code /usr/bin/redis-server}; otherwise uses the binary
 * bundled in embedded-redis. Blocking: call from a worker thread or before Vert.x starts.
 *
 * <p>If a previous hub was killed, its Redis child may still be running on the same port with the same
 * data directory; we adopt it rather than fail, since it holds exactly the data we want.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final int requestedPort;
  private final String executable;
  private Process process;
  private List<String> command;
  private volatile boolean closing;
  private int port;

  public EmbeddedRedis(Path dataDir, int port, String executable) {
    this.dir = dataDir.resolve("redis");
    this.requestedPort = port;
    this.executable = executable;
  }

  public int port() { return port; }

  public String url() { return "redis://127.0.0.1:" + port; }

  public void start() throws IOException {
    Files.createDirectories(dir);
    port = requestedPort == 0 ? freePort() : requestedPort;
    if (isListening(port)) {
      Path realDir = dir.toRealPath();
      if (RedisProbe.dataDirOf(port).map(d -> Path.of(d).equals(realDir)).orElse(false)) {
        LOG.warn("Adopting the embedded Redis already running on port {} with data in {} (left by a previous hub)", port, dir);
        return;
      }
      throw new IOException("port " + port + " (redis.embeddedPort) is taken by another program; choose another port");
    }
    command = new ArrayList<>(List.of(resolveExecutable(),
        "--bind", "127.0.0.1", "--port", String.valueOf(port), "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--pidfile", dir.resolve("redis.pid").toString(), "--logfile", dir.resolve("redis.log").toString(),
        "--protected-mode", "yes", "--daemonize", "no"));
    LOG.info("Starting embedded Redis: {}", String.join(" ", command));
    launch();
  }

  private synchronized void launch() throws IOException {
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile())).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!isListening(port)) {
      if (!process.isAlive()) {
        throw new IOException("embedded Redis exited with code " + process.exitValue() + "; see " + dir.resolve("redis.log"));
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("embedded Redis did not start listening on port " + port + " within " + START_TIMEOUT);
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting Redis", e);
      }
    }
    Process started = process;
    started.onExit().thenRun(() -> restartAfterCrash(started));
  }

  /** Redis is our database: if its process dies under us, start it again (it reloads its AOF). */
  private void restartAfterCrash(Process dead) {
    if (closing || dead != process) {
      return;
    }
    LOG.error("Embedded Redis exited with code {}; restarting it (see {})", dead.exitValue(), dir.resolve("redis.log"));
    for (int attempt = 1; !closing; attempt++) {
      try {
        launch();
        LOG.info("Embedded Redis is running again on port {}", port);
        return;
      } catch (IOException e) {
        LOG.error("Restarting embedded Redis failed (attempt {}): {}", attempt, e.getMessage());
        try {
          Thread.sleep(Math.min(10_000, 500L * attempt)); // back-off between restart attempts, on a pool thread
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private String resolveExecutable() throws IOException {
    if (!executable.isBlank()) {
      return executable;
    }
    File system = new File("/usr/bin/redis-server");
    if (system.canExecute()) {
      return system.getPath();
    }
    LOG.info("/usr/bin/redis-server not found (Debian package redis-server); using the bundled redis-server");
    return ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
  }

  /** Stops Redis gracefully (SHUTDOWN flushes the AOF), then forcibly if it does not exit. */
  @Override
  public void close() {
    closing = true;
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    handle.destroy(); // SIGTERM: redis-server finishes the AOF and exits
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
