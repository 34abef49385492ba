package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;

/**
 * Logging in and out, who am I, and the authentication every other {@code /api/v1} call passes.
 * Tokens travel in the Authorization header (never a cookie), so the API is not open to CSRF.
 */
final class SessionRoutes {
  private final UserStore users;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final Supplier<Directory> directory;
  private final Times times;
  private final StreamTickets tickets;
  private final java.util.function.Consumer<String> accessChanged;

  SessionRoutes(UserStore users, SessionStore sessions, LoginThrottle throttle, AuditLog audit, Supplier<Directory> directory,
                Times times, StreamTickets tickets, java.util.function.Consumer<String> accessChanged) {
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
    this.audit = audit;
    this.directory = directory;
    this.times = times;
    this.tickets = tickets;
    this.accessChanged = accessChanged;
  }

  /** Routes that need no token. */
  void mountPublic(Router router) {
    router.post("/api/v1/session").handler(this::login);
  }

  void mount(Router router) {
    router.delete("/api/v1/session").handler(this::logout);
    router.get("/api/v1/me").handler(ctx -> Http.json(ctx, 200, me(Http.caller(ctx))));
    router.post("/api/v1/me/password").handler(this::changePassword);
  }

  private JsonObject me(User user) {
    return user.toJson(directory.get(), times::iso).put("zone", times.zone().getId())
        .put("expiresInSeconds", sessions.ttlSeconds());
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    if (!(body.getValue("username") instanceof String username) || username.isBlank()) {
      throw ApiError.badField("username", "必填", "is required");
    }
    if (!(body.getValue("password") instanceof String password) || password.isEmpty()) {
      throw ApiError.badField("password", "必填", "is required");
    }
    String address = Http.address(ctx);
    Http.reply(ctx, 201, throttle.lockedFor(username, address).compose(locked -> {
      if (locked > 0) {
        audit.record(username, "login.locked", new JsonObject().put("ip", address));
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(locked));
        return Future.failedFuture(ApiError.tooManyLogins(locked));
      }
      return users.verify(username, password).compose(user -> {
        if (user == null) {
          audit.record(username, "login.failed", new JsonObject().put("ip", address));
          return throttle.failed(username, address).compose(v -> Future.failedFuture(ApiError.badLogin()));
        }
        return throttle.succeeded(username, address).compose(v -> sessions.open(username)).map(token -> {
          audit.record(username, "login", new JsonObject().put("ip", address));
          return me(user).put("token", token);
        });
      });
    }));
  }

  private void logout(RoutingContext ctx) {
    User user = Http.caller(ctx);
    Http.reply(ctx, 200, sessions.close(ctx.get(Http.TOKEN), user.username()).map(v -> {
      accessChanged.accept(user.username());
      audit.record(user.username(), "logout", new JsonObject());
      return new JsonObject().put("loggedOut", true);
    }));
  }

  /** Any user changes their own password; every session of theirs ends and this one is replaced. */
  private void changePassword(RoutingContext ctx) {
    User user = Http.caller(ctx);
    JsonObject body = Http.body(ctx);
    if (!(body.getValue("currentPassword") instanceof String current) || current.isEmpty()) {
      throw ApiError.badField("currentPassword", "必填", "is required");
    }
    if (!(body.getValue("newPassword") instanceof String next) || next.length() < UserRequest.MIN_PASSWORD || next.length() > 200) {
      throw ApiError.badField("newPassword", "至少 " + UserRequest.MIN_PASSWORD + " 个字符",
          "must be at least " + UserRequest.MIN_PASSWORD + " characters");
    }
    Http.reply(ctx, 200, users.verify(user.username(), current).compose(checked -> {
      if (checked == null) {
        return Future.failedFuture(ApiError.badField("currentPassword", "当前密码不正确", "the current password is wrong"));
      }
      return users.setPassword(user.username(), next).compose(v -> sessions.closeAll(user.username()))
          .compose(v -> sessions.open(user.username())).map(token -> {
            accessChanged.accept(user.username()); // streams opened with the old sessions end
            audit.record(user.username(), "password.change", new JsonObject());
            return me(user).put("token", token);
          });
    }));
  }

  /**
   * Finds the session and loads the user afresh, so a changed role or a deleted account applies at once.
   * The event stream, which EventSource opens without headers, is opened with a single-use ticket
   * ({@code ?ticket=}, see {@link StreamTickets}) instead: the session token never appears in a URL.
   */
  void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Future<String> token;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = Future.succeededFuture(header.substring(7).trim());
    } else if (ctx.request().path().equals("/api/v1/events") && ctx.request().getParam("ticket") != null) {
      token = tickets.redeem(ctx.request().getParam("ticket"));
    } else {
      token = Future.succeededFuture(null);
    }
    token.onComplete(t -> {
      if (t.failed()) {
        Http.fail(ctx, t.cause());
      } else if (t.result() == null || t.result().isEmpty()) {
        Http.fail(ctx, ApiError.unauthorized());
      } else {
        authenticate(ctx, t.result());
      }
    });
  }

  private void authenticate(RoutingContext ctx, String presented) {
    sessions.find(presented).compose(username -> username == null ? Future.succeededFuture(null) : users.find(username))
        .onComplete(found -> {
          if (found.failed()) {
            Http.fail(ctx, found.cause());
          } else if (found.result() == null) {
            Http.fail(ctx, ApiError.unauthorized());
          } else {
            ctx.put(Http.USER, found.result());
            ctx.put(Http.TOKEN, presented);
            ctx.next();
          }
        });
  }
}
