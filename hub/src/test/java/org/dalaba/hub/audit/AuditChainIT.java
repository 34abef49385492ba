package org.dalaba.hub.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.RedisCli;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash-chained audit trail on a real hub and its real Redis: entries written before the chain are accepted as
 * its start, appends from the hub (many requests at once) and from another appender of the same script (as a second
 * hub would) keep one chain, and what a local attacker with the Redis password can do — replace the stream with an
 * edited copy, delete one entry — is found and named by {@code GET /api/v1/audit/verify}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuditChainIT {
  private static final String STREAM = "dlb:audit";
  private static final String QINGYUN = "211282101";

  @TempDir
  static Path tmp;
  RunningHub hub;
  int redisPort;
  ApiClient admin;
  String password;

  @BeforeAll
  void start() throws Exception {
    redisPort = EmbeddedRedis.freePort();
    hub = Application.start(TestHubs.config(tmp.resolve("data")).with(ConfigKey.REDIS_EMBEDDED_PORT, redisPort), System.out,
        TestHubs.ADMIN_PASSWORD);
    password = Files.readString(tmp.resolve("data").resolve("credentials").resolve("redis.password")).strip();
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private String redis(String... args) {
    return RedisCli.run(redisPort, password, args);
  }

  private JsonArray entries() {
    return new JsonArray(redis("--json", "XRANGE", STREAM, "-", "+"));
  }

  private Path script(String resource) throws Exception {
    Path file = tmp.resolve(resource.replace('/', '-'));
    if (!Files.exists(file)) {
      try (var in = AuditChainIT.class.getResourceAsStream("/" + resource)) {
        Files.write(file, in.readAllBytes());
      }
    }
    return file;
  }

  private JsonObject verify() {
    ApiClient.Reply reply = admin.get("/api/v1/audit/verify");
    assertEquals(200, reply.status(), reply.toString());
    return reply.body();
  }

  @Test
  void theChainHoldsUnderConcurrentAppendsStartsAfterOlderEntriesAndNamesTheEntryWhereItWasTamperedWith() throws Exception {
    // GIVEN a trail that began before the chain existed: two entries without a hash
    redis("DEL", STREAM);
    redis("XADD", STREAM, "*", "user", "admin", "action", "user.create", "at", "1700000000000", "details", "{\"username\":\"old\"}");
    redis("XADD", STREAM, "*", "user", "admin", "action", "user.update", "at", "1700000000001", "details", "{\"username\":\"old\"}");
    String oldest = entries().getJsonArray(0).getString(0);

    // WHEN the hub records changes from many requests at once while another appender (a second hub) runs the same script
    String alertId = TestAlerts.toVillages(admin, "审计链测试", villages(15).toArray(String[]::new));
    Path append = script("redis/audit-append.lua");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    try {
      for (String village : villages(15)) {
        writes.add(CompletableFuture.supplyAsync(() -> admin.post("/api/v1/alerts/" + alertId + "/villages/" + village + "/phoned",
            new JsonObject().put("note", "已通知")).status(), pool));
      }
      for (int i = 0; i < 25; i++) {
        int n = i;
        writes.add(CompletableFuture.supplyAsync(() -> {
          String id = RedisCli.run(redisPort, password, "--eval", append.toString(), STREAM, ",", "1000000", "hub-b", "alert.phoned",
              String.valueOf(System.currentTimeMillis()), "{\"n\":" + n + "}").strip();
          return id.matches("\\d+-\\d+") ? 200 : 500;
        }, pool));
      }
      for (CompletableFuture<Integer> write : writes) {
        assertEquals(200, write.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    // THEN the chain is intact, starts after the two older entries and covers every entry
    JsonObject intact = verify();
    long length = Long.parseLong(redis("XLEN", STREAM).strip());
    assertTrue(intact.getBoolean("intact"), intact.encode());
    assertEquals(length, intact.getLong("checked"), intact.encode());
    assertTrue(length >= 43, "two old entries, the alert, 15 marks and 25 appended by the other appender: " + length);
    assertEquals(oldest, intact.getString("firstId"));
    assertEquals(2, intact.getLong("legacy"));
    assertEquals(entries().getJsonArray(2).getString(0), intact.getString("chainStartsAt"));
    assertEquals(64, intact.getString("lastHash").length());
    assertEquals(403, viewer().get("/api/v1/audit/verify").status(), "only who may read the audit trail may verify it");

    // WHEN an attacker replaces the stream with a copy in which one entry's details are edited
    JsonArray before = entries();
    String edited = before.getJsonArray(10).getString(0);
    String next = before.getJsonArray(11).getString(0);
    Path rewrite = script("attacks/rewrite-audit.lua");
    redis("--eval", rewrite.toString(), STREAM, ",", edited, "details", "{\"note\":\"nothing happened\"}");
    // THEN verification names the entry after the edited one (its hash of the edited entry no longer matches)
    JsonObject tampered = verify();
    assertFalse(tampered.getBoolean("intact"), tampered.encode());
    assertEquals(next, tampered.getString("brokenAt"), tampered.encode());
    assertTrue(tampered.getString("reason").contains("不符"), tampered.encode());

    // AND a faithful copy (the edit put back) is intact again: the ids and fields alone make the hash
    redis("--eval", rewrite.toString(), STREAM, ",", edited, "details", before.getJsonArray(10).getJsonArray(1).getString(7));
    assertTrue(verify().getBoolean("intact"), "the original put back");

    // WHEN one entry is deleted (XDEL), THEN the entry after it is named
    String deleted = before.getJsonArray(20).getString(0);
    redis("XDEL", STREAM, deleted);
    JsonObject afterDelete = verify();
    assertFalse(afterDelete.getBoolean("intact"), afterDelete.encode());
    assertEquals(before.getJsonArray(21).getString(0), afterDelete.getString("brokenAt"), afterDelete.encode());
    assertNotEquals(null, afterDelete.getString("reason"));
  }

  private ApiClient viewer() {
    String name = "audit-viewer";
    if (admin.get("/api/v1/users").body().encode().indexOf("\"" + name + "\"") < 0) {
      assertEquals(201, admin.post("/api/v1/users", new JsonObject().put("username", name).put("password", "viewer-test-password")
          .put("role", "viewer").put("scope", new JsonObject().put("kind", "county"))).status());
    }
    return new ApiClient(hub.httpPort()).login(name, "viewer-test-password");
  }

  private static List<String> villages(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(QINGYUN + String.format("%03d", i));
    }
    return ids;
  }
}
