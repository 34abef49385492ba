package org.dalaba.hub.api;

import static org.dalaba.hub.api.Replies.body;
import static org.dalaba.hub.api.Replies.fail;
import static org.dalaba.hub.api.Replies.json;
import static org.dalaba.hub.api.Replies.reply;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryException;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/v1} (the contract outside tools use), {@code /health}, and the
 * console's static files at {@code /}. Handlers only translate HTTP to service calls and back.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  /** Where {@link #authenticate} leaves the caller's {@link SessionStore.Session} on the routing context. */
  public static final String SESSION = "session";

  private final Vertx vertx;
  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final AlertService alerts;
  private final AlertStore alertStore;
  private final AlertRequestValidator validator;
  private final UserStore users;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final DeviceErrors deviceErrors;
  private final EventStream eventStream;
  private final AlertView alertView;
  private final DirectoryView directoryView;
  private final Supplier<JsonObject> health;
  private final DirectoryImporter directoryImporter;
  private final java.util.function.BooleanSupplier storageAvailable;
  private final Supplier<Future<String>> metrics;
  private final List<ApiRoutes> mounted = new ArrayList<>();

  /** A group of routes of their own (media, programmes, schedules), mounted behind the API's login check. */
  public interface ApiRoutes {
    /** Routes under {@code /api/v1} (the session is already checked) and any public ones (e.g. {@code /media}). */
    void mount(Router router);

    /** Whether this request's body is read by the route itself, not buffered by the API's body handler. */
    default boolean streamsBody(io.vertx.core.http.HttpServerRequest request) {
      return false;
    }
  }

  /** Adds route groups; call before {@link #router()}. */
  public HttpApi mount(ApiRoutes... routes) {
    mounted.addAll(List.of(routes));
    return this;
  }

  /** Imports a directory file: (text, isCsv, dryRun) → what changed. */
  @FunctionalInterface
  public interface DirectoryImporter {
    Future<JsonObject> importFile(String text, boolean csv, boolean dryRun);
  }

  public HttpApi(Vertx vertx, Supplier<Directory> directory, EndpointStatusTracker status, AlertService alerts,
                 AlertStore alertStore, AlertRequestValidator validator, UserStore users, SessionStore sessions,
                 AuditLog audit, DeviceErrors deviceErrors, Times times, Supplier<JsonObject> health,
                 DirectoryImporter directoryImporter, java.util.function.BooleanSupplier storageAvailable,
                 Supplier<Future<String>> metrics) {
    this.vertx = vertx;
    this.directory = directory;
    this.status = status;
    this.alerts = alerts;
    this.alertStore = alertStore;
    this.validator = validator;
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.deviceErrors = deviceErrors;
    this.eventStream = new EventStream(vertx);
    this.alertView = new AlertView(times);
    this.directoryView = new DirectoryView(times);
    this.health = health;
    this.directoryImporter = directoryImporter;
    this.storageAvailable = storageAvailable;
    this.metrics = metrics;
  }

  public Router router() {
    Router router = Router.router(vertx);
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(1_048_576);
    router.route("/api/*").handler(ctx -> {
      if (mounted.stream().anyMatch(r -> r.streamsBody(ctx.request()))) {
        ctx.request().pause(); // read by its route once the session is checked
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    router.get("/health").handler(ctx -> {
      JsonObject state = health.get();
      json(ctx, state.getBoolean("ready") ? 200 : 503, state);
    });
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("live", true)));
    router.get("/metrics").handler(ctx -> metrics.get().onComplete(r -> {
      if (r.succeeded()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(r.result());
      } else {
        fail(ctx, r.cause());
      }
    }));
    router.post("/api/v1/session").handler(this::login);
    router.route("/api/v1/*").handler(this::authenticate);
    router.get("/api/v1/villages").handler(ctx -> json(ctx, 200, directoryView.of(directory.get(), status)));
    router.post("/api/v1/alerts").handler(this::createAlert);
    router.get("/api/v1/alerts").handler(this::listAlerts);
    router.get("/api/v1/alerts/:id").handler(this::getAlert);
    router.post("/api/v1/alerts/:id/cancel").handler(this::cancelAlert);
    router.get("/api/v1/events").handler(eventStream::open);
    router.post("/api/v1/directory").handler(this::importDirectory);
    router.get("/api/v1/device-errors").handler(ctx -> json(ctx, 200, deviceErrors.toJson()));
    router.get("/api/v1/audit").handler(ctx -> reply(ctx, 200, audit.recent(200).map(a -> new JsonObject().put("entries", a))));
    mounted.forEach(r -> r.mount(router));
    router.route("/api/*").handler(ctx -> fail(ctx, new ApiError(404, "not_found", null,
        "没有这个接口：" + ctx.request().method() + " " + ctx.request().path(),
        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
    router.route("/*").handler(StaticHandler.create("console").setIndexPage("index.html").setCachingEnabled(true));
    router.route().failureHandler(this::onFailure);
    return router;
  }

  public void close() {
    eventStream.closeAll();
  }

  private void login(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (!(body.getValue("username") instanceof String username) || username.isBlank()) {
      throw ApiError.badField("username", "必填", "is required");
    }
    if (!(body.getValue("password") instanceof String password) || password.isEmpty()) {
      throw ApiError.badField("password", "必填", "is required");
    }
    reply(ctx, 201, users.verify(username, password).compose(role -> {
      if (role == null) {
        audit.record(username, "login.failed", new JsonObject().put("ip", ctx.request().remoteAddress().hostAddress()));
        return Future.failedFuture(ApiError.badLogin());
      }
      return sessions.open(username, role).map(token -> {
        audit.record(username, "login", new JsonObject().put("ip", ctx.request().remoteAddress().hostAddress()));
        return new JsonObject().put("token", token).put("username", username).put("role", role)
            .put("expiresInSeconds", sessions.ttlSeconds());
      });
    }));
  }

  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    } else if (ctx.request().path().equals("/api/v1/events")) {
      token = ctx.request().getParam("access_token"); // EventSource cannot send headers
    }
    if (token == null || token.isEmpty()) {
      fail(ctx, ApiError.unauthorized());
      return;
    }
    sessions.find(token).onComplete(found -> {
      if (found.failed()) {
        fail(ctx, ApiError.unavailable("存储暂不可用，请稍后重试", "storage is unavailable; try again shortly"));
      } else if (found.result() == null) {
        fail(ctx, ApiError.unauthorized());
      } else {
        ctx.put(SESSION, found.result());
        ctx.next();
      }
    });
  }

  private void createAlert(RoutingContext ctx) {
    SessionStore.Session session = ctx.get(SESSION);
    JsonObject body = body(ctx);
    var request = validator.validate(body, directory.get());
    if (!storageAvailable.getAsBoolean()) {
      // the alert could not be made durable: refuse it now rather than accept and lose it
      throw storageDown();
    }
    reply(ctx, 201, alerts.create(request, session.username()).recover(e -> Future.failedFuture(
        e instanceof ApiError ? e : storageDown())).map(alert -> {
      audit.record(session.username(), "alert.create", new JsonObject().put("alertId", alert.id())
          .put("level", alert.level().wire()).put("title", alert.title()).put("targets", alert.targets().toJson()));
      ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/alerts/" + alert.id());
      return new JsonObject().put("id", alert.id()).put("targets", alert.endpointCount());
    }));
  }

  private void getAlert(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    reply(ctx, 200, alertStore.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      return Future.all(alertStore.counts(id), alertStore.records(id))
          .map(all -> alertView.full(alert, all.resultAt(0), all.resultAt(1), directory.get()));
    }));
  }

  private void listAlerts(RoutingContext ctx) {
    int limit = 50;
    String limitParam = ctx.request().getParam("limit");
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        throw ApiError.badField("limit", "必须是 1 到 500 的整数", "must be a whole number from 1 to 500");
      }
    }
    reply(ctx, 200, alertStore.recentIds(limit).compose(ids -> {
      List<Future<JsonObject>> items = new ArrayList<>();
      for (String id : ids) {
        items.add(alertStore.get(id).compose(alert -> alert == null ? Future.succeededFuture(null)
            : alertStore.counts(id).map(counts -> alertView.summary(alert).put("counts", new JsonObject(new java.util.LinkedHashMap<>(counts))))));
      }
      return Future.all(items).map(all -> {
        JsonArray list = new JsonArray();
        for (int i = 0; i < all.size(); i++) {
          if (all.resultAt(i) != null) {
            list.add(all.resultAt(i));
          }
        }
        return new JsonObject().put("alerts", list);
      });
    }));
  }

  private void cancelAlert(RoutingContext ctx) {
    SessionStore.Session session = ctx.get(SESSION);
    String id = ctx.pathParam("id");
    reply(ctx, 200, alerts.cancel(id, session.username()).map(alert -> {
      audit.record(session.username(), "alert.cancel", new JsonObject().put("alertId", id));
      return alertView.summary(alert);
    }));
  }

  private void importDirectory(RoutingContext ctx) {
    SessionStore.Session session = ctx.get(SESSION);
    if (!"admin".equals(session.role())) {
      throw new ApiError(403, "forbidden", null, "只有管理员可以导入名录", "only an administrator may import the directory");
    }
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiError.badRequest("请求体为空：请上传 CSV 或 JSON 名录文件", "the body is empty: upload a CSV or JSON directory file");
    }
    String type = String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase();
    boolean csv = type.startsWith("text/csv");
    if (!csv && !type.startsWith("application/json")) {
      throw ApiError.badRequest("Content-Type 应为 text/csv 或 application/json", "Content-Type must be text/csv or application/json");
    }
    boolean dryRun = "true".equals(ctx.request().getParam("dryRun"));
    Future<JsonObject> imported;
    try {
      imported = directoryImporter.importFile(ctx.body().asString("UTF-8"), csv, dryRun);
    } catch (DirectoryException e) {
      json(ctx, 400, e.toJson());
      return;
    }
    reply(ctx, 200, imported.map(result -> {
      if (!dryRun) {
        audit.record(session.username(), "directory.import", result.getJsonObject("totals"));
      }
      return result;
    }));
  }

  private static ApiError storageDown() {
    return ApiError.unavailable("存储暂不可用，预警未被接收，请稍后重试", "storage is unavailable: the alert was not accepted; try again shortly");
  }

  private void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    boolean english = english(ctx);
    if (failure instanceof ApiError api) {
      json(ctx, api.status(), api.toJson(english));
      return;
    }
    if (failure == null && ctx.statusCode() == 413) {
      json(ctx, 413, new ApiError(413, "too_large", null, "请求体过大", "the request body is too large").toJson(english));
      return;
    }
    if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      json(ctx, ctx.statusCode(), new ApiError(ctx.statusCode(), "bad_request", null, "请求无效", "bad request").toJson(english));
      return;
    }
    LOG.error("Unexpected error on {} {}", ctx.request().method(), ctx.request().path(), failure);
    boolean redisDown = failure != null && String.valueOf(failure.getMessage()).toLowerCase().contains("connect");
    ApiError error = redisDown
        ? ApiError.unavailable("存储暂不可用，请稍后重试", "storage is unavailable; try again shortly")
        : new ApiError(500, "internal", null, "服务器内部错误", "internal server error");
    json(ctx, error.status(), error.toJson(english));
  }

  private static boolean english(RoutingContext ctx) {
    String language = ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE);
    return language != null && language.toLowerCase().startsWith("en");
  }
}
