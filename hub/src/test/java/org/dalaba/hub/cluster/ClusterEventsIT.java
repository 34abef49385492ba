package org.dalaba.hub.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.RedisCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two hubs' shared events over a real Redis: each hub's listeners get every event once, their own at once and unmarked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterEventsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;
  private EmbeddedRedis redis;
  private final Hub a = new Hub();
  private final Hub b = new Hub();

  /** One hub's Vert.x, store, events and cluster link, and what its listeners got. */
  private static final class Hub {
    final Vertx vertx = Vertx.vertx();
    final List<JsonObject> got = new CopyOnWriteArrayList<>();
    Events events;
    RedisStore store;
    ClusterEvents cluster;

    void start(String redisUrl) {
      events = new Events(vertx);
      vertx.eventBus().<JsonObject>localConsumer(Events.ADDRESS, m -> got.add(m.body()));
      store = new RedisStore(vertx, redisUrl);
      cluster = new ClusterEvents(vertx, store, events);
      vertx.runOnContext(v -> cluster.start());
    }

    void publish(String type, JsonObject body) {
      vertx.runOnContext(v -> events.publishShared(type, body));
    }

    void stop() throws Exception {
      if (cluster != null) {
        vertx.runOnContext(v -> {
          cluster.stop();
          store.close();
        });
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    List<String> types() {
      return got.stream().map(e -> e.getString("type")).toList();
    }
  }

  @BeforeEach
  void start() throws Exception {
    redis = new EmbeddedRedis(dataDir, EmbeddedRedis.freePort(), "");
    redis.start();
    a.start(redis.url());
    b.start(redis.url());
    Await.until("both hubs subscribed to " + ClusterEvents.CHANNEL, WAIT,
        () -> RedisCli.run(redis.port(), redis.password(), "PUBSUB", "NUMSUB", ClusterEvents.CHANNEL).strip().endsWith("\n2"));
  }

  @AfterEach
  void stop() throws Exception {
    a.stop();
    b.stop();
    redis.close();
  }

  @Test
  void eachHubGetsEveryEventOnceAndItsOwnWithoutTheSendersMark() {
    // WHEN hub A publishes, and hub B answers once it has A's event
    a.publish("test.first", new JsonObject().put("n", 1));
    Await.until("B has A's event", WAIT, () -> b.types().contains("test.first"));
    b.publish("test.second", new JsonObject().put("n", 2));
    // THEN A has both (its own copy came back through Redis before B's event, and was skipped), B too, once each
    Await.until("A has B's event", WAIT, () -> a.types().contains("test.second"));
    assertEquals(List.of("test.first", "test.second"), a.types());
    assertEquals(List.of("test.first", "test.second"), b.types());
    // AND the event a hub got from the other carries no mark of who sent it
    for (Hub hub : List.of(a, b)) {
      for (JsonObject event : hub.got) {
        assertNull(event.getValue(ClusterEvents.SENT_BY), event.encode());
        assertFalse(event.getString("type").isEmpty());
      }
    }
    assertEquals(1, b.got.get(0).getInteger("n"));
    assertEquals(2, a.got.get(1).getInteger("n"));
  }
}
