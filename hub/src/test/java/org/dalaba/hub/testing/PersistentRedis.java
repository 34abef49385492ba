package org.dalaba.hub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A redis-server of the test's own on loopback, persistent the way the hub requires of an external Redis
 * before it accepts alerts (append-only file, fsync on every write), with its data under {@code dir}/redis.
 */
public final class PersistentRedis {
  private PersistentRedis() {
  }

  public static ExternalProcess start(Path dir, int port) throws Exception {
    ExternalProcess.requireProgram("/usr/bin/redis-server", "redis-server");
    Path data = Files.createDirectories(dir.resolve("redis"));
    return ExternalProcess.start(List.of("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
        "--dir", data.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", ""),
        dir.resolve("redis.log"), port, Duration.ofSeconds(20));
  }
}
