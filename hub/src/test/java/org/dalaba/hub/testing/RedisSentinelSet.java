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
 * A Redis master, its replicas and three Redis Sentinels watching them, on loopback free ports, all
 * asking for one password; each server persistent as the hub asks. The sentinels fail over one second
 * after the master stops answering. Stopped by {@link #close()}.
 */
public final class RedisSentinelSet implements AutoCloseable {
  public static final String PASSWORD = "sentinel-test-secret-1";
  public static final String MASTER_NAME = "dalaba";
  private final List<ExternalProcess> processes = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private ExternalProcess master;
  private int masterPort;
  private final List<Integer> replicaPorts = new ArrayList<>();
  private final List<ExternalProcess> replicas = new ArrayList<>();
  private Path dir;

  private RedisSentinelSet() {
  }

  public static RedisSentinelSet start(Path dir, int replicas) throws Exception {
    ExternalProcess.requireProgram("/usr/bin/redis-server", "redis-server");
    ExternalProcess.requireProgram("/usr/bin/redis-sentinel", "redis-sentinel");
    RedisSentinelSet set = new RedisSentinelSet();
    set.dir = dir;
    try {
      set.masterPort = EmbeddedRedis.freePort();
      set.master = set.server(dir, "master", set.masterPort, List.of());
      for (int i = 0; i < replicas; i++) {
        int port = EmbeddedRedis.freePort();
        set.replicas.add(set.server(dir, "replica-" + i, port, List.of("--replicaof", "127.0.0.1", String.valueOf(set.masterPort))));
        set.replicaPorts.add(port);
      }
      Await.until("the replicas in sync with the master", Duration.ofSeconds(30), () -> RedisCli.run(set.masterPort, PASSWORD,
          "info", "replication").split("state=online", -1).length - 1 == replicas);
      for (int i = 0; i < 3; i++) {
        int port = EmbeddedRedis.freePort();
        Path conf = dir.resolve("sentinel-" + i + ".conf");
        Files.writeString(conf, String.join("\n", "bind 127.0.0.1", "port " + port, "dir " + Files.createDirectories(dir.resolve("sentinel-" + i)),
            "requirepass " + PASSWORD, "sentinel sentinel-pass " + PASSWORD,
            "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + set.masterPort + " 2",
            "sentinel auth-pass " + MASTER_NAME + " " + PASSWORD,
            "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
            "sentinel failover-timeout " + MASTER_NAME + " 10000", "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
        set.processes.add(ExternalProcess.start(List.of("/usr/bin/redis-sentinel", conf.toString()), dir.resolve("sentinel-" + i + ".log"),
            port, Duration.ofSeconds(20)));
        set.sentinelPorts.add(port);
      }
      for (int port : set.sentinelPorts) {
        Await.until("sentinel " + port + " knows the replicas and the other two sentinels", Duration.ofSeconds(60), () -> {
          String master = RedisCli.run(port, PASSWORD, "sentinel", "master", MASTER_NAME);
          return master.contains("num-slaves\n" + replicas) && master.contains("num-other-sentinels\n2");
        });
      }
      return set;
    } catch (Exception | Error e) {
      set.close();
      throw e;
    }
  }

  private ExternalProcess server(Path dir, String name, int port, List<String> extra) throws Exception {
    Path data = Files.createDirectories(dir.resolve(name));
    List<String> command = new ArrayList<>(List.of("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
        "--dir", data.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--requirepass", PASSWORD, "--masterauth", PASSWORD));
    command.addAll(extra);
    ExternalProcess process = ExternalProcess.start(command, dir.resolve(name + ".log"), port, Duration.ofSeconds(20));
    processes.add(process);
    return process;
  }

  /** The sentinels as {@code redis.sentinels} lists them. */
  public String sentinels() {
    return String.join(",", sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  public int masterPort() { return masterPort; }

  /** A test hub's configuration with this set as its Redis (sentinel mode). */
  public HubConfig hubConfig(Path dataDir) {
    return TestHubs.config(dataDir).with(Map.of(ConfigKey.REDIS_MODE, "sentinel", ConfigKey.REDIS_SENTINELS, sentinels(),
        ConfigKey.REDIS_MASTER_NAME, MASTER_NAME, ConfigKey.REDIS_PASSWORD, PASSWORD));
  }

  public List<Integer> replicaPorts() { return List.copyOf(replicaPorts); }

  /** SIGKILL the first master, like a crash or power loss. */
  public void killMaster() throws InterruptedException {
    master.kill();
  }

  /** SIGKILL one replica. */
  public void killReplica(int i) throws InterruptedException {
    replicas.get(i).kill();
  }

  /** Starts a killed replica again on its port and data (as systemd would); it syncs with the master again. */
  public void restartReplica(int i) throws Exception {
    replicas.set(i, server(dir, "replica-" + i, replicaPorts.get(i), List.of("--replicaof", "127.0.0.1", String.valueOf(masterPort))));
  }

  /** The port the sentinels name as master now. */
  public int currentMasterPort() {
    String reply = RedisCli.run(sentinelPorts.get(0), PASSWORD, "sentinel", "get-master-addr-by-name", MASTER_NAME);
    String[] lines = reply.strip().split("\r?\n");
    return Integer.parseInt(lines[lines.length - 1].strip());
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
