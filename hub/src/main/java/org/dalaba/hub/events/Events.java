package org.dalaba.hub.events;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The hub's live events (endpoint status, delivery progress, alerts) for the console's event stream.
 * Published on the Vert.x event bus; each event is {@code {"type": ..., "at": epoch ms, ...}}.
 */
public final class Events {
  public static final String ADDRESS = "dalaba.events";

  private final Vertx vertx;

  public Events(Vertx vertx) {
    this.vertx = vertx;
  }

  public void publish(String type, JsonObject body) {
    vertx.eventBus().publish(ADDRESS, body.copy().put("type", type).put("at", System.currentTimeMillis()));
  }
}
