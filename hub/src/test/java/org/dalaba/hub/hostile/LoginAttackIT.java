package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 findings 2 and 5, from an unauthenticated client with many addresses (127.0.0.x) and one
 * that sits behind the county's load balancer: the login neither fills Redis nor the audit trail,
 * guesses are counted before they are checked, and no amount of guessing locks the real admin out.
 * Each test uses its own usernames and addresses, so they share one hub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LoginAttackIT {
  private static final String PROXY = "127.0.0.200";
  private static final String PASSWORD = "county-operator-password";

  @TempDir
  static Path tmp;

  private RunningHub hub;
  private int redisPort;
  private ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    redisPort = EmbeddedRedis.freePort();
    hub = Application.start(TestHubs.config(tmp.resolve("data")).with(Map.of(ConfigKey.REDIS_EMBEDDED_PORT, redisPort,
        ConfigKey.TRUSTED_PROXIES, PROXY)), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private void user(String name) {
    ApiClient.Reply created = admin.post("/api/v1/users", new JsonObject().put("username", name).put("password", PASSWORD)
        .put("role", "county_operator"));
    assertEquals(201, created.status(), created.toString());
  }

  private int login(String from, String username, String password) throws Exception {
    return RawHttp.login(from, hub.httpPort(), username, password, Map.of()).status();
  }

  @Test
  void hugeFieldsAreRefusedBeforeAnythingIsStored() throws Exception {
    String huge = "x".repeat(500_000);
    for (int i = 0; i < 20; i++) {
      RawHttp.Reply refused = RawHttp.login("127.0.0.2", hub.httpPort(), huge + i, "wrong-password", Map.of());
      assertEquals(400, refused.status(), refused.body());
      assertEquals("username", refused.json().getString("field"));
      assertTrue(refused.json().getString("message").contains("不能超过"), refused.body());
    }
    RawHttp.Reply longPassword = RawHttp.login("127.0.0.2", hub.httpPort(), "admin", huge, Map.of());
    assertEquals(400, longPassword.status());
    assertEquals("password", longPassword.json().getString("field"));
    // no key and no audit entry holds the attacker's string
    for (String key : redisCli("--scan").lines().toList()) {
      assertTrue(key.length() < 200, () -> "a long key: " + key.substring(0, 100));
    }
    assertFalse(redisCli("XREVRANGE", "dlb:audit:logins", "+", "-").contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    assertFalse(redisCli("XREVRANGE", "dlb:audit", "+", "-").contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
  }

  @Test
  void simultaneousGuessesAreCountedBeforeTheyAreChecked() throws Exception {
    user("race-target");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<CompletableFuture<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        guesses.add(CompletableFuture.supplyAsync(() -> {
          try {
            return login("127.0.0.3", "race-target", "wrong-guess-" + n);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      long checked = guesses.stream().map(CompletableFuture::join).filter(status -> status == 401).count();
      long refused = guesses.stream().map(CompletableFuture::join).filter(status -> status == 429).count();
      assertTrue(checked <= 5, checked + " of 200 simultaneous guesses were checked");
      assertEquals(200, checked + refused);
    } finally {
      pool.shutdownNow();
    }
    // the guessing address stays refused even with the right password ...
    assertEquals(429, login("127.0.0.3", "race-target", PASSWORD));
    // ... but the real user elsewhere logs in
    assertEquals(201, login("127.0.0.4", "race-target", PASSWORD));
  }

  @Test
  void guessesFromManyAddressesNeverLockTheRealUserOut() throws Exception {
    user("many-guessers");
    // 30 addresses × 5 guesses = 150, past the username's hard limit (20 × 5), the addresses at once
    ExecutorService pool = Executors.newFixedThreadPool(30);
    try {
      List<CompletableFuture<Void>> guessers = new ArrayList<>();
      for (int a = 10; a < 40; a++) {
        String from = "127.0.0." + a;
        guessers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 5; i++) {
            try {
              int status = login(from, "many-guessers", "wrong-" + i);
              assertTrue(status == 401 || status == 429, "status " + status);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }, pool));
      }
      guessers.forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
    // an address that already failed for this username is refused once the username is past its limit
    assertEquals(429, login("127.0.0.10", "many-guessers", "wrong-again"));
    // the real user, from an address with no failures, gets in (after a small delay at most)
    long started = System.nanoTime();
    assertEquals(201, login("127.0.0.99", "many-guessers", PASSWORD));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "no long lock-out");
  }

  @Test
  void forwardedForIsBelievedOnlyFromTheTrustedProxy() throws Exception {
    user("behind-proxy");
    // a client rotating X-Forwarded-For without being the proxy: still one address, locked after 5
    for (int i = 0; i < 5; i++) {
      assertEquals(401, RawHttp.login("127.0.0.5", hub.httpPort(), "behind-proxy", "wrong-" + i,
          Map.of("X-Forwarded-For", "10.9.9." + i)).status());
    }
    assertEquals(429, RawHttp.login("127.0.0.5", hub.httpPort(), "behind-proxy", PASSWORD, Map.of("X-Forwarded-For", "10.9.9.77")).status());
    // through the load balancer: the guesser behind it is locked, the admin behind it is not
    for (int i = 0; i < 5; i++) {
      assertEquals(401, RawHttp.login(PROXY, hub.httpPort(), "behind-proxy", "wrong-" + i, Map.of("X-Forwarded-For", "10.1.1.1")).status());
    }
    assertEquals(429, RawHttp.login(PROXY, hub.httpPort(), "behind-proxy", PASSWORD, Map.of("X-Forwarded-For", "10.1.1.1")).status());
    assertEquals(201, RawHttp.login(PROXY, hub.httpPort(), "behind-proxy", PASSWORD, Map.of("X-Forwarded-For", "10.2.2.2")).status());
    // and the audit names the client behind the proxy
    JsonArray failures = admin.get("/api/v1/audit?stream=logins&user=behind-proxy").body().getJsonArray("entries");
    assertTrue(failures.encode().contains("10.1.1.1"), failures.encode());
  }

  @Test
  void failedLoginsAreSummarisedApartFromTheChangeTrail() throws Exception {
    user("summarised");
    int changesBefore = Integer.parseInt(redisCli("XLEN", "dlb:audit").strip());
    for (int a = 50; a < 54; a++) {
      for (int i = 0; i < 8; i++) {
        login("127.0.0." + a, "summarised", "wrong-" + i);
      }
    }
    assertEquals(changesBefore, Integer.parseInt(redisCli("XLEN", "dlb:audit").strip()), "no failure in the change trail");
    JsonArray entries = admin.get("/api/v1/audit?stream=logins&user=summarised&limit=1000").body().getJsonArray("entries");
    // 4 addresses × 8 tries: a first-failure and a lock-out entry per address, not 32 entries
    assertEquals(8, entries.size(), entries.encode());
    assertTrue(entries.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("action").equals("login.locked")
        && e.getJsonObject("details").getLong("count") == 5));
  }

  @Test
  void passwordChangesAreThrottledToo() throws Exception {
    user("changer");
    ApiClient changer = new ApiClient(hub.httpPort()).login("changer", PASSWORD);
    for (int i = 0; i < 5; i++) {
      ApiClient.Reply wrong = changer.post("/api/v1/me/password", new JsonObject().put("currentPassword", "guess-" + i)
          .put("newPassword", "a-brand-new-passphrase"));
      assertEquals(400, wrong.status(), wrong.toString());
    }
    ApiClient.Reply throttled = changer.post("/api/v1/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "a-brand-new-passphrase"));
    assertEquals(429, throttled.status(), throttled.toString());
  }

  @Test
  void weakAndCommonPasswordsAreRefusedEverywhere() throws Exception {
    for (String weak : List.of("          ", "short", "password123", "Password2024!", "1234567890", "qwertyuiop", "aaaaaaaaaaaa",
        "abababababab", "weakling2026", "WEAKLING-12", "abcdefghijk")) {
      ApiClient.Reply refused = admin.post("/api/v1/users", new JsonObject().put("username", "weakling").put("password", weak)
          .put("role", "viewer"));
      assertEquals(400, refused.status(), "'" + weak + "': " + refused);
      assertEquals("password", refused.body().getString("field"));
      assertTrue(refused.body().getString("message").matches(".*[\\u4e00-\\u9fff].*"), refused.toString());
    }
    user("self-changer");
    ApiClient self = new ApiClient(hub.httpPort()).login("self-changer", PASSWORD);
    ApiClient.Reply spaces = self.post("/api/v1/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "          "));
    assertEquals(400, spaces.status(), spaces.toString());
    assertEquals("newPassword", spaces.body().getString("field"));
    // and HUB_ADMIN_PASSWORD on a first start
    Exception refused = assertThrows(Exception.class, () -> Application.start(TestHubs.config(tmp.resolve("weak-admin")),
        System.out, "          ").close());
    assertTrue(refused.getMessage().contains("HUB_ADMIN_PASSWORD"), refused.getMessage());
    assertTrue(Files.exists(tmp.resolve("weak-admin")));
  }

  private String redisCli(String... command) throws Exception {
    ExternalProcess.requireProgram("/usr/bin/redis-cli", "redis-tools");
    String password = Files.readString(tmp.resolve("data").resolve("credentials").resolve("redis.password")).strip();
    List<String> all = new ArrayList<>(List.of("/usr/bin/redis-cli", "-p", String.valueOf(redisPort), "--no-auth-warning",
        "-a", password));
    all.addAll(List.of(command));
    Process process = new ProcessBuilder(all).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return out;
  }
}
