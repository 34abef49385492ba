package org.dalaba.hub.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Asked on the hub's context, where the cluster link keeps its state. */
    boolean sharesConsoleBatches() {
      java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
      vertx.runOnContext(v -> answer.complete(cluster.sharesConsoleBatches()));
      return answer.orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  @BeforeEach
  void start() throws Exception {
    redis = new EmbeddedRedis(dataDir, EmbeddedRedis.freePort(), "");
    redis.start();
    a.start(redis.url());
  }

  private void startB() {
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
    startB();
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

  @Test
  void aHubAloneKeepsItsConsoleBatchesToItselfAndSharesThemOnceAnotherHubListens() {
    // a batch of 2,000 receipts' items: some 200 KB on the wire if it were published
    io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < 2_000; i++) {
      items.add(new JsonObject().put("alertId", "a-20261204-test").put("endpointId", "211282001" + (1000 + i))
          .put("villageId", "211282001" + (1000 + i)).put("state", "playing"));
    }
    JsonObject batch = new JsonObject().put("items", items);
    // GIVEN hub A alone on the channel
    Await.until("A has found itself alone", WAIT, () -> !a.sharesConsoleBatches());
    long before = bytesRedisRead();
    // WHEN A publishes a console batch
    a.publish("delivery.batch", batch);
    // THEN its own listeners have it, and Redis was not sent it (what Redis read meanwhile: probes, INFO, a few KB)
    Await.until("A's listeners have its batch", WAIT, () -> a.types().contains("delivery.batch"));
    long read = bytesRedisRead() - before;
    assertTrue(read < 50_000, "Redis read " + read + " bytes: the batch was published though nobody else listens");
    // WHEN hub B subscribes (and says so at once), and A publishes the next batch
    startB();
    Await.until("A has heard B", WAIT, a::sharesConsoleBatches);
    a.publish("delivery.batch", batch);
    // THEN B's listeners have it
    Await.until("B has A's batch", WAIT, () -> b.types().contains("delivery.batch"));
    assertEquals(2_000, b.got.stream().filter(e -> "delivery.batch".equals(e.getString("type"))).findFirst().orElseThrow()
        .getJsonArray("items").size());
  }

  private long bytesRedisRead() {
    return Long.parseLong(RedisCli.field(RedisCli.run(redis.port(), redis.password(), "INFO", "stats"), "total_net_input_bytes"));
  }
}
