package org.dalaba.hub.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Hands an event to this hub's consumers as it is, without the deep copy Vert.x's own JsonObject codec makes for
 * every consumer of every message: a batch of 500 delivery changes would otherwise be copied once per consumer.
 * Consumers of {@link Events} read events and never change them. On the wire (a clustered event bus, not used by
 * the hub) it is plain JSON.
 */
final class SharedEventCodec implements MessageCodec<JsonObject, JsonObject> {
  static final String NAME = "dalaba-event";

  @Override
  public void encodeToWire(Buffer buffer, JsonObject event) {
    Buffer json = event.toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject event) {
    return event;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
