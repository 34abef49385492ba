package org.dalaba.hub.api;

import org.dalaba.hub.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import io.vertx.core.http.HttpHeaders;
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
                         DirectoryImporter directoryImporter, EndpointCredentialAdmin credentials, SpeechPreview speech,
                         BooleanSupplier storageAvailable, Supplier<Future<String>> metrics) {
  }

  /** A group of routes of their own (media, programmes, schedules), mounted behind the API's login check. */
  public interface ApiRoutes {
    /** Routes under {@code /api/v1} (the session is already checked) and any public ones (e.g. {@code /media}). */
    void mount(Router router);

    /** Whether this request's body is read by the route itself, not buffered by the API's body handler. */
    default boolean streamsBody(io.vertx.core.http.HttpServerRequest request) {
      return false;
    }

    /** Routes under {@code /api/v1} that answer without a login (mounted before the session check); none by default. */
    default void mountPublic(Router router) {
    }
  }

  private final Vertx vertx;
  private final Services services;
  private final EventStream eventStream;
  private final StreamTickets streamTickets;
  /** Announces that a user's access changed, so every hub instance re-checks that user's open event streams. */
  private java.util.function.Consumer<String> accessChanged;
  private final List<ApiRoutes> mounted = new ArrayList<>();
  private io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> metricsAccess = io.vertx.ext.web.RoutingContext::next;

  /** Who may read {@code /metrics} (see {@link MetricsAccess}); call before {@link #router()}. */
  public HttpApi metricsAccess(io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> access) {
    this.metricsAccess = access;
    return this;
  }

  public HttpApi(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
    this.eventStream = new EventStream(vertx, services.directory(), services.sessions(), services.users());
    this.streamTickets = new StreamTickets(services.sessions().redis());
    this.accessChanged = username -> vertx.eventBus().publish(org.dalaba.hub.events.Events.ADDRESS,
        new JsonObject().put("type", EventStream.ACCESS_CHANGED).put("username", username)); // this instance only
  }

  /** Sends access changes through the hub's shared events, so streams open on other hub instances follow too. */
  public HttpApi shareAccessChangesThrough(org.dalaba.hub.events.Events events) {
    this.accessChanged = username -> events.publishShared(EventStream.ACCESS_CHANGED, new JsonObject().put("username", username));
    return this;
  }

  /** Adds route groups; call before {@link #router()}. */
  public HttpApi mount(ApiRoutes... routes) {
    mounted.addAll(List.of(routes));
    return this;
  }

  /** The CAP routes: import (POST /api/v1/cap), export of one alert and the Atom feed; call before {@link #router()}. */
  public HttpApi mountCap(org.dalaba.hub.cap.CapImport imports, org.dalaba.hub.cap.CapExport export,
                          Supplier<String> publicUrl, boolean feedPublic, long maxExpiryMs) {
    return mount(new CapRoutes(vertx, imports, new CapRoutes.Settings(export, services.alertStore(), services.directory(),
        publicUrl, feedPublic, maxExpiryMs), services.storageAvailable()));
  }

  public Router router() {
    Services s = services;
    SessionRoutes sessions = new SessionRoutes(s.users(), s.sessions(), s.loginThrottle(), s.audit(), s.directory(), s.times(),
        streamTickets, username -> accessChanged.accept(username));
    Router router = Router.router(vertx);
    router.route().handler(HttpApi::securityHeaders);
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(org.dalaba.hub.config.Limits.HTTP_BODY_BYTES);
    router.route("/api/*").handler(ctx -> {
      if (DirectoryRoutes.streamsBody(ctx.request()) || mounted.stream().anyMatch(r -> r.streamsBody(ctx.request()))) {
        ctx.request().pause(); // read by its route once the session is checked
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    router.get("/health").handler(ctx -> {
      JsonObject health = s.health().get();
      Http.json(ctx, health.getBoolean("ready") ? 200 : 503, health);
    });
    router.get("/health/live").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("live", true)));
    router.get("/metrics").handler(metricsAccess);
    router.get("/metrics").handler(ctx -> s.metrics().get().onComplete(r -> {
      if (r.succeeded()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(r.result());
      } else {
        Http.fail(ctx, r.cause());
      }
    }));
    sessions.mountPublic(router);
    mounted.forEach(r -> r.mountPublic(router));
    router.route("/api/v1/*").handler(sessions::authenticate);
    sessions.mount(router);
    new UserRoutes(s.users(), s.sessions(), s.audit(), s.directory(), s.times(), username -> accessChanged.accept(username)).mount(router);
    new DirectoryRoutes(vertx, s.directory(), s.status(), s.directoryImporter(), s.credentials(), s.audit(), s.times()).mount(router);
    new AlertRoutes(vertx, s.directory(), s.status(), s.alerts(), s.alertStore(), s.validator(), s.audit(), s.times(),
        s.storageAvailable()).mount(router);
    new ApprovalRoutes(s.directory(), s.alerts(), s.alertStore(), s.audit(), s.times()).mount(router);
    new AlertResendRoute(s.directory(), s.status(), s.alerts(), s.alertStore(), s.audit(), java.time.Clock.systemUTC()).mount(router);
    new PhonedRoutes(s.directory(), s.alerts(), s.alertStore(), s.audit(), s.times(), java.time.Clock.systemUTC()).mount(router);
    new AuditRoutes(vertx, s.audit(), s.times()).mount(router);
    new SpeechRoutes(s.speech()).mount(router);
    mounted.forEach(r -> r.mount(router));
    router.post("/api/v1/events/ticket").handler(ctx -> {
      Http.require(ctx, Permission.VIEW);
      Http.reply(ctx, 201, streamTickets.issue(ctx.get(Http.TOKEN))
          .map(ticket -> new JsonObject().put("ticket", ticket).put("expiresInSeconds", StreamTickets.TTL_SECONDS)));
    });
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
    Throwable failure = DomainErrors.toApi(ctx.failure());
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
    LOG.error("Unexpected error on {} {}", ctx.request().method(), LogText.of(ctx.request().path()), failure);
    boolean redisDown = failure != null && String.valueOf(failure.getMessage()).toLowerCase().contains("connect");
    ApiError error = redisDown
        ? ApiError.unavailable("存储暂不可用，请稍后重试", "storage is unavailable; try again shortly")
        : new ApiError(500, "internal", null, "服务器内部错误", "internal server error");
    Http.json(ctx, error.status(), error.toJson(english));
  }
}
