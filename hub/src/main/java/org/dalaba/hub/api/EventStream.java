package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of every hub event ({@code event: <type>},
 * {@code data: <json>}), with a comment line every 15 s so proxies keep the connection open. Each
 * listener gets only the events of its user's current scope: when a user's access changes (role or
 * scope changed, account deleted, logout, password changed) an {@link #ACCESS_CHANGED} event reaches
 * every hub instance through the cluster channel, and each re-reads the user and the session behind
 * its open streams: a stream is re-scoped, or ended when the session or the right to view is gone.
 * The same check runs with every keep-alive, in case a cluster event was lost.
 */
final class EventStream {
  /** Shared event type naming a user whose streams must be checked again; never sent to clients. */
  static final String ACCESS_CHANGED = "user.access";
  private static final long KEEPALIVE_MS = 15_000;

  /** One open stream: whose it is, through which session, with the scope it currently has. */
  private static final class Listener {
    final String username;
    final String token;
    final HttpServerResponse response;
    /** null while the user's access is being read again after a change */
    volatile Scope scope;
    /** whether the user has alert rights: external warnings ({@code cap.*} events) go only to them */
    volatile boolean mayAlert;

    Listener(User user, String token, HttpServerResponse response) {
      this.username = user.username();
      this.token = token;
      this.response = response;
      this.scope = user.scope();
      this.mayAlert = user.may(Permission.SEND_ALERTS);
    }
  }

  private final Vertx vertx;
  private final Set<Listener> open = new HashSet<>();
  private final Supplier<Directory> directory;
  private final SessionStore sessions;
  private final UserStore users;

  EventStream(Vertx vertx, Supplier<Directory> directory, SessionStore sessions, UserStore users) {
    this.vertx = vertx;
    this.directory = directory;
    this.sessions = sessions;
    this.users = users;
  }

  void open(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    Listener listener = new Listener(Http.caller(ctx), ctx.get(Http.TOKEN), response);
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    response.write("retry: 3000\n: connected\n\n");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Events.ADDRESS, message -> {
      JsonObject event = message.body();
      if (ACCESS_CHANGED.equals(event.getString("type"))) {
        if (listener.username.equals(event.getString("username"))) {
          listener.scope = null; // nothing passes until the user is read again
          recheck(listener);
        }
        return;
      }
      String type = event.getString("type", "");
      String itemType = Events.itemType(type);
      if (itemType == null) {
        send(listener, type, event, event::encode);
        return;
      }
      long at = event.getLong("at", System.currentTimeMillis());
      for (Object item : Events.items(event)) {
        JsonObject one = (JsonObject) item;
        send(listener, itemType, one, () -> Events.itemJson(itemType, at, one));
      }
    });
    long keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> recheck(listener).onSuccess(alive -> {
      if (alive && !response.ended()) {
        response.write(": keepalive\n\n");
      }
    }));
    open.add(listener);
    Runnable closed = () -> {
      consumer.unregister();
      vertx.cancelTimer(keepalive);
      open.remove(listener);
    };
    response.closeHandler(v -> closed.run());
    response.endHandler(v -> closed.run());
  }

  /** Writes one event if the listener may see it; a client that cannot keep up misses events, it does not stall the hub. */
  private void send(Listener listener, String type, JsonObject fields, Supplier<String> json) {
    if (type.startsWith("cap.") && !listener.mayAlert) {
      return;
    }
    HttpServerResponse response = listener.response;
    if (!response.ended() && !response.writeQueueFull() && inScope(fields, listener.scope)) {
      response.write("event: " + type + "\ndata: " + json.get() + "\n\n");
    }
  }

  /** Reads the session and the user again: re-scopes the stream, or ends it; true if it stays open. */
  private Future<Boolean> recheck(Listener listener) {
    return sessions.find(listener.token)
        .compose(username -> listener.username.equals(username) ? users.find(username) : Future.succeededFuture((User) null))
        .map(user -> {
          if (user == null || !user.may(Permission.VIEW)) {
            if (!listener.response.ended()) {
              listener.response.end();
            }
            return false;
          }
          listener.scope = user.scope();
          listener.mayAlert = user.may(Permission.SEND_ALERTS);
          return true;
        })
        .otherwise(false); // Redis unreachable: keep the stream and its scope until the next check
  }

  private boolean inScope(JsonObject event, Scope scope) {
    if (scope == null) {
      return false;
    }
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
    for (Listener listener : Set.copyOf(open)) {
      if (!listener.response.ended()) {
        listener.response.end();
      }
    }
  }
}
