package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;

/**
 * {@code /api/v1/users}: administrators create, change and delete accounts. An administrator cannot
 * delete or demote themselves, so the county is never left without one by accident.
 */
final class UserRoutes {
  private final UserStore users;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final Supplier<Directory> directory;
  private final Times times;
  /** Open event streams of a changed or deleted user are re-scoped or ended at once. */
  private final java.util.function.Consumer<String> accessChanged;

  UserRoutes(UserStore users, SessionStore sessions, AuditLog audit, Supplier<Directory> directory, Times times,
             java.util.function.Consumer<String> accessChanged) {
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.directory = directory;
    this.times = times;
    this.accessChanged = accessChanged;
  }

  void mount(Router router) {
    router.get("/api/v1/users").handler(this::list);
    router.post("/api/v1/users").handler(this::create);
    router.put("/api/v1/users/:username").handler(this::update);
    router.delete("/api/v1/users/:username").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    Http.require(ctx, Permission.ADMINISTER);
    Http.reply(ctx, 200, users.list().map(all -> {
      JsonArray list = new JsonArray();
      all.forEach(u -> list.add(u.toJson(directory.get(), times::iso)));
      return new JsonObject().put("users", list);
    }));
  }

  private void create(RoutingContext ctx) {
    User admin = Http.require(ctx, Permission.ADMINISTER);
    UserRequest request = UserRequest.read(Http.body(ctx), null, directory.get());
    User user = new User(request.username(), request.displayName(), request.role(), request.scope(), System.currentTimeMillis());
    Http.reply(ctx, 201, users.createIfAbsent(user, request.password()).compose(created -> {
      if (!created) {
        return Future.failedFuture(new ApiError(409, "conflict", "username", "用户名已存在：" + user.username(),
            "the username is taken: " + user.username()));
      }
      return audit.record(admin.username(), "user.create", describe(user)).map(v -> user.toJson(directory.get(), times::iso));
    }));
  }

  private void update(RoutingContext ctx) {
    User admin = Http.require(ctx, Permission.ADMINISTER);
    String username = ctx.pathParam("username");
    UserRequest request = UserRequest.read(Http.body(ctx), username, directory.get());
    if (username.equals(admin.username()) && request.role() != admin.role()) {
      throw ApiError.badField("role", "不能更改自己的角色", "you cannot change your own role");
    }
    Http.reply(ctx, 200, users.update(username, request.role(), request.scope(), request.displayName())
        .compose(found -> !found ? Future.failedFuture(ApiError.notFound("用户|user", username))
            : request.password() == null ? Future.succeededFuture()
            : users.setPassword(username, request.password()).compose(v -> sessions.closeAll(username)))
        .compose(v -> users.find(username))
        .compose(audit.passing(admin.username(), "user.update",
            user -> describe(user).put("passwordReset", request.password() != null)))
        .map(user -> {
          accessChanged.accept(username);
          return user.toJson(directory.get(), times::iso);
        }));
  }

  private void delete(RoutingContext ctx) {
    User admin = Http.require(ctx, Permission.ADMINISTER);
    String username = ctx.pathParam("username");
    if (username.equals(admin.username())) {
      throw ApiError.conflict("不能删除自己的账号", "you cannot delete your own account");
    }
    Http.reply(ctx, 200, users.delete(username).compose(deleted -> !deleted
        ? Future.failedFuture(ApiError.notFound("用户|user", username))
        : sessions.closeAll(username)
            .compose(audit.passing(admin.username(), "user.delete", v -> new JsonObject().put("username", username))).map(v -> {
          accessChanged.accept(username);
          return new JsonObject().put("deleted", username);
        })));
  }

  private static JsonObject describe(User user) {
    return new JsonObject().put("username", user.username()).put("role", user.role().wire).put("scope", user.scope().stored());
  }
}
