package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertSource;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.cap.CapAtomFeed;
import org.dalaba.hub.cap.CapExport;
import org.dalaba.hub.cap.CapImport;
import org.dalaba.hub.config.Limits;
import org.dalaba.hub.directory.Directory;

/**
 * CAP 1.2 in and out. {@code POST /api/v1/cap}: a document ({@code application/cap+xml} or {@code application/xml}) from
 * a user with alert rights becomes an alert by {@link CapImport}: 201 for a new one, 200 for a repeat or a Cancel; the
 * body is read only after the session is checked, up to {@link Limits#CAP_DOCUMENT_BYTES}.
 * {@code GET /api/v1/alerts/{id}/cap}: any alert as CAP (scoped as {@code GET /api/v1/alerts/{id}}).
 * {@code GET /api/v1/cap/feed.atom}: the current alerts as Atom, to logged-in users within their scope, or to anyone
 * (the whole county) when {@code cap.feedPublic} is true.
 */
final class CapRoutes implements HttpApi.ApiRoutes {
  private static final String CAP_XML = "application/cap+xml; charset=utf-8";

  /** What the CAP routes need besides the import. */
  record Settings(CapExport export, AlertStore store, Supplier<Directory> directory, Supplier<String> publicUrl, boolean feedPublic,
                  long maxExpiryMs) {
  }

  private final Vertx vertx;
  private final CapImport imports;
  private final Settings settings;
  private final BooleanSupplier storageAvailable;
  private final CapAtomFeed feed;

  CapRoutes(Vertx vertx, CapImport imports, Settings settings, BooleanSupplier storageAvailable) {
    this.vertx = vertx;
    this.imports = imports;
    this.settings = settings;
    this.storageAvailable = storageAvailable;
    this.feed = new CapAtomFeed(settings.export());
  }

  @Override
  public boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && request.path().equals("/api/v1/cap");
  }

  @Override
  public void mountPublic(Router router) {
    if (settings.feedPublic()) {
      router.get("/api/v1/cap/feed.atom").handler(ctx -> feed(ctx, Scope.COUNTY));
    }
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/cap").handler(this::importDocument);
    router.get("/api/v1/alerts/:id/cap").handler(this::export);
    router.get("/api/v1/cap/feed.atom").handler(ctx -> feed(ctx, Http.require(ctx, Permission.VIEW).scope()));
  }

  private void importDocument(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (!media.equals("application/cap+xml") && !media.equals("application/xml")) {
      throw new ApiError(415, "unsupported_media_type", null, "请以 application/cap+xml 或 application/xml 发送 CAP 1.2 文档",
          "send the CAP 1.2 document as application/cap+xml or application/xml");
    }
    if (!storageAvailable.getAsBoolean()) {
      throw ApiError.unavailable("存储暂不可用，预警未被接收，请稍后重试", "storage is unavailable: the alert was not accepted; try again shortly");
    }
    boolean english = Http.english(ctx);
    BoundedBody.read(ctx.request(), Limits.CAP_DOCUMENT_BYTES)
        .compose(body -> imports.importDocument(body.getBytes(), user, AlertSource.cap(null, null)))
        .onSuccess(result -> {
          if (result.alertId() != null) {
            ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/alerts/" + result.alertId());
          }
          Http.json(ctx, result.status(), result.toJson(english));
        })
        .onFailure(e -> Http.fail(ctx, DomainErrors.toApi(e)));
  }

  private void export(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    Directory dir = settings.directory().get();
    settings.store().get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (!user.scope().touches(alert.targets(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警不在您的管辖范围内", "this alert lies outside your scope"));
      }
      return replaced(alert).map(replaced -> settings.export().document(alert, replaced, dir));
    }).onSuccess(xml -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CAP_XML)
            .putHeader("Content-Disposition", "inline; filename=\"" + id + ".cap.xml\"").end(xml))
        .onFailure(e -> Http.fail(ctx, e));
  }

  /** The alerts this one replaced that are still stored (its CAP references). */
  private Future<List<Alert>> replaced(Alert alert) {
    List<Future<Alert>> loaded = new ArrayList<>();
    alert.meta().references().forEach(ref -> loaded.add(settings.store().get(ref)));
    return Future.all(loaded).map(all -> {
      List<Alert> found = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.resultAt(i) != null) {
          found.add(all.resultAt(i));
        }
      }
      return found;
    });
  }

  /**
   * Current alerts the scope touches, newest first: neither cancelled nor expired (those the speakers have finished are
   * still current until they expire); drills only with {@code ?exercises=include}.
   */
  private void feed(RoutingContext ctx, Scope scope) {
    Directory dir = settings.directory().get();
    boolean exercises = "include".equals(ctx.request().getParam("exercises"));
    long now = System.currentTimeMillis();
    settings.store().idsBetween(now - settings.maxExpiryMs(), now, Limits.ALERT_HISTORY_SCAN).compose(ids -> {
      List<Future<Alert>> loaded = new ArrayList<>();
      ids.forEach(id -> loaded.add(settings.store().get(id)));
      return Future.all(loaded);
    }).compose(all -> {
      List<Alert> current = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        Alert a = all.resultAt(i);
        boolean live = a != null && (a.state() == AlertState.ACTIVE || a.state() == AlertState.COMPLETED);
        if (live && a.expiresAt() > now && (exercises || !a.exercise())
            && scope.touches(a.targets(), dir)) {
          current.add(a);
        }
      }
      current.sort((a, b) -> Long.compare(b.createdAt(), a.createdAt()));
      List<Future<List<Alert>>> links = new ArrayList<>();
      current.forEach(a -> links.add(replaced(a)));
      return Future.all(links).compose(done -> vertx.executeBlocking(() -> {
        LinkedHashMap<Alert, List<Alert>> entries = new LinkedHashMap<>();
        for (int i = 0; i < current.size(); i++) {
          entries.put(current.get(i), done.resultAt(i));
        }
        return feed.feed(entries, dir, settings.publicUrl().get().replaceAll("/+$", ""), now);
      }, false));
    }).onSuccess(xml -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/atom+xml; charset=utf-8").end(xml))
        .onFailure(e -> Http.fail(ctx, e));
  }
}
