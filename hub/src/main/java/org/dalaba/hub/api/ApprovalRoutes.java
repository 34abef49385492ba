package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.config.Limits;
import org.dalaba.hub.directory.Directory;

/**
 * The two-person rule: {@code GET /api/v1/approvals} (alerts waiting for approval that the caller may see, each with
 * what will be sent and where, and whether the caller may decide it), {@code POST /api/v1/alerts/{id}/approve} and
 * {@code POST /api/v1/alerts/{id}/reject} {@code {"reason"}}. Only another person with alert rights over every target
 * decides; nobody decides their own alert. Every decision is audited.
 */
final class ApprovalRoutes {
  private final Supplier<Directory> directory;
  private final AlertService alerts;
  private final AlertStore store;
  private final AuditLog audit;
  private final AlertView view;

  ApprovalRoutes(Supplier<Directory> directory, AlertService alerts, AlertStore store, AuditLog audit, Times times) {
    this.directory = directory;
    this.alerts = alerts;
    this.store = store;
    this.audit = audit;
    this.view = new AlertView(times);
  }

  void mount(Router router) {
    router.get("/api/v1/approvals").handler(this::list);
    router.post("/api/v1/alerts/:id/approve").handler(this::approve);
    router.post("/api/v1/alerts/:id/reject").handler(this::reject);
  }

  /** Whether the user may approve or reject the alert now: it waits, it is not theirs, and they may send to all its targets. */
  static boolean mayDecide(User user, Alert alert, Directory dir) {
    return alert.state() == AlertState.PENDING_APPROVAL && user.may(Permission.SEND_ALERTS)
        && !user.username().equals(alert.createdBy()) && user.scope().covers(alert.targets(), dir);
  }

  private void list(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    Directory dir = directory.get();
    Http.reply(ctx, 200, store.pendingIds().compose(ids -> {
      List<Future<Alert>> loaded = new ArrayList<>();
      ids.stream().limit(Limits.ALERT_HISTORY_MAX).forEach(id -> loaded.add(store.get(id)));
      return Future.all(loaded).map(all -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < all.size(); i++) {
          Alert alert = all.resultAt(i);
          if (alert != null && alert.state() == AlertState.PENDING_APPROVAL && user.scope().touches(alert.targets(), dir)) {
            items.add(pendingView(alert, user, dir));
          }
        }
        return new JsonObject().put("items", items);
      });
    }));
  }

  /** Exactly what will be sent and where: the alert's fields, the text voiced, the places by name, the endpoint count. */
  private JsonObject pendingView(Alert alert, User user, Directory dir) {
    return view.summary(alert).put("places", places(alert, dir)).put("mayApprove", mayDecide(user, alert, dir))
        .put("own", user.username().equals(alert.createdBy()));
  }

  private static JsonArray places(Alert alert, Directory dir) {
    JsonArray places = new JsonArray();
    if (alert.targets().all()) {
      return places.add(new JsonObject().put("kind", "county").put("name", dir.countyName() + "（全县）"));
    }
    alert.targets().townships().forEach(t -> places.add(new JsonObject().put("kind", "township").put("id", t)
        .put("name", dir.township(t).map(x -> x.name()).orElse(t))));
    alert.targets().villages().forEach(v -> places.add(new JsonObject().put("kind", "village").put("id", v)
        .put("name", dir.village(v).map(x -> dir.township(x.townshipId()).map(t -> t.name()).orElse("") + x.name()).orElse(v))));
    return places;
  }

  private void approve(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, decidable(id, user).compose(alert -> alerts.approve(alert, user.username()))
        .recover(e -> Future.failedFuture(DomainErrors.toApi(e)))
        .compose(audit.passing(user.username(), "alert.approve", alert -> new JsonObject().put("alertId", id)
            .put("level", alert.level().wire()).put("title", alert.title()).put("exercise", alert.exercise())
            .put("createdBy", alert.createdBy()).put("endpoints", alert.endpointCount())))
        .map(view::summary));
  }

  private void reject(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    JsonObject body = Http.body(ctx);
    String reason = reason(body == null ? null : body.getValue("reason"), "reason", "驳回须填写理由", "a rejection needs a reason");
    Http.reply(ctx, 200, decidable(id, user).compose(alert -> alerts.reject(alert, user.username(), reason))
        .recover(e -> Future.failedFuture(DomainErrors.toApi(e)))
        .compose(audit.passing(user.username(), "alert.reject", alert -> new JsonObject().put("alertId", id)
            .put("level", alert.level().wire()).put("title", alert.title()).put("exercise", alert.exercise())
            .put("createdBy", alert.createdBy()).put("reason", reason)))
        .map(view::summary));
  }

  /** The alert, if the user may decide it now; otherwise the reason in words (404, 403 or 409). */
  private Future<Alert> decidable(String id, User user) {
    Directory dir = directory.get();
    return store.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (!user.scope().touches(alert.targets(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警不在您的管辖范围内", "this alert lies outside your scope"));
      }
      if (alert.state() != AlertState.PENDING_APPROVAL) {
        return Future.failedFuture(DomainErrors.toApi(AlertService.notPending(alert)));
      }
      if (user.username().equals(alert.createdBy())) {
        return Future.failedFuture(ApiError.forbidden(null, "不能审批自己发起的预警，须由另一位有权限的人员审批",
            "you cannot decide an alert you sent yourself; another person with alert rights must"));
      }
      if (!user.scope().covers(alert.targets(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警的发布范围超出您的管辖范围，须由管辖全部目标的人员审批",
            "the alert reaches beyond your scope; it must be decided by someone with alert rights over all its targets"));
      }
      return Future.succeededFuture(alert);
    });
  }

  /** A mandatory reason: words, at most {@link Limits#ALERT_REASON_CHARS} characters. */
  static String reason(Object value, String field, String missingZh, String missingEn) {
    if (!(value instanceof String s) || s.isBlank()) {
      throw ApiError.badField(field, missingZh, missingEn);
    }
    String trimmed = s.strip();
    if (trimmed.codePointCount(0, trimmed.length()) > Limits.ALERT_REASON_CHARS) {
      throw ApiError.badField(field, "理由不能超过 " + Limits.ALERT_REASON_CHARS + " 个字符",
          "the reason must be at most " + Limits.ALERT_REASON_CHARS + " characters");
    }
    return trimmed;
  }
}
