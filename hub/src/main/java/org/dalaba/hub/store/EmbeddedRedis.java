package org.dalaba.hub.store;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
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
 * <p>Local users must not reach it: it answers only to a generated password kept in
 * {@code credentials/redis.password} (0600), its folder and files are owner-only, and its one user may
 * not run the dangerous commands (CONFIG SET, DEBUG, FLUSHALL, SHUTDOWN, MODULE, REPLICAOF, KEYS…;
 * only CONFIG GET and INFO of that category stay, for the persistence check and the identity proof).
 *
 * <p>If a previous hub was killed, its Redis child may still be running on the same port; we adopt it
 * only if it proves to be that child (it takes our password, and its pid and run id are the ones this
 * data directory recorded), and then stop it on {@link #close()} like our own. Anything else on the
 * port fails the start.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  /** The hub's rights: everything but the dangerous category, less the two reads it needs from it. */
  private static final String RIGHTS = "~* &* +@all -@dangerous +config|get +info";

  private final Path dir;
  private final Path passwordFile;
  private final int requestedPort;
  private final String executable;
  private String password;
  private List<String> command;
  private volatile ProcessHandle running;
  private volatile boolean closing;
  private int port;

  public EmbeddedRedis(Path dataDir, int port, String executable) {
    this.dir = dataDir.resolve("redis");
    this.passwordFile = dataDir.resolve("credentials").resolve("redis.password");
    this.requestedPort = port;
    this.executable = executable;
  }

  public int port() { return port; }

  /** The connection URL, password included. */
  public String url() {
    return "redis://:" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@127.0.0.1:" + port;
  }

  public String password() { return password; }

  public void start() throws IOException {
    PrivateFiles.directory(dir);
    PrivateFiles.tree(dir); // AOF files of a hub from before this rule were world-readable
    PrivateFiles.directory(passwordFile.getParent());
    password = PrivateFiles.secret(passwordFile);
    port = requestedPort == 0 ? freePort() : requestedPort;
    if (isListening(port)) {
      adopt();
      return;
    }
    Path config = dir.resolve("redis.conf");
    PrivateFiles.write(config, config());
    // umask 077: the AOF, its rewrites and the log are created owner-only
    command = List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$1\"", resolveExecutable(), config.toString());
    LOG.info("Starting embedded Redis on 127.0.0.1:{} with {}", port, config);
    launch();
  }

  private String config() {
    return String.join("\n",
        "bind 127.0.0.1",
        "port " + port,
        "protected-mode yes",
        "daemonize no",
        "dir " + quoted(dir.toString()),
        "pidfile " + quoted(dir.resolve("redis.pid").toString()),
        "logfile " + quoted(dir.resolve("redis.log").toString()),
        "appendonly yes",
        "appendfsync always",
        "save \"\"",
        "enable-debug-command no",
        "enable-module-command no",
        "enable-protected-configs no",
        "user default on #" + sha256(password) + " " + RIGHTS,
        "");
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Takes over a Redis left by a killed hub of this data directory, after it proves it is that one. */
  private void adopt() throws IOException {
    RedisProbe.Identity identity;
    try {
      identity = RedisProbe.identify(port, password);
    } catch (IOException e) {
      throw new IOException(notOurs(e.getMessage()), e);
    }
    Path pidFile = dir.resolve("redis.pid");
    Path runIdFile = dir.resolve("redis.runid");
    String recordedPid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
    String recordedRunId = Files.exists(runIdFile) ? Files.readString(runIdFile).strip() : "";
    if (!recordedPid.equals(String.valueOf(identity.pid())) || !recordedRunId.equals(identity.runId())
        || !Path.of(identity.dir()).equals(dir.toRealPath())) {
      throw new IOException(notOurs("its process id, run id or data folder is not the one recorded in " + dir));
    }
    ProcessHandle handle = ProcessHandle.of(identity.pid())
        .orElseThrow(() -> new IOException(notOurs("its process " + identity.pid() + " is not visible")));
    LOG.warn("Adopting the embedded Redis (pid {}) already running on port {} with data in {} (left by a previous hub); "
        + "it is stopped with the hub", identity.pid(), port, dir);
    watch(handle);
  }

  private String notOurs(String why) {
    return "port " + port + " (redis.embeddedPort) is taken by a program that is not this hub's embedded Redis: " + why
        + ". Stop that program or choose another port; the hub does not use a Redis it did not start.";
  }

  private synchronized void launch() throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.file(dir.resolve("redis.out")).toFile())).start();
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
    // what a later hub checks before adopting this process
    RedisProbe.Identity identity = RedisProbe.identify(port, password);
    PrivateFiles.write(dir.resolve("redis.runid"), identity.runId());
    watch(process.toHandle());
  }

  private void watch(ProcessHandle handle) {
    running = handle;
    handle.onExit().thenRun(() -> restartAfterCrash(handle));
  }

  /** Redis is our database: if its process dies under us, start it again (it reloads its AOF). */
  private void restartAfterCrash(ProcessHandle dead) {
    if (closing || dead != running) {
      return;
    }
    LOG.error("Embedded Redis exited; restarting it (see {})", dir.resolve("redis.log"));
    if (command == null) { // adopted: write the configuration a child of ours starts from
      try {
        Path config = dir.resolve("redis.conf");
        PrivateFiles.write(config, config());
        command = List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$1\"", resolveExecutable(), config.toString());
      } catch (IOException e) {
        LOG.error("Cannot restart embedded Redis: {}", e.getMessage());
        return;
      }
    }
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

  /** Stops Redis gracefully (SIGTERM: it finishes the AOF and exits), then forcibly if it does not exit. */
  @Override
  public void close() {
    closing = true;
    ProcessHandle handle = running;
    if (handle == null) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the next start, which finds the port taken
      }
    }
    running = null;
  }

  /** Hex SHA-256 of a secret, the form redis.conf's {@code user ... #hash} takes. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
