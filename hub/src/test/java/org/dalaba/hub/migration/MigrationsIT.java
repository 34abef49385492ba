package org.dalaba.hub.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.StartupException;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.PersistentRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The start-up migration step against a real Redis: fresh data, old data, and data from a newer hub. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationsIT {
  @TempDir
  Path dir;
  ExternalProcess redisProcess;
  Vertx vertx;
  RedisStore redis;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    int port = EmbeddedRedis.freePort();
    redisProcess = PersistentRedis.start(dir, port);
    vertx = Vertx.vertx();
    redis = new RedisStore(vertx, "redis://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() throws Exception {
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    redisProcess.close();
  }

  /** A later layout change, as a test stands in for one: renames a key, and logs that it ran. */
  private Migration renameDirectory() {
    return new Migration() {
      public int from() { return 1; }

      public String description() { return "test: move the directory"; }

      public Future<Void> apply(RedisStore store) {
        log.add("migrate 1→2");
        return store.send(Command.RENAME, Keys.DIRECTORY, "dlb:directory:v2").mapEmpty();
      }
    };
  }

  private Migrations.Outcome upgrade(Migrations migrations) throws Exception {
    return migrations.upgrade(redis, () -> {
      log.add("backup");
      return dir.resolve("before.zip");
    }).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private String get(String key) throws Exception {
    var reply = redis.send(Command.GET, key).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return reply == null ? null : reply.toString();
  }

  @Test
  void aFreshRedisIsStampedWithTheCurrentFormatWithoutABackup() throws Exception {
    Migrations.Outcome outcome = upgrade(new Migrations(vertx, Migrations.standard()));
    assertEquals(new Migrations.Outcome(1, 1, null), outcome);
    assertEquals("1", get(DataFormat.KEY));
    assertTrue(log.isEmpty(), log.toString());
  }

  @Test
  void unversionedDataIsBackedUpFirstThenMigratedInOrder() throws Exception {
    // GIVEN data of a hub from before the format was recorded (format 0)
    redis.send(Command.HSET, Keys.SERVICE_SECRETS, "hub", "x").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    redis.send(Command.SET, Keys.DIRECTORY, "{}").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    // WHEN a hub whose layout is format 2 starts on it
    Migrations.Outcome outcome = upgrade(new Migrations(vertx, List.of(new RecordFormat(), renameDirectory())));
    // THEN it took a backup before touching anything, ran 0→1 and 1→2 in order, and recorded 2
    assertEquals(List.of("backup", "migrate 1→2"), log);
    assertEquals(new Migrations.Outcome(0, 2, dir.resolve("before.zip")), outcome);
    assertEquals("2", get(DataFormat.KEY));
    assertEquals("{}", get("dlb:directory:v2"));
    assertNull(get(Keys.DIRECTORY));
    // AND a second start finds nothing to do
    log.clear();
    assertEquals(new Migrations.Outcome(2, 2, null), upgrade(new Migrations(vertx, List.of(new RecordFormat(), renameDirectory()))));
    assertTrue(log.isEmpty(), log.toString());
  }

  @Test
  void dataOfANewerFormatStopsTheStartAndIsLeftAlone() throws Exception {
    redis.send(Command.SET, DataFormat.KEY, "7").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> upgrade(new Migrations(vertx, Migrations.standard())));
    assertTrue(refused.getCause() instanceof StartupException, refused.toString());
    String message = refused.getCause().getMessage();
    assertTrue(message.contains("format 7") && message.contains("newer hub") && message.contains("up to 1"), message);
    assertEquals("7", get(DataFormat.KEY));
    assertTrue(log.isEmpty(), "no backup, no migration: " + log);
  }
}
