package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryException;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.status.EndpointStatusTracker;

/**
 * The village directory: everyone sees the villages of their scope with live state; administrators
 * import a new directory (with a dry run first) and read or rotate an endpoint's credentials.
 */
final class DirectoryRoutes {
  private static final String IMPORT = "/api/v1/directory";
  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final HttpApi.DirectoryImporter importer;
  private final EndpointCredentialAdmin credentials;
  private final AuditLog audit;
  private final DirectoryView view;

  private final io.vertx.core.Vertx vertx;

  /** @param vertx its workers build the village list (a county has up to 20,000 villages) */
  DirectoryRoutes(io.vertx.core.Vertx vertx, Supplier<Directory> directory, EndpointStatusTracker status, HttpApi.DirectoryImporter importer,
                  EndpointCredentialAdmin credentials, AuditLog audit, Times times) {
    this.vertx = vertx;
    this.directory = directory;
    this.status = status;
    this.importer = importer;
    this.credentials = credentials;
    this.audit = audit;
    this.view = new DirectoryView(times);
  }

  void mount(Router router) {
    router.get("/api/v1/villages").handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      Directory dir = directory.get();
      Http.replyLarge(ctx, vertx, () -> view.of(dir, status, user.scope()));
    });
    router.post(IMPORT).handler(this::importDirectory);
    router.get("/api/v1/endpoints/:id/credentials").handler(this::credentials);
    router.post("/api/v1/endpoints/:id/credentials/rotate").handler(this::rotate);
  }

  /** Directory files are read after the session check, with the parser's own limit (16 MiB), not the API's 1 MiB. */
  static boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && request.path().equals(IMPORT);
  }

  private void importDirectory(RoutingContext ctx) {
    User user;
    try {
      user = Http.require(ctx, Permission.ADMINISTER);
    } catch (ApiError e) {
      ctx.request().resume();
      throw e;
    }
    String type = String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase();
    boolean csv = type.startsWith("text/csv");
    boolean dryRun = "true".equals(ctx.request().getParam("dryRun"));
    if (!csv && !type.startsWith("application/json")) {
      ctx.request().resume();
      throw ApiError.badRequest("Content-Type 应为 text/csv 或 application/json", "Content-Type must be text/csv or application/json");
    }
    Future<JsonObject> imported = BoundedBody.read(ctx.request(), DirectoryParser.Limits.DEFAULT.maxBytes()).compose(body -> {
      if (body.length() == 0) {
        return Future.failedFuture(ApiError.badRequest("请求体为空：请上传 CSV 或 JSON 名录文件",
            "the body is empty: upload a CSV or JSON directory file"));
      }
      return importer.importFile(body.toString(java.nio.charset.StandardCharsets.UTF_8), csv, dryRun);
    }).compose(result -> dryRun ? Future.succeededFuture(result)
        : audit.record(user.username(), "directory.import", result.getJsonObject("totals")).map(result));
    imported.onSuccess(result -> Http.json(ctx, 200, result)).onFailure(e -> {
      if (e instanceof DirectoryException invalid) {
        Http.json(ctx, 400, invalid.toJson());
      } else {
        Http.fail(ctx, e);
      }
    });
  }

  private void credentials(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.ADMINISTER);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, credentials.provisioningFile(id).compose(file -> found(file, id))
        .compose(audit.passing(user.username(), "credentials.download",
            file -> new JsonObject().put("endpointId", id)))
        .map(file -> {
      return file;
    }));
  }

  private void rotate(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.ADMINISTER);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, credentials.rotate(id).compose(file -> found(file, id))
        .compose(audit.passing(user.username(), "credentials.rotate",
            file -> new JsonObject().put("endpointId", id)))
        .map(file -> {
      return file;
    }));
  }

  private static Future<JsonObject> found(JsonObject file, String id) {
    return file == null ? Future.failedFuture(ApiError.notFound("终端|endpoint", id)) : Future.succeededFuture(file);
  }
}
