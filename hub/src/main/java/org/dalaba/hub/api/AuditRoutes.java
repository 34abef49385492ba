package org.dalaba.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.dalaba.hub.access.Permission;

/**
 * {@code GET /api/v1/audit} for administrators: newest first, {@code limit} (1–1000, default 200),
 * optional {@code user} and {@code action} (prefix, e.g. {@code alert.}) filters over that window;
 * {@code stream=logins} shows the failed logins and password checks instead (kept apart, see AuditLog).
 * {@code GET /api/v1/audit/verify} checks the hash chain of the changes (audit/ChainCheck).
 */
final class AuditRoutes {
  private static final int DEFAULT_LIMIT = org.dalaba.hub.config.Limits.AUDIT_DEFAULT;
  private static final int MAX_LIMIT = org.dalaba.hub.config.Limits.AUDIT_MAX;

  private final io.vertx.core.Vertx vertx;
  private final AuditLog audit;
  private final Times times;

  /** @param vertx its workers hash the audit chain when it is verified */
  AuditRoutes(io.vertx.core.Vertx vertx, AuditLog audit, Times times) {
    this.vertx = vertx;
    this.audit = audit;
    this.times = times;
  }

  void mount(Router router) {
    router.get("/api/v1/audit").handler(this::list);
    router.get("/api/v1/audit/verify").handler(ctx -> {
      Http.require(ctx, Permission.ADMINISTER);
      Http.reply(ctx, 200, audit.verify(vertx, Http.english(ctx)));
    });
  }

  private void list(RoutingContext ctx) {
    Http.require(ctx, Permission.ADMINISTER);
    int limit = Http.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    String user = ctx.request().getParam("user");
    String action = ctx.request().getParam("action");
    boolean logins = "logins".equals(ctx.request().getParam("stream"));
    Http.reply(ctx, 200, (logins ? audit.recentLogins(limit) : audit.recent(limit)).map(entries -> {
      JsonArray shown = new JsonArray();
      for (Object item : entries) {
        JsonObject entry = (JsonObject) item;
        if ((user == null || user.isEmpty() || user.equals(entry.getString("user")))
            && (action == null || action.isEmpty() || entry.getString("action").startsWith(action))) {
          shown.add(entry.put("time", times.iso(entry.getLong("at"))));
        }
      }
      return new JsonObject().put("entries", shown);
    }));
  }
}
