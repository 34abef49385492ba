package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.alert.PhoneCalls;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Village;

/**
 * {@code POST|DELETE /api/v1/alerts/{id}/villages/{villageId}/phoned}: an operator phoned a village the alert did not
 * reach (or takes the mark back). Stored in the hub with who and when, so every operator sees it, and audited. Needs
 * alert rights and the village within the caller's scope and among the alert's targets.
 */
final class PhonedRoutes {
  private final Supplier<Directory> directory;
  private final AlertService alerts;
  private final AlertStore store;
  private final AuditLog audit;
  private final Times times;
  private final Clock clock;

  PhonedRoutes(Supplier<Directory> directory, AlertService alerts, AlertStore store, AuditLog audit, Times times, Clock clock) {
    this.directory = directory;
    this.alerts = alerts;
    this.store = store;
    this.audit = audit;
    this.times = times;
    this.clock = clock;
  }

  void mount(Router router) {
    router.post("/api/v1/alerts/:id/villages/:villageId/phoned").handler(this::mark);
    router.delete("/api/v1/alerts/:id/villages/:villageId/phoned").handler(this::unmark);
  }

  private void mark(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String note = note(ctx.body() == null || ctx.body().length() == 0 ? null : Http.body(ctx));
    String id = ctx.pathParam("id");
    Village village = village(ctx, user);
    PhoneCalls.Call call = new PhoneCalls.Call(user.username(), clock.millis(), note);
    Http.reply(ctx, 200, targeted(id, village).compose(v -> store.phoneCalls().mark(id, village.id(), call))
        .compose(v -> audit.record(user.username(), "alert.phoned", new JsonObject().put("alertId", id).put("villageId", village.id())
            .put("note", note)))
        .map(v -> {
          alerts.announcePhoned(id, village.id());
          return view(call, times).put("alertId", id).put("villageId", village.id());
        }));
  }

  private void unmark(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    Village village = village(ctx, user);
    Http.reply(ctx, 200, targeted(id, village).compose(v -> store.phoneCalls().unmark(id, village.id()))
        .compose(was -> audit.record(user.username(), "alert.unphoned", new JsonObject().put("alertId", id).put("villageId", village.id()))
            .map(was))
        .map(was -> {
          alerts.announcePhoned(id, village.id());
          return new JsonObject().put("alertId", id).put("villageId", village.id()).put("removed", was);
        }));
  }

  /** A mark as the API shows it: {@code {"by","at" (ISO, county time),"note"}}. */
  static JsonObject view(PhoneCalls.Call call, Times times) {
    return new JsonObject().put("by", call.by()).put("at", times.iso(call.at())).put("note", call.note());
  }

  private static String note(JsonObject body) {
    Object value = body == null ? null : body.getValue("note");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw ApiError.badField("note", "备注应为文字", "the note must be text");
    }
    String note = text.strip();
    if (note.length() > PhoneCalls.NOTE_MAX) {
      throw ApiError.badField("note", "备注最多 " + PhoneCalls.NOTE_MAX + " 个字", "the note is at most " + PhoneCalls.NOTE_MAX + " characters");
    }
    return note.isEmpty() ? null : note;
  }

  private Village village(RoutingContext ctx, User user) {
    Directory dir = directory.get();
    String villageId = ctx.pathParam("villageId");
    Village village = dir.village(villageId).orElseThrow(() -> ApiError.notFound("村|village", villageId));
    if (!user.scope().includesVillage(village.id(), dir)) {
      throw ApiError.forbidden(null, "该村不在您的管辖范围内", "this village lies outside your scope");
    }
    return village;
  }

  /** The alert exists and the village is among its targets. */
  private Future<Void> targeted(String id, Village village) {
    return store.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      return store.records(id).compose(records -> village.endpoints().stream().anyMatch(e -> records.containsKey(e.id()))
          ? Future.succeededFuture()
          : Future.failedFuture(ApiError.conflict("该村不在这条预警的发布范围内", "this village is not among the alert's targets")));
    });
  }
}
