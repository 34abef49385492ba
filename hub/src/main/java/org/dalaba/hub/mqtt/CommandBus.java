package org.dalaba.hub.mqtt;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Publishes a command to a command topic (QoS 1). Completes when the broker acknowledged it. */
public interface CommandBus {
  Future<Void> publish(String topic, JsonObject command, long expiresAtMillis);
}
