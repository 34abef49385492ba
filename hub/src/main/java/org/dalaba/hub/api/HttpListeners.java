package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.tls.TlsMaterial;

/**
 * The hub's HTTP listeners: the plain one unless tls.requireTls, and the HTTPS one when TLS is on; one router for
 * both. A port that cannot be had fails the start with the key that sets it.
 */
public final class HttpListeners {
  private final Vertx vertx;
  private final HubConfig config;
  private final TlsMaterial tls;
  private HttpServer http;
  private HttpServer https;

  /** @param tls null: no HTTPS listener */
  public HttpListeners(Vertx vertx, HubConfig config, TlsMaterial tls) {
    this.vertx = vertx;
    this.config = config;
    this.tls = tls;
  }

  public Future<Void> listen(Router router) {
    Future<Void> plain = config.tlsRequired() ? Future.succeededFuture()
        : vertx.createHttpServer().requestHandler(router).listen(config.httpPort(), config.httpHost())
            .recover(e -> Future.failedFuture(new IllegalStateException(
                "cannot listen for HTTP on " + config.httpHost() + ":" + config.httpPort() + " (http.port): " + e.getMessage(), e)))
            .map(server -> {
              http = server;
              return null;
            });
    if (tls == null) {
      return plain;
    }
    HttpServerOptions options = new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate().toString())
            .setKeyPath(tls.privateKey().toString()));
    return plain.compose(v -> vertx.createHttpServer(options).requestHandler(router).listen(config.tlsHttpsPort(), config.httpHost())
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen for HTTPS on " + config.httpHost() + ":"
            + config.tlsHttpsPort() + " (tls.httpsPort): " + e.getMessage(), e)))
        .map(server -> {
          https = server;
          return null;
        }));
  }

  /** @return the plain HTTP port, or -1 when tls.requireTls leaves it out (or before listening) */
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** @return the HTTPS port, or -1 when TLS is off */
  public int httpsPort() {
    return https == null ? -1 : https.actualPort();
  }

  /** The base URL endpoints fetch media from (http.publicUrl, else this hub's HTTP(S) port on localhost). */
  public String publicUrl() {
    if (!config.publicUrl().isBlank()) {
      return config.publicUrl();
    }
    return config.tlsRequired() ? "https://localhost:" + httpsPort() : "http://localhost:" + httpPort();
  }

  public Future<Void> close() {
    Future<Void> httpClosed = http == null ? Future.succeededFuture() : http.close();
    Future<Void> httpsClosed = https == null ? Future.succeededFuture() : https.close();
    return Future.join(httpClosed, httpsClosed).mapEmpty();
  }
}
