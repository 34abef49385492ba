package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertMeta;
import org.dalaba.hub.alert.AlertSource;
import org.dalaba.hub.alert.AlertRequest;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.DomainErrors;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.config.Limits;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.events.Events;

/**
 * {@code /api/v1/cap/sources}, {@code /api/v1/cap/queue} and {@code /api/v1/cap/preview} (docs/api.md, "CAP feeds"):
 * how each configured source is doing, the external warnings waiting for an operator (send as received, edit then
 * send, or dismiss with a reason), and a CAP document read into the alert form's fields. Only users with alert
 * rights see the queue, each the warnings that reach their scope, and may decide only those wholly inside it.
 */
public final class CapFeedRoutes implements HttpApi.ApiRoutes {
  private final List<FeedSource> sources;
  private final FeedStatus status;
  private final ExternalWarnings queue;
  private final CapIntake intake;
  private final AlertService alerts;
  private final AlertRequestValidator validator;
  private final Supplier<Directory> directory;
  private final AuditLog audit;
  private final Events events;
  private final Times times;
  private final Clock clock;

  public CapFeedRoutes(List<FeedSource> sources, FeedStatus status, ExternalWarnings queue, CapIntake intake, AlertService alerts,
                       AlertRequestValidator validator, Supplier<Directory> directory, AuditLog audit, Events events, Times times,
                       Clock clock) {
    this.sources = sources;
    this.status = status;
    this.queue = queue;
    this.intake = intake;
    this.alerts = alerts;
    this.validator = validator;
    this.directory = directory;
    this.audit = audit;
    this.events = events;
    this.times = times;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/cap/sources").handler(this::sources);
    router.get("/api/v1/cap/queue").handler(this::list);
    router.get("/api/v1/cap/queue/:id").handler(this::get);
    router.post("/api/v1/cap/queue/:id/send").handler(this::send);
    router.post("/api/v1/cap/queue/:id/dismiss").handler(this::dismiss);
    router.post("/api/v1/cap/preview").handler(this::preview);
  }

  private void sources(RoutingContext ctx) {
    User user = Http.caller(ctx);
    if (!user.may(Permission.SEND_ALERTS) && !user.may(Permission.ADMINISTER)) {
      Http.require(ctx, Permission.SEND_ALERTS); // the usual 403
    }
    List<Future<JsonObject>> views = new ArrayList<>();
    for (FeedSource source : sources) {
      views.add(status.read(source.id()).map(stored -> FeedStatus.view(source, stored, times::iso)));
    }
    Http.reply(ctx, 200, Future.all(views).map(all -> {
      JsonArray list = new JsonArray();
      for (int i = 0; i < all.size(); i++) {
        list.add((JsonObject) all.resultAt(i));
      }
      return new JsonObject().put("sources", list);
    }));
  }

  private void list(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String state = ctx.request().getParam("state", "queued");
    if (!List.of("queued", "sent", "dismissed", "all").contains(state)) {
      throw ApiError.badField("state", "只能是 queued、sent、dismissed 或 all", "must be queued, sent, dismissed or all");
    }
    Directory dir = directory.get();
    Http.reply(ctx, 200, queue.recent(Limits.CAP_QUEUE_KEPT).map(items -> {
      JsonArray list = new JsonArray();
      for (JsonObject item : items) {
        if ((state.equals("all") || state.equals(item.getString("state"))) && visible(user, item, dir)) {
          list.add(view(item, user, dir, false));
        }
      }
      return new JsonObject().put("items", list);
    }));
  }

  private void get(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    Http.reply(ctx, 200, load(ctx.pathParam("id"), user).map(item -> view(item, user, directory.get(), true)));
  }

