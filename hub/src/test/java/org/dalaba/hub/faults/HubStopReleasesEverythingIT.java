package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub started and stopped in-process several times against one external Redis and one Mosquitto leaves nothing
 * behind: no Redis client (CLIENT LIST), no connection to the broker (the kernel's socket table on the broker's
 * port), no non-daemon thread, and no leader lease. Each run also loses its cluster-event subscription once (CLIENT KILL), so the
 * re-subscribe path is stopped too.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HubStopReleasesEverythingIT {
  private static final int RUNS = 3;

  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void startingAndStoppingAHubLeavesNoConnectionOrThread() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    teardown.add(PersistentRedis.start(tmp, redisPort));
    Path dataDir = tmp.resolve("data");
    int mqttPort = EmbeddedRedis.freePort();
    ExternalProcess mosquitto = teardown.add(HubMosquitto.start(dataDir, mqttPort));
    Set<Thread> baseline = nonDaemonThreads();

    for (int run = 1; run <= RUNS; run++) {
      RunningHub hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
          ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + mqttPort, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789",
          ConfigKey.REDIS_MODE, "external", ConfigKey.REDIS_URL, "redis://127.0.0.1:" + redisPort)),
          System.out, TestHubs.ADMIN_PASSWORD);
      try {
        mosquitto.reload();
        ApiClient anonymous = new ApiClient(hub.httpPort());
        Await.until("run " + run + ": the hub ready", Duration.ofSeconds(40), () -> anonymous.get("/health").status() == 200);
        // the cluster-event subscriber loses its connection and subscribes again
        String killed = redis(redisPort, "CLIENT", "KILL", "TYPE", "pubsub").strip();
        assertEquals("1", killed, "run " + run + ": one cluster-event subscriber killed");
        final int thisRun = run;
        Await.until("run " + thisRun + ": the cluster-event subscriber back", Duration.ofSeconds(20),
            () -> clientsOf(redisPort).stream().anyMatch(line -> line.contains("cmd=subscribe")));
      } finally {
        hub.close();
      }
      final int thisRun = run;
      // a stopped hub gives the leader lease back at once: another hub need not wait for it to expire
      assertEquals("", redis(redisPort, "GET", "dlb:leader").strip(), "run " + run + ": the lease is released");
      Await.until("run " + thisRun + ": no Redis client left by the hub", Duration.ofSeconds(20),
          () -> clientsOf(redisPort), List::isEmpty);
      Await.until("run " + thisRun + ": no connection to the broker left", Duration.ofSeconds(20),
          () -> establishedOn(mqttPort), n -> n == 0);
      Await.until("run " + thisRun + ": no non-daemon thread left", Duration.ofSeconds(20),
          () -> newThreads(baseline), List::isEmpty);
    }
  }

  @Test
  void startingAndStoppingAHubWithItsEmbeddedBrokerLeavesNoThread() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    teardown.add(PersistentRedis.start(tmp, redisPort));
    Path dataDir = tmp.resolve("data");
    Set<Thread> baseline = nonDaemonThreads();
    for (int run = 1; run <= 2; run++) {
      RunningHub hub = Application.start(TestHubs.config(dataDir).with(Map.of(
          ConfigKey.REDIS_MODE, "external", ConfigKey.REDIS_URL, "redis://127.0.0.1:" + redisPort)), System.out, TestHubs.ADMIN_PASSWORD);
      int mqttPort = hub.mqttPort();
      try {
        ApiClient anonymous = new ApiClient(hub.httpPort());
        Await.until("the hub ready", Duration.ofSeconds(40), () -> anonymous.get("/health").status() == 200);
      } finally {
        hub.close();
      }
      Await.until("no Redis client left by the hub", Duration.ofSeconds(20), () -> clientsOf(redisPort), List::isEmpty);
      Await.until("the embedded broker's port closed", Duration.ofSeconds(20), () -> !ExternalProcess.listening(mqttPort));
      Await.until("no non-daemon thread left", Duration.ofSeconds(20), () -> newThreads(baseline), List::isEmpty);
    }
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).collect(Collectors.toSet());
  }

  private static List<String> newThreads(Set<Thread> baseline) {
    return nonDaemonThreads().stream().filter(t -> !baseline.contains(t)).map(Thread::getName).sorted().toList();
  }

  /** Every Redis client but the redis-cli asking. */
  private static List<String> clientsOf(int port) {
    try {
      return redis(port, "CLIENT", "LIST").lines().filter(l -> !l.isBlank() && !l.contains("cmd=client")).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String redis(int port, String... command) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
    args.addAll(List.of(command));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    process.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  /** Established TCP connections whose local end is {@code port} on loopback, as the kernel lists them (the broker's side). */
  private static long establishedOn(int port) {
    String local = String.format("0100007F:%04X", port);
    try {
      return Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
          .filter(f -> f[1].equals(local) && f[3].equals("01")).count();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
