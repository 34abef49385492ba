package org.dalaba.hub.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import org.dalaba.hub.access.Permission;

/**
 * {@code GET /api/v1/tls/ca.pem} (administrators): the certificate speakers and browsers must trust to
 * reach this hub over TLS, for provisioning. 404 when TLS is off.
 */
public final class TlsRoutes implements HttpApi.ApiRoutes {
  private final Vertx vertx;
  private final Path caCertificate;

  /** @param caCertificate null when TLS is off */
  public TlsRoutes(Vertx vertx, Path caCertificate) {
    this.vertx = vertx;
    this.caCertificate = caCertificate;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/tls/ca.pem").handler(this::caCertificate);
  }

  private void caCertificate(RoutingContext ctx) {
    Http.require(ctx, Permission.ADMINISTER);
    if (caCertificate == null) {
      Http.fail(ctx, new ApiError(404, "not_found", null, "本中心未启用 TLS 加密，没有证书可下载",
          "TLS is not enabled on this hub; there is no certificate to download"));
      return;
    }
    vertx.fileSystem().readFile(caCertificate.toString()).onComplete(read -> {
      if (read.failed()) {
        Http.fail(ctx, read.cause());
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/x-pem-file")
          .putHeader("Content-Disposition", "attachment; filename=\"dalaba-ca.pem\"").end(read.result());
    });
  }
}
