package org.dalaba.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.signing.CommandKeys;
import org.dalaba.hub.signing.CommandSigner;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish queue is bounded: with the broker away, publishes wait up to mqtt.publishQueueMax, the next one fails
 * at once and is counted, and stopping the gateway fails those still waiting instead of leaving them pending.
 */
class PublishQueueBoundTest {
  @TempDir
  Path tmp;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aPublishBeyondTheBoundFailsAtOnceAndIsCounted() throws Exception {
    CommandSigner signer = new CommandSigner(new CommandKeys(tmp).load("").signing());
    int nobodyListens = EmbeddedRedis.freePort();
    MqttGateway gateway = new MqttGateway(vertx.getOrCreateContext(), "tcp://127.0.0.1:" + nobodyListens, "hub", "secret",
        (topic, payload) -> { }, 8, Map.of(Topics.ALL_STATUS, 1), signer, 3);
    gateway.start(false);

    // GIVEN the broker away and three publishes waiting
    List<Future<Void>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(gateway.publish(Topics.endpoint("ep-" + i), new JsonObject().put("n", i), 0));
    }
    Await.until("three publishes queued", Duration.ofSeconds(10), () -> gateway.queued() == 3);
    // WHEN a fourth comes
    Future<Void> fourth = gateway.publish(Topics.endpoint("ep-4"), new JsonObject().put("n", 4), 0);
    // THEN it fails at once, is counted, and the three wait on
    assertTrue(fourth.failed(), "the fourth publish failed at once");
    assertInstanceOf(PublishQueueFullException.class, fourth.cause());
    assertEquals(1, gateway.publishesRefused());
    assertEquals(3, gateway.queued());
    assertTrue(waiting.stream().noneMatch(Future::isComplete));

    // AND a stop fails those waiting and empties the queue
    gateway.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Await.until("the waiting publishes failed", Duration.ofSeconds(10), () -> waiting.stream().allMatch(Future::failed));
    assertEquals(0, gateway.queued());
    // AND a publish after the stop fails at once rather than wait for ever
    assertTrue(gateway.publish(Topics.endpoint("ep-5"), new JsonObject(), 0).failed());
  }
}