  /** Sends the warning as received (through the import, as the operator) or, with {@code alert}, as the operator edited it. */
  private void send(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : Http.body(ctx);
    Object edited = body.getValue("alert");
    if (edited != null && !(edited instanceof JsonObject)) {
      throw ApiError.badField("alert", "应为编辑后的预警内容", "must be the edited alert");
    }
    String id = ctx.pathParam("id");
    Http.reply(ctx, 201, load(id, user).compose(item -> {
      Directory dir = directory.get();
      AlertRequest request = edited == null ? null : validator.validate((JsonObject) edited, dir);
      Targets targets = request == null ? Targets.fromJson(item.getJsonObject("targets")) : request.targets();
      if (!user.scope().covers(targets, dir)) {
        return Future.failedFuture(ApiError.forbidden("targets", "该外部预警的范围超出您的管辖范围，不能发送",
            "the warning reaches beyond your scope; you cannot send it"));
      }
      return decided(item, user).compose(claimed -> {
        Future<String> sent = request == null
            ? intake.importDocument(item.getString("document").getBytes(StandardCharsets.UTF_8), user, item.getString("sourceId"))
                .map(CapIntake.Imported::alertId)
            : alerts.create(edit(request, item), user, null).map(alert -> alert.id());
        return sent.recover(e -> queue.release(id).compose(v -> Future.failedFuture(DomainErrors.toApi(e))))
            .compose(alertId -> queue.decide(item, ExternalWarnings.State.SENT, user.username(), clock.millis(), null, alertId))
            .compose(audit.passing(user.username(), "cap.queue.sent", decided -> new JsonObject().put("queueId", id)
                .put("alertId", decided.getString("alertId")).put("edited", request != null).put("sourceId", item.getString("sourceId"))
                .put("sender", item.getString("sender")).put("identifier", item.getString("identifier"))))
            .map(decided -> {
              announce(decided);
              return new JsonObject().put("id", decided.getString("alertId")).put("item", view(decided, user, dir, false));
            });
      });
    }));
  }

