package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryException;
import org.dalaba.hub.status.EndpointStatusTracker;

/**
 * The village directory: everyone sees the villages of their scope with live state; administrators
 * import a new directory (with a dry run first) and read or rotate an endpoint's credentials.
 */
final class DirectoryRoutes {
  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final HttpApi.DirectoryImporter importer;
  private final EndpointCredentialAdmin credentials;
  private final AuditLog audit;
  private final DirectoryView view;

  DirectoryRoutes(Supplier<Directory> directory, EndpointStatusTracker status, HttpApi.DirectoryImporter importer,
                  EndpointCredentialAdmin credentials, AuditLog audit, Times times) {
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
      Http.json(ctx, 200, view.of(directory.get(), status, user.scope()));
    });
    router.post("/api/v1/directory").handler(this::importDirectory);
    router.get("/api/v1/endpoints/:id/credentials").handler(this::credentials);
    router.post("/api/v1/endpoints/:id/credentials/rotate").handler(this::rotate);
  }

  private void importDirectory(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.ADMINISTER);
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
      imported = importer.importFile(ctx.body().asString("UTF-8"), csv, dryRun);
    } catch (DirectoryException e) {
      Http.json(ctx, 400, e.toJson());
      return;
    }
    Http.reply(ctx, 200, imported.compose(result -> dryRun ? Future.succeededFuture(result)
        : audit.record(user.username(), "directory.import", result.getJsonObject("totals")).map(result)));
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
