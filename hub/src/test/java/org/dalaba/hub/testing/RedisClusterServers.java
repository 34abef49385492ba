package org.dalaba.hub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.store.EmbeddedRedis;

/**
 * A Redis Cluster of three masters (no replicas) on loopback free ports, made with redis-cli --cluster
 * create as an operator would, password-protected, each node persistent as the hub asks. Stopped by
 * {@link #close()}.
 */
public final class RedisClusterServers implements AutoCloseable {
  public static final String PASSWORD = "cluster-test-secret-1";
  private final List<ExternalProcess> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private RedisClusterServers() {
  }

  public static RedisClusterServers start(Path dir, int masters) throws Exception {
    ExternalProcess.requireProgram("/usr/bin/redis-server", "redis-server");
    RedisClusterServers cluster = new RedisClusterServers();
    try {
      for (int i = 0; i < masters; i++) {
        int port = EmbeddedRedis.freePort();
        Path data = Files.createDirectories(dir.resolve("cluster-node-" + i));
        cluster.nodes.add(ExternalProcess.start(List.of("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
            "--cluster-enabled", "yes", "--cluster-port", String.valueOf(EmbeddedRedis.freePort()),
            "--cluster-config-file", data.resolve("nodes.conf").toString(), "--cluster-node-timeout", "3000",
            "--dir", data.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
            "--requirepass", PASSWORD, "--masterauth", PASSWORD), dir.resolve("cluster-node-" + i + ".log"), port,
            Duration.ofSeconds(20)));
        cluster.ports.add(port);
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.add("--cluster-yes");
      String created = RedisCli.run(cluster.ports.get(0), PASSWORD, create.toArray(String[]::new));
      if (!created.contains("All 16384 slots covered")) {
        throw new AssertionError("redis-cli --cluster create failed:\n" + created);
      }
      for (int port : cluster.ports) {
        Await.until("cluster state ok on node " + port, Duration.ofSeconds(30),
            () -> RedisCli.field(RedisCli.run(port, PASSWORD, "cluster", "info"), "cluster_state").equals("ok"));
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes as {@code redis.nodes} lists them. */
  public String nodes() {
    return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  public List<Integer> ports() { return List.copyOf(ports); }

  /** A test hub's configuration with this cluster as its Redis. */
  public HubConfig hubConfig(Path dataDir) {
    return TestHubs.config(dataDir).with(Map.of(ConfigKey.REDIS_MODE, "cluster", ConfigKey.REDIS_NODES, nodes(),
        ConfigKey.REDIS_PASSWORD, PASSWORD));
  }

  @Override
  public void close() {
    nodes.forEach(ExternalProcess::close);
  }
}
