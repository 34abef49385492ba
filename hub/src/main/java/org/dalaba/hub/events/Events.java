package org.dalaba.hub.events;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.BiConsumer;

/**
 * The hub's live events (endpoint status, delivery progress, alerts) for the console's event stream
 * and for the leader's bookkeeping. Each event is {@code {"type": ..., "at": epoch ms, ...}} on the
 * local event bus at {@link #ADDRESS}.
 *
 * <p>Two kinds: {@link #publishLocal} for what every hub instance sees by itself (endpoint status:
 * every instance receives every status message), and {@link #publishShared} for what only one
 * instance learns (a receipt, an alert accepted by one of them), which this instance's listeners get at
 * once and the other instances through Redis pub/sub.
 */
public final class Events {
  public static final String ADDRESS = "dalaba.events";
  /**
   * Where shared events of the hubs' own bookkeeping go (types starting {@code engine.}, e.g. the delivery
   * engine's batches for the leader): delivered whole, one message each, and never to the console's stream.
   */
  public static final String INTERNAL_ADDRESS = "dalaba.internal";

  private static final DeliveryOptions AS_IS = new DeliveryOptions().setCodecName(SharedEventCodec.NAME);

  private final Vertx vertx;
  private BiConsumer<String, JsonObject> sharedPublisher;

  public Events(Vertx vertx) {
    this.vertx = vertx;
    try {
      vertx.eventBus().registerCodec(new SharedEventCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another Events of the same Vert.x instance registered it
    }
    this.sharedPublisher = (type, body) -> deliver(stamped(type, body));
  }

  /** Routes shared events through the cluster (Redis pub/sub); until set, they stay local. */
  public void shareThrough(BiConsumer<String, JsonObject> publisher) {
    this.sharedPublisher = publisher;
  }

  public void publishLocal(String type, JsonObject body) {
    vertx.eventBus().publish(ADDRESS, stamped(type, body), AS_IS);
  }

  public void publishShared(String type, JsonObject body) {
    sharedPublisher.accept(type, body);
  }

  /**
   * Delivers an event to this instance's listeners, once, as it is (they must not change it). A batch ({@code type}
   * ending in {@code .batch}, with {@code items}, e.g. {@code delivery.batch}) stays one message: whoever needs its
   * items one by one (the console's event stream) reads them with {@link #itemType} and {@link #itemJson}, so a
   * hub without consoles open spends nothing per item.
   */
  public void deliver(JsonObject event) {
    String type = event.getString("type", "");
    vertx.eventBus().publish(type.startsWith("engine.") ? INTERNAL_ADDRESS : ADDRESS, event, AS_IS);
  }

  /** The type of each item of a batch event ({@code delivery.batch} → {@code delivery}), or null if not a batch. */
  public static String itemType(String type) {
    return type.endsWith(".batch") ? type.substring(0, type.length() - ".batch".length()) : null;
  }

  /** A batch's items (empty if it has none). */
  public static JsonArray items(JsonObject batch) {
    JsonArray items = batch.getJsonArray("items");
    return items == null ? new JsonArray() : items;
  }

  /** One item of a batch as the event it stands for: the item's fields with the item's type and the batch's time. */
  public static String itemJson(String itemType, long at, JsonObject item) {
    String head = "{\"type\":" + io.vertx.core.json.Json.encode(itemType) + ",\"at\":" + at;
    return item.isEmpty() ? head + "}" : head + "," + item.encode().substring(1);
  }

  public static JsonObject stamped(String type, JsonObject body) {
    return body.copy().put("type", type).put("at", System.currentTimeMillis());
  }
}
