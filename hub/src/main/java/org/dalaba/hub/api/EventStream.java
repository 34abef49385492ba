package org.dalaba.hub.api;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of every hub event ({@code event: <type>},
 * {@code data: <json>}), with a comment line every 15 s so proxies keep the connection open. Each
 * listener gets only the events of its user's scope.
 */
final class EventStream {
  private static final long KEEPALIVE_MS = 15_000;

  private final Vertx vertx;
  private final Set<HttpServerResponse> open = new HashSet<>();

  private final Supplier<Directory> directory;
  private final SessionStore sessions;

  EventStream(Vertx vertx, Supplier<Directory> directory, SessionStore sessions) {
    this.vertx = vertx;
    this.directory = directory;
    this.sessions = sessions;
  }

  void open(RoutingContext ctx) {
    Scope scope = Http.caller(ctx).scope();
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    response.write("retry: 3000\n: connected\n\n");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Events.ADDRESS, message -> {
      JsonObject event = message.body();
      if (!response.writeQueueFull() && inScope(event, scope)) { // a client that cannot keep up misses events, it does not stall the hub
        response.write("event: " + event.getString("type") + "\ndata: " + event.encode() + "\n\n");
      }
    });
    String token = ctx.get(Http.TOKEN);
    // the stream ends with the session (expiry, logout, user deleted), as every other request would
    long keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> sessions.find(token).onComplete(found -> {
      if (found.succeeded() && found.result() == null && !response.ended()) {
        response.end();
      } else if (!response.ended()) {
        response.write(": keepalive\n\n");
      }
    }));
    open.add(response);
    response.closeHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(keepalive);
      open.remove(response);
    });
    response.endHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(keepalive);
      open.remove(response);
    });
  }

  private boolean inScope(JsonObject event, Scope scope) {
    if (scope.isCounty()) {
      return true;
    }
    Directory dir = directory.get();
    String villageId = event.getString("villageId");
    if (villageId == null && event.getString("endpointId") != null) {
      villageId = dir.endpoint(event.getString("endpointId")).map(e -> e.villageId()).orElse(null);
    }
    if (villageId != null) {
      return scope.includesVillage(villageId, dir);
    }
    JsonObject targets = event.getJsonObject("targets");
    return targets != null && scope.touches(Targets.fromJson(targets), dir);
  }

  void closeAll() {
    for (HttpServerResponse response : Set.copyOf(open)) {
      if (!response.ended()) {
        response.end();
      }
    }
  }
}
