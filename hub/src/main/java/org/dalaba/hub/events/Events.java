package org.dalaba.hub.events;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.BiConsumer;

/**
 * The hub's live events (endpoint status, delivery progress, alerts) for the console's event stream
 * and for the leader's bookkeeping. Each event is {@code {"type": ..., "at": epoch ms, ...}} on the
 * local event bus at {@link #ADDRESS}.
 *
 * <p>Two kinds: {@link #publishLocal} for what every hub instance sees by itself (endpoint status:
 * every instance receives every status message), and {@link #publishShared} for what only one
 * instance learns (a receipt, an alert accepted by one of them), which goes through Redis pub/sub to
 * every instance, this one included.
 */
public final class Events {
  public static final String ADDRESS = "dalaba.events";
  /**
   * Where shared events of the hubs' own bookkeeping go (types starting {@code engine.}, e.g. the delivery
   * engine's batches for the leader): delivered whole, one message each, and never to the console's stream.
   */
  public static final String INTERNAL_ADDRESS = "dalaba.internal";

  private final Vertx vertx;
  private BiConsumer<String, JsonObject> sharedPublisher;

  public Events(Vertx vertx) {
    this.vertx = vertx;
    this.sharedPublisher = (type, body) -> deliver(stamped(type, body));
  }

  /** Routes shared events through the cluster (Redis pub/sub); until set, they stay local. */
  public void shareThrough(BiConsumer<String, JsonObject> publisher) {
    this.sharedPublisher = publisher;
  }

  public void publishLocal(String type, JsonObject body) {
    vertx.eventBus().publish(ADDRESS, stamped(type, body));
  }

  public void publishShared(String type, JsonObject body) {
    sharedPublisher.accept(type, body);
  }

  /**
   * Delivers an event that arrived from the cluster channel to this instance's listeners. A batch
   * ({@code type} ending in {@code .batch}, with {@code items}) travels as one message and is handed
   * on as one event per item, e.g. {@code delivery.batch} → {@code delivery} events.
   */
  public void deliver(JsonObject event) {
    String type = event.getString("type", "");
    if (type.startsWith("engine.")) {
      vertx.eventBus().publish(INTERNAL_ADDRESS, event);
    } else if (type.endsWith(".batch")) {
      String itemType = type.substring(0, type.length() - ".batch".length());
      long at = event.getLong("at", System.currentTimeMillis());
      for (Object item : event.getJsonArray("items", new io.vertx.core.json.JsonArray())) {
        vertx.eventBus().publish(ADDRESS, ((JsonObject) item).copy().put("type", itemType).put("at", at));
      }
    } else {
      vertx.eventBus().publish(ADDRESS, event);
    }
  }

  public static JsonObject stamped(String type, JsonObject body) {
    return body.copy().put("type", type).put("at", System.currentTimeMillis());
  }
}
