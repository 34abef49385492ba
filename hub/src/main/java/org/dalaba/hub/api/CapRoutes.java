package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertSource;
import org.dalaba.hub.cap.CapImport;
import org.dalaba.hub.config.Limits;

/**
 * {@code POST /api/v1/cap}: a CAP 1.2 document ({@code application/cap+xml} or {@code application/xml}) from a user with
 * alert rights becomes an alert by {@link CapImport}: 201 for a new one, 200 with the same id for a repeat or a Cancel.
 * The body is read only after the session is checked, up to {@link Limits#CAP_DOCUMENT_BYTES}.
 */
final class CapRoutes implements HttpApi.ApiRoutes {
  private final CapImport imports;
  private final BooleanSupplier storageAvailable;

  CapRoutes(CapImport imports, BooleanSupplier storageAvailable) {
    this.imports = imports;
    this.storageAvailable = storageAvailable;
  }

  @Override
  public boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && request.path().equals("/api/v1/cap");
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/cap").handler(this::importDocument);
  }

  private void importDocument(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (!media.equals("application/cap+xml") && !media.equals("application/xml") && !media.equals("text/xml")) {
      throw new ApiError(415, "unsupported_media_type", null, "请以 application/cap+xml 或 application/xml 发送 CAP 1.2 文档",
          "send the CAP 1.2 document as application/cap+xml or application/xml");
    }
    if (!storageAvailable.getAsBoolean()) {
      throw ApiError.unavailable("存储暂不可用，预警未被接收，请稍后重试", "storage is unavailable: the alert was not accepted; try again shortly");
    }
    boolean english = Http.english(ctx);
    Future<io.vertx.core.json.JsonObject> done = BoundedBody.read(ctx.request(), Limits.CAP_DOCUMENT_BYTES)
        .compose(body -> imports.importDocument(body.getBytes(), user, AlertSource.cap(null, null)))
        .map(result -> {
          ctx.response().setStatusCode(result.status());
          if (result.alertId() != null) {
            ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/alerts/" + result.alertId());
          }
          return result.toJson(english);
        });
    done.onSuccess(json -> Http.json(ctx, ctx.response().getStatusCode(), json)).onFailure(e -> Http.fail(ctx, DomainErrors.toApi(e)));
  }
}
