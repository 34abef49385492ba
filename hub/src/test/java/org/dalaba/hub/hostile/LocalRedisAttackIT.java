package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubProcess;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 findings 3 and 4, as a local user ({@code nobody}) on the hub's machine sees the hub's
 * Redis: it must not answer them, its files must be unreadable, even the hub's own account may not
 * switch persistence off, the hub must notice when persistence goes off anyway, and a Redis that
 * someone else put on the hub's port must never be adopted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LocalRedisAttackIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @BeforeEach
  void needRoot() throws Exception {
    LocalUser.requireRoot();
    ExternalProcess.requireProgram("/usr/bin/redis-server", "redis-server");
    ExternalProcess.requireProgram("/usr/bin/redis-cli", "redis-tools");
    LocalUser.openUpTo(tmp, tmp); // an operator's data folder, e.g. /var/lib/dalaba, is usually 0755
  }

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  private RunningHub startHub(Path dataDir, int redisPort) throws Exception {
    return teardown.add(Application.start(TestHubs.config(dataDir).with(ConfigKey.REDIS_EMBEDDED_PORT, redisPort), System.out,
        TestHubs.ADMIN_PASSWORD));
  }

  @Test
  void nobodyCanNeitherTalkToTheEmbeddedRedisNorReadItsFiles() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    Path data = tmp.resolve("data");
    RunningHub hub = startHub(data, redisPort);
    new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD); // writes to the AOF

    // an admin session forged straight into Redis, and every endpoint secret read from it
    String port = String.valueOf(redisPort);
    LocalUser.Result forged = LocalUser.run("/usr/bin/redis-cli", "-p", port, "SET", "dlb:session:x", "admin");
    assertTrue(forged.output().contains("NOAUTH"), "nobody's SET must be refused: " + forged);
    LocalUser.Result secrets = LocalUser.run("/usr/bin/redis-cli", "-p", port, "HGETALL", "dlb:endpoint-secrets");
    assertTrue(secrets.output().contains("NOAUTH"), "nobody's HGETALL must be refused: " + secrets);

    // nor are the files readable, the append-only file included
    Path redisDir = data.resolve("redis");
    assertEquals("rwx------", LocalUser.mode(redisDir));
    List<Path> files;
    try (Stream<Path> all = Files.walk(redisDir)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.stream().anyMatch(f -> f.toString().contains("appendonly")), "an AOF exists: " + files);
    for (Path file : files) {
      assertEquals("rw-------", LocalUser.mode(file), file.toString());
    }
    Path aof = files.stream().filter(f -> f.getFileName().toString().endsWith(".aof")).findFirst().orElseThrow();
    assertNotEquals(0, LocalUser.run("/bin/cat", aof.toString()).exit(), "nobody must not read " + aof);
    Path passwordFile = data.resolve("credentials").resolve("redis.password");
    assertEquals("rw-------", LocalUser.mode(passwordFile));
    assertEquals("rwx------", LocalUser.mode(passwordFile.getParent()));
    String password = Files.readString(passwordFile).strip();
    assertTrue(password.length() >= 24, "a generated password");
    assertFalse(LocalUser.run("/bin/ps", "-eo", "args").output().contains(password), "the password is not on a command line");

    // even with the hub's password the dangerous commands are refused, CONFIG SET appendonly first
    for (List<String> dangerous : List.of(List.of("CONFIG", "SET", "appendonly", "no"), List.of("FLUSHALL"),
        List.of("FLUSHDB"), List.of("DEBUG", "SLEEP", "0"), List.of("SHUTDOWN", "NOSAVE"), List.of("MODULE", "LIST"),
        List.of("REPLICAOF", "127.0.0.1", "1"), List.of("SLAVEOF", "127.0.0.1", "1"), List.of("KEYS", "*"),
        List.of("ACL", "SETUSER", "x", "on"), List.of("CONFIG", "REWRITE"))) {
      String reply = redisCli(redisPort, password, dangerous);
      assertTrue(reply.contains("NOPERM") || reply.contains("not allowed"), String.join(" ", dangerous) + " must be refused: " + reply);
    }
    assertEquals("yes", redisCli(redisPort, password, List.of("CONFIG", "GET", "appendonly")).lines().toList().get(1));
    Await.until("the hub still serves", Duration.ofSeconds(10), () -> new ApiClient(hub.httpPort()).get("/health").status() == 200);
  }

  /** The persistence check, against an external Redis whose owner can still switch AOF off. */
  @Test
  void persistenceSwitchedOffDegradesHealthAndRefusesAlertsUntilItIsBack() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    Path redisDir = Files.createDirectories(tmp.resolve("external-redis"));
    String password = "external-redis-secret";
    teardown.add(ExternalProcess.start(List.of("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(redisPort),
        "--dir", redisDir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--requirepass", password),
        tmp.resolve("external-redis.log"), redisPort, Duration.ofSeconds(20)));
    RunningHub hub = teardown.add(Application.start(TestHubs.config(tmp.resolve("data")).with(Map.of(ConfigKey.REDIS_MODE, "external",
        ConfigKey.REDIS_URL, "redis://127.0.0.1:" + redisPort, ConfigKey.REDIS_PASSWORD, password)), System.out, TestHubs.ADMIN_PASSWORD));
    ApiClient api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    assertEquals(201, api.post("/api/v1/alerts", alert()).status());

    assertTrue(redisCli(redisPort, password, List.of("CONFIG", "SET", "appendonly", "no")).contains("OK"));
    Await.until("/health degraded with persistence off", Duration.ofSeconds(30), () -> {
      ApiClient.Reply health = new ApiClient(hub.httpPort()).get("/health");
      return health.status() == 503 && !health.body().getJsonObject("redis").getBoolean("persistent");
    });
    ApiClient.Reply refused = api.post("/api/v1/alerts", alert());
    assertEquals(503, refused.status(), refused.toString());
    assertTrue(refused.body().getString("message").matches(".*[\\u4e00-\\u9fff].*"), "a Chinese message: " + refused);

    assertTrue(redisCli(redisPort, password, List.of("CONFIG", "SET", "appendonly", "yes")).contains("OK"));
    Await.until("/health up again", Duration.ofSeconds(30), () -> new ApiClient(hub.httpPort()).get("/health").status() == 200);
    assertEquals(201, api.post("/api/v1/alerts", alert()).status());
  }

  @Test
  void aRedisThatNobodyStartedOnTheHubsPortIsNotAdopted() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    Path data = tmp.resolve("data");
    // the data folder as a hub from before this fix left it, so nobody can point its Redis at it
    Path redisDir = Files.createDirectories(data.resolve("redis"));
    LocalUser.openUpTo(redisDir, tmp);
    teardown.add(ExternalProcess.start(LocalUser.asNobody("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port",
        String.valueOf(redisPort), "--dir", redisDir.toString(), "--appendonly", "no", "--save", ""),
        tmp.resolve("nobody-redis.log"), redisPort, Duration.ofSeconds(20)));

    Exception refused = assertThrows(Exception.class, () -> startHub(data, redisPort));
    assertTrue(refused.getMessage().contains("not this hub's embedded Redis"), refused.getMessage());
    assertFalse(Files.exists(data.resolve("credentials").resolve("endpoints.csv")), "no secrets handed to nobody's Redis");
    assertEquals("0", LocalUser.run("/usr/bin/redis-cli", "-p", String.valueOf(redisPort), "DBSIZE").output().strip());
  }

  @Test
  void anEmptyStoreWithIssuedCredentialsOnDiskRefusesToStartAndRegeneratesNothing() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    Path data = tmp.resolve("data");
    startHub(data, redisPort).close();
    Path csv = data.resolve("credentials").resolve("endpoints.csv");
    byte[] issued = Files.readAllBytes(csv);
    // Redis lost its data (a disk swapped, a wrong restore)
    try (Stream<Path> all = Files.walk(data.resolve("redis").resolve("appendonlydir"))) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    Exception refused = assertThrows(Exception.class, () -> startHub(data, redisPort));
    assertTrue(refused.getMessage().contains("Restore Redis from its backup"), refused.getMessage());
    assertArrayEquals(issued, Files.readAllBytes(csv), "endpoints.csv is not rewritten");
    Await.until("the refused start stopped its Redis", Duration.ofSeconds(20), () -> !ExternalProcess.listening(redisPort));
  }

  @Test
  void aKilledHubsRedisIsAdoptedOnRestartAndStoppedWithTheHub() throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    HubProcess hub = teardown.add(new HubProcess(tmp.resolve("data"), EmbeddedRedis.freePort(), Map.of(
        "DALABA_MQTT_PORT", String.valueOf(EmbeddedRedis.freePort()), "DALABA_REDIS_EMBEDDED_PORT", String.valueOf(redisPort))));
    hub.start();
    hub.kill();
    assertTrue(ExternalProcess.listening(redisPort), "Redis outlives the killed hub");
    hub.start();
    assertTrue(hub.log().contains("Adopting the embedded Redis"), "the restarted hub adopted its own Redis");
    new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    hub.stop();
    Await.until("the adopted Redis stopped with the hub", Duration.ofSeconds(30), () -> !ExternalProcess.listening(redisPort));
  }

  private static String redisCli(int port, String password, List<String> command) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("/usr/bin/redis-cli", "-p", String.valueOf(port), "--no-auth-warning",
        "-a", password));
    all.addAll(command);
    Process process = new ProcessBuilder(all).redirectErrorStream(true).start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static JsonObject alert() {
    return new JsonObject().put("title", "测试").put("text", "测试").put("level", "blue").put("targets", new JsonObject().put("all", true));
  }
}
