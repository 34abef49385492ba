package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.dalaba.hub.access.PasswordPolicy;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;

/**
 * Logging in and out, who am I, and the authentication every other {@code /api/v1} call passes.
 * Tokens travel in the Authorization header (never a cookie), so the API is not open to CSRF.
 */
final class SessionRoutes {
  static final int MAX_USERNAME = org.dalaba.hub.config.Limits.LOGIN_USERNAME_CHARS;
  private static final String LOGIN = "login";
  private static final String PASSWORD = "password";

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
    // bounded before anything is stored: the username ends up in Redis keys and audit entries
    if (!(body.getValue("username") instanceof String username) || username.isBlank()) {
      throw ApiError.badField("username", "必填", "is required");
    }
    if (username.length() > MAX_USERNAME) {
      throw ApiError.badField("username", "不能超过 " + MAX_USERNAME + " 个字符", "must be at most " + MAX_USERNAME + " characters");
    }
    if (!(body.getValue("password") instanceof String password) || password.isEmpty()) {
      throw ApiError.badField("password", "必填", "is required");
    }
    if (password.length() > PasswordPolicy.MAX_LENGTH) {
      throw ApiError.badField("password", "不能超过 " + PasswordPolicy.MAX_LENGTH + " 个字符",
          "must be at most " + PasswordPolicy.MAX_LENGTH + " characters");
    }
    String address = throttle.addresses().of(ctx);
    Http.reply(ctx, 201, guarded(ctx, LOGIN, username, address, () -> users.verify(username, password)).compose(user ->
        sessions.open(username).compose(token -> audit.record(username, "login", new JsonObject().put("ip", address))
            .map(v -> me(user).put("token", token)))));
  }

  /**
   * Runs one password check under the throttle: counted before it runs, delayed as the throttle says,
   * refused with 429 past the limits, and failures summarised in the login audit stream (the first of
   * a window, and the lock-out with its count) rather than one entry per try.
   */
  private Future<User> guarded(RoutingContext ctx, String kind, String username, String address, Supplier<Future<User>> check) {
    return throttle.attempt(kind, username, address).compose(attempt -> {
      if (!attempt.allowed()) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(attempt.retryAfterSeconds()));
        return Future.failedFuture(ApiError.tooManyLogins(attempt.retryAfterSeconds()));
      }
      Future<User> checked = attempt.delayMs() > 0 ? delay(ctx, attempt.delayMs()).compose(v -> check.get()) : check.get();
      return checked.compose(user -> {
        if (user != null) {
          return throttle.succeeded(kind, username, address).map(user);
        }
        return summarise(kind, username, address, attempt).compose(v -> Future.failedFuture(
            kind.equals(LOGIN) ? ApiError.badLogin() : ApiError.badField("currentPassword", "当前密码不正确", "the current password is wrong")));
      });
    });
  }

  private Future<Void> summarise(String kind, String username, String address, LoginThrottle.Attempt attempt) {
    JsonObject details = new JsonObject().put("ip", address).put("count", attempt.pairFailures());
    if (attempt.pairFailures() == 1) {
      return audit.recordLogin(username, kind + ".failed", details.put("note", "first failure in this window; later ones are counted"));
    }
    if (attempt.pairFailures() == throttle.maxFailures()) {
      return audit.recordLogin(username, kind + ".locked", details);
    }
    if (attempt.addressFailures() == throttle.maxAddressFailures()) {
      return audit.recordLogin(username, kind + ".address-locked", details.put("addressFailures", attempt.addressFailures()));
    }
    return Future.succeededFuture();
  }

  private static Future<Void> delay(RoutingContext ctx, long ms) {
    io.vertx.core.Promise<Void> waited = io.vertx.core.Promise.promise();
    ctx.vertx().setTimer(ms, t -> waited.complete());
    return waited.future();
  }

  private void logout(RoutingContext ctx) {
    User user = Http.caller(ctx);
    Http.reply(ctx, 200, sessions.close(ctx.get(Http.TOKEN), user.username())
        .compose(v -> {
          accessChanged.accept(user.username());
          return audit.record(user.username(), "logout", new JsonObject());
        })
        .map(v -> new JsonObject().put("loggedOut", true)));
  }

  /**
   * Any user changes their own password; every session of theirs ends and this one is replaced. The
   * current-password check is throttled like a login, so a stolen session cannot guess it either.
   */
  private void changePassword(RoutingContext ctx) {
    User user = Http.caller(ctx);
    JsonObject body = Http.body(ctx);
    if (!(body.getValue("currentPassword") instanceof String current) || current.isEmpty()) {
      throw ApiError.badField("currentPassword", "必填", "is required");
    }
    if (current.length() > PasswordPolicy.MAX_LENGTH) {
      throw ApiError.badField("currentPassword", "当前密码不正确", "the current password is wrong");
    }
    if (!(body.getValue("newPassword") instanceof String next)) {
      throw ApiError.badField("newPassword", "至少 " + UserRequest.MIN_PASSWORD + " 个字符",
          "must be at least " + UserRequest.MIN_PASSWORD + " characters");
    }
    UserRequest.checkedPassword("newPassword", user.username(), next);
    String address = throttle.addresses().of(ctx);
    Http.reply(ctx, 200, guarded(ctx, PASSWORD, user.username(), address, () -> users.verify(user.username(), current))
        .compose(checked -> users.setPassword(user.username(), next))
        .compose(v -> sessions.closeAll(user.username()))
        .compose(v -> sessions.open(user.username()))
        .compose(token -> {
          accessChanged.accept(user.username()); // streams opened with the old sessions end
          return audit.record(user.username(), "password.change", new JsonObject()).map(v -> me(user).put("token", token));
        }));
  }

  /**
   * Finds the session and loads the user afresh, so a changed role or a deleted account applies at once.
   * The event stream, which EventSource opens without headers, is opened with a single-use ticket
   * ({@code ?ticket=}, see {@link StreamTickets}) instead: the session token never appears in a URL.
   */
  /** What a browser opens without headers: the event stream, and a live session's WebSocket source. */
  private static final java.util.regex.Pattern TICKETED = java.util.regex.Pattern.compile("/api/v1/events|/api/v1/live/[^/]+/source");

  void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Future<String> token;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = Future.succeededFuture(header.substring(7).trim());
    } else if (TICKETED.matcher(ctx.request().path()).matches() && ctx.request().getParam("ticket") != null) {
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