  private void dismiss(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    JsonObject body = Http.body(ctx);
    if (!(body.getValue("reason") instanceof String reason) || reason.isBlank()
        || reason.codePointCount(0, reason.length()) > Limits.CAP_DISMISS_REASON_CHARS) {
      throw ApiError.badField("reason", "请填写忽略的原因（最多 " + Limits.CAP_DISMISS_REASON_CHARS + " 个字）",
          "give the reason for dismissing it (at most " + Limits.CAP_DISMISS_REASON_CHARS + " characters)");
    }
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, load(id, user).compose(item -> {
      if (!user.scope().covers(Targets.fromJson(item.getJsonObject("targets")), directory.get())) {
        return Future.failedFuture(ApiError.forbidden("targets", "该外部预警的范围超出您的管辖范围，不能忽略",
            "the warning reaches beyond your scope; you cannot dismiss it"));
      }
      return decided(item, user).compose(claimed -> queue.decide(item, ExternalWarnings.State.DISMISSED, user.username(),
              clock.millis(), reason.strip(), null))
          .compose(audit.passing(user.username(), "cap.queue.dismissed", decided -> new JsonObject().put("queueId", id)
              .put("reason", reason.strip()).put("sourceId", item.getString("sourceId")).put("sender", item.getString("sender"))
              .put("identifier", item.getString("identifier"))))
          .map(decided -> {
            announce(decided);
            return view(decided, user, directory.get(), false);
          });
    }));
  }

  /**
   * The operator's edit as an alert that stays what the warning was: an exercise stays an exercise (a drill never
   * becomes real by being edited), and the alert names the feed and the CAP message it came from.
   */
  private static AlertRequest edit(AlertRequest edited, JsonObject item) {
    AlertMeta meta = new AlertMeta(AlertSource.feed(item.getString("sourceId"), item.getString("sender"), item.getString("identifier")),
        List.of(), null, null, null);
    return new AlertRequest(edited.title(), edited.text(), edited.level(), edited.targets(), edited.expiresAt(), edited.repeat(),
        edited.exercise() || item.getBoolean("exercise", false), meta);
  }

  /** A CAP document (pasted or uploaded in the console) read into the alert form's fields; nothing is created. */
  private void preview(RoutingContext ctx) {
    Http.require(ctx, Permission.SEND_ALERTS);
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiError.badRequest("请粘贴或上传一份 CAP 预警文件（XML）", "paste or upload a CAP document (XML)");
    }
    Http.reply(ctx, 200, intake.map(ctx.body().buffer().getBytes()).compose(mapped -> mapped.level() == null
        ? Future.failedFuture(ApiError.badRequest("这是一条撤销（Cancel）消息，不能用来填写预警表单", "this is a Cancel message: it cannot fill the alert form"))
        : Future.succeededFuture(mapped)).map(mapped -> new JsonObject()
        .put("title", mapped.title()).put("text", mapped.text()).put("level", mapped.level().wire())
        .put("targets", mapped.targets().toJson()).put("expiresAt", times.iso(mapped.expiresAt()))
        .put("areas", new JsonArray(mapped.areas())).put("sender", mapped.sender()).put("identifier", mapped.identifier())
        .put("msgType", mapped.msgType()).put("exercise", mapped.exercise())));
  }

  /** The item, if it exists and reaches the user's scope (else 404 / 403, as alerts do). */
  private Future<JsonObject> load(String id, User user) {
    return queue.get(id).compose(item -> {
      if (item == null) {
        return Future.failedFuture(ApiError.notFound("外部预警|external warning", id));
      }
      if (!visible(user, item, directory.get())) {
        return Future.failedFuture(ApiError.forbidden(null, "该外部预警不在您的管辖范围内", "this warning lies outside your scope"));
      }
      return Future.succeededFuture(item);
    });
  }

  /** Claims the decision on a queued item, or fails with 409 naming who decided it. */
  private Future<Boolean> decided(JsonObject item, User user) {
    if (!"queued".equals(item.getString("state"))) {
      return Future.failedFuture(alreadyDecided(item));
    }
    return queue.claim(item.getString("id"), user.username()).compose(claimed -> claimed ? Future.succeededFuture(true)
        : queue.get(item.getString("id")).compose(now -> Future.failedFuture(alreadyDecided(now == null ? item : now))));
  }

  private static ApiError alreadyDecided(JsonObject item) {
    String by = item.getString("decidedBy", "另一位操作员");
    return ApiError.conflict("该外部预警已被处理（" + by + "），请刷新列表", "this warning was already decided (by " + item.getString("decidedBy", "another operator") + "); reload the list");
  }

  private void announce(JsonObject item) {
    events.publishShared("cap.decided", new JsonObject().put("id", item.getString("id")).put("state", item.getString("state"))
        .put("targets", item.getJsonObject("targets")));
  }

  private static boolean visible(User user, JsonObject item, Directory dir) {
    return user.scope().touches(Targets.fromJson(item.getJsonObject("targets")), dir);
  }

  private JsonObject view(JsonObject item, User user, Directory dir, boolean withDocument) {
    AlertLevel level = AlertLevel.parse(item.getString("level"));
    JsonObject view = new JsonObject().put("id", item.getString("id")).put("state", item.getString("state"))
        .put("sourceId", item.getString("sourceId")).put("sourceName", item.getString("sourceName"))
        .put("level", item.getString("level")).put("levelName", level == null ? null : level.chinese + "预警")
        .put("headline", item.getString("title")).put("title", item.getString("title")).put("text", item.getString("text"))
        .put("areas", item.getJsonArray("areas")).put("targets", item.getJsonObject("targets"))
        .put("receivedAt", times.iso(item.getLong("receivedAt"))).put("expiresAt", times.iso(item.getLong("expiresAt")))
        .put("sender", item.getString("sender")).put("identifier", item.getString("identifier"))
        .put("msgType", item.getString("msgType")).put("exercise", item.getBoolean("exercise", false))
        .put("signature", item.getString("signature"))
        .put("decidedBy", item.getString("decidedBy"))
        .put("decidedAt", item.getLong("decidedAt") == null ? null : times.iso(item.getLong("decidedAt")))
        .put("reason", item.getString("reason")).put("alertId", item.getString("alertId"))
        .put("mayDecide", "queued".equals(item.getString("state")) && user.scope().covers(Targets.fromJson(item.getJsonObject("targets")), dir));
    if (withDocument) {
      view.put("document", item.getString("document"));
    }
    return view;
  }
}
