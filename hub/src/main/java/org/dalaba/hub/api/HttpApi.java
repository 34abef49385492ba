package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.speech.SpeechPreview;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/v1} (the contract outside tools use), {@code /health}, and the
 * console's static files at {@code /}. Assembles the routers of each resource; handlers only translate
 * HTTP to service calls and back, after checking the caller's role and scope.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** Imports a directory file: (text, isCsv, dryRun) → what changed. */
  @FunctionalInterface
  public interface DirectoryImporter {
    Future<JsonObject> importFile(String text, boolean csv, boolean dryRun);
  }

  /** Everything the API's routers need. */
  public record Services(Supplier<Directory> directory, EndpointStatusTracker status, AlertService alerts, AlertStore alertStore,
                         AlertRequestValidator validator, UserStore users, SessionStore sessions, LoginThrottle loginThrottle,
                         AuditLog audit, DeviceErrors deviceErrors, Times times, Supplier<JsonObject> health,
                         DirectoryImporter directoryImporter, EndpointCredentialAdmin credentials, SpeechPreview speech) {
  }

  private final Vertx vertx;
  private final Services services;
  private final EventStream eventStream;

  public HttpApi(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
    this.eventStream = new EventStream(vertx, services.directory(), services.sessions());
  }

  public Router router() {
    Services s = services;
    SessionRoutes sessions = new SessionRoutes(s.users(), s.sessions(), s.loginThrottle(), s.audit(), s.directory(), s.times());
    Router router = Router.router(vertx);
    router.route().handler(HttpApi::securityHeaders);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(1_048_576));
    router.get("/health").handler(ctx -> {
      JsonObject health = s.health().get();
      Http.json(ctx, health.getString("status").equals("up") ? 200 : 503, health);
    });
    sessions.mountPublic(router);
    router.route("/api/v1/*").handler(sessions::authenticate);
    sessions.mount(router);
    new UserRoutes(s.users(), s.sessions(), s.audit(), s.directory(), s.times()).mount(router);
    new DirectoryRoutes(s.directory(), s.status(), s.directoryImporter(), s.credentials(), s.audit(), s.times()).mount(router);
    new AlertRoutes(s.directory(), s.status(), s.alerts(), s.alertStore(), s.validator(), s.audit(), s.times()).mount(router);
    new AuditRoutes(s.audit(), s.times()).mount(router);
    new SpeechRoutes(s.speech()).mount(router);
    router.get("/api/v1/events").handler(ctx -> {
      Http.require(ctx, Permission.VIEW);
      eventStream.open(ctx);
    });
    router.get("/api/v1/device-errors").handler(ctx -> {
      Http.require(ctx, Permission.VIEW);
      Http.json(ctx, 200, s.deviceErrors().toJson());
    });
    router.route("/api/*").handler(ctx -> Http.fail(ctx, new ApiError(404, "not_found", null,
        "没有这个接口：" + ctx.request().method() + " " + ctx.request().path(),
        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
    router.route("/*").handler(StaticHandler.create("console").setIndexPage("index.html").setCachingEnabled(true).setMaxAgeSeconds(300));
    router.route().failureHandler(this::onFailure);
    return router;
  }

  /**
   * The console loads only its own files (no inline script or style, nothing from elsewhere), may not
   * be framed, and leaks no URL to other sites: a script slipped into data could do little.
   */
  private static void securityHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'")
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  public void close() {
    eventStream.closeAll();
  }

  private void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    boolean english = Http.english(ctx);
    if (failure instanceof ApiError api) {
      Http.json(ctx, api.status(), api.toJson(english));
      return;
    }
    if (failure == null && ctx.statusCode() == 413) {
      Http.json(ctx, 413, new ApiError(413, "too_large", null, "请求体过大", "the request body is too large").toJson(english));
      return;
    }
    if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      Http.json(ctx, ctx.statusCode(), new ApiError(ctx.statusCode(), "bad_request", null, "请求无效", "bad request").toJson(english));
      return;
    }
    LOG.error("Unexpected error on {} {}", ctx.request().method(), ctx.request().path(), failure);
    boolean redisDown = failure != null && String.valueOf(failure.getMessage()).toLowerCase().contains("connect");
    ApiError error = redisDown
        ? ApiError.unavailable("存储暂不可用，请稍后重试", "storage is unavailable; try again shortly")
        : new ApiError(500, "internal", null, "服务器内部错误", "internal server error");
    Http.json(ctx, error.status(), error.toJson(english));
  }
}
