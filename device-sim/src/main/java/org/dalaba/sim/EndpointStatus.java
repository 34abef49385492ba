package org.dalaba.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/** A real endpoint's last errors, for its status file (docs/endpoint.md, "Status"). Thread-safe. */
final class EndpointStatus {

  private static final int KEEP = 10;
  private final Deque<JsonObject> errors = new ArrayDeque<>();

  synchronized void error(String text) {
    errors.addFirst(new JsonObject().put("at", System.currentTimeMillis()).put("error", text));
    while (errors.size() > KEEP) {
      errors.removeLast();
    }
  }

  synchronized JsonArray errors() {
    return new JsonArray(new java.util.ArrayList<>(errors));
  }
}
