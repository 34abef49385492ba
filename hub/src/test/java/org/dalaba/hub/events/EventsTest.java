package org.dalaba.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.testing.Await;
import org.junit.jupiter.api.Test;

class EventsTest {
  @Test
  void aBatchItemReadsAsTheEventItStandsFor() {
    JsonObject item = new JsonObject().put("alertId", "a-1").put("endpointId", "e-1").put("state", "played");
    JsonObject event = new JsonObject(Events.itemJson("delivery", 1234L, item));
    assertEquals(item.copy().put("type", "delivery").put("at", 1234L), event);
    assertEquals(new JsonObject().put("type", "delivery").put("at", 5L), new JsonObject(Events.itemJson("delivery", 5L, new JsonObject())));
    assertEquals("delivery", Events.itemType("delivery.batch"));
    assertNull(Events.itemType("alert"));
  }

  @Test
  void everyLocalConsumerGetsTheSameEventUncopied() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Events events = new Events(vertx);
      new Events(vertx); // a second one on the same Vert.x does not fail on the codec
      List<JsonObject> got = new CopyOnWriteArrayList<>();
      vertx.eventBus().<JsonObject>localConsumer(Events.ADDRESS, m -> got.add(m.body()));
      vertx.eventBus().<JsonObject>localConsumer(Events.ADDRESS, m -> got.add(m.body()));
      JsonObject batch = new JsonObject().put("type", "delivery.batch").put("items", new JsonArray().add(new JsonObject().put("endpointId", "e")));
      events.deliver(batch);
      Await.until("both consumers got it", java.time.Duration.ofSeconds(5), () -> got.size() == 2);
      assertSame(batch, got.get(0));
      assertSame(batch, got.get(1));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
