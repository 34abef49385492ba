package org.dalaba.hub.backup;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.PrivateFiles;

/**
 * A redis-server of the restore's own over the embedded Redis's data folder, with full rights for the
 * one job the hub's restricted user may not do (RESTORE), then shut down so it writes its AOF; the hub
 * started afterwards loads that AOF. Loopback only, the restored password, owner-only files. Blocking.
 */
final class TemporaryRedis implements AutoCloseable {
  private final Process process;
  private final RedisTarget target;

  private TemporaryRedis(Process process, RedisTarget target) {
    this.process = process;
    this.target = target;
  }

  static TemporaryRedis start(Path redisDir, String password, String executable) throws IOException {
    PrivateFiles.directory(redisDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = redisDir.resolve("restore.conf");
    PrivateFiles.write(config, String.join("\n", "bind 127.0.0.1", "port " + port, "protected-mode yes", "daemonize no",
        "dir \"" + redisDir + "\"", "logfile \"" + redisDir.resolve("restore.log") + "\"", "appendonly yes", "appendfsync everysec",
        "save \"\"", "user default on #" + org.dalaba.hub.store.EmbeddedRedis.sha256(password) + " ~* &* +@all", ""));
    String binary = !executable.isBlank() ? executable
        : new File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server"
        : redis.embedded.core.ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
    Process process = new ProcessBuilder(List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$1\"", binary, config.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    RedisTarget target = new RedisTarget("127.0.0.1", port, "", password, 0, false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (RespClient probe = RespClient.connect(target)) {
        probe.call("PING");
        return new TemporaryRedis(process, target);
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IOException("the restore's Redis did not start; see " + redisDir.resolve("restore.log"), notYet);
        }
        try {
          process.waitFor(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
  }

  RedisTarget target() {
    return target;
  }

  /** SHUTDOWN: Redis fsyncs the AOF and exits. */
  @Override
  public void close() throws IOException {
    try (RespClient redis = RespClient.connect(target)) {
      redis.call("SHUTDOWN");
    } catch (IOException expected) {
      // Redis closes the connection as it exits
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("the restore's Redis did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
