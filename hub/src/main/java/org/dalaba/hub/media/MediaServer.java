package org.dalaba.hub.media;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Serves {@code GET /media/{sha256}} to endpoints: HTTP Basic authentication with the endpoint's MQTT
 * username and password, only files a command sent to that endpoint named ({@link MediaAudience}; else 403), single byte ranges (206 / 416), and cache headers that say the content never
 * changes (it is addressed by its hash). Files are sent with sendfile; nothing blocks the event loop.
 * {@link #sendFile} serves the same way to callers that authenticated otherwise (operators in the console).
 */
public final class MediaServer {
  private static final String CACHE = "private, max-age=31536000, immutable";

  private final MediaLibrary library;
  private final org.dalaba.hub.credentials.EndpointSecretCheck secrets;
  private final MediaAudience audience;

  public MediaServer(MediaLibrary library, org.dalaba.hub.credentials.EndpointSecretCheck secrets, MediaAudience audience) {
    this.library = library;
    this.secrets = secrets;
    this.audience = audience;
  }

  public void mount(Router router) {
    router.get("/media/:sha256").handler(this::serve);
    router.head("/media/:sha256").handler(this::serve);
  }

  /** IMF-fixdate (RFC 9110 5.6.7). */
  private static final java.time.format.DateTimeFormatter HTTP_DATE = java.time.format.DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

  private void serve(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    // every answer, even a 401, is dated: endpoints without a real-time clock set theirs by it (docs/protocol.md, "Clocks")
    response.putHeader(HttpHeaders.DATE, HTTP_DATE.format(java.time.Instant.now()));
    authenticated(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(who -> {
      String endpointId = who.succeeded() ? who.result() : null;
      if (endpointId == null) {
        response.setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"dalaba media\", charset=\"UTF-8\"").end();
        return;
      }
      String sha = ctx.pathParam("sha256");
      if (!MediaFiles.SHA256.matcher(sha).matches()) {
        response.setStatusCode(404).end();
        return;
      }
      // an endpoint fetches only what a command sent to it named (docs/protocol.md, "Media")
      audience.allows(sha, endpointId).onComplete(allowed -> {
        if (allowed.failed()) {
          response.setStatusCode(503).end();
        } else if (!allowed.result()) {
          response.setStatusCode(403).end();
        } else {
          sendFile(ctx);
        }
      });
    });
  }

  /** Sends the file named by the {@code sha256} path parameter, with ranges and cache headers; no authentication. */
  public void sendFile(RoutingContext ctx) {
    sendFile(ctx, ctx.pathParam("sha256"));
  }

  /** Sends the file {@code sha}, with ranges and cache headers; no authentication (the caller checked). */
  public void sendFile(RoutingContext ctx, String sha) {
    HttpServerResponse response = ctx.response();
    if (!MediaFiles.SHA256.matcher(sha).matches()) {
      response.setStatusCode(404).end();
      return;
    }
    library.get(sha).onComplete(found -> {
      if (found.failed()) {
        response.setStatusCode(503).end();
        return;
      }
      MediaItem item = found.result();
      if (item == null) {
        response.setStatusCode(404).end();
        return;
      }
      String etag = "\"" + sha + "\"";
      response.putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, CACHE)
          .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes").putHeader(HttpHeaders.CONTENT_TYPE, item.format().contentType);
      if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
        response.setStatusCode(304).end();
        return;
      }
      String path = library.files().path(sha).toString();
      ByteRange range = ByteRange.parse(ctx.request().getHeader("Range"), item.bytes());
      if (range == ByteRange.UNSATISFIABLE) {
        response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + item.bytes()).end();
      } else if (range == null) {
        send(ctx, path, 0, item.bytes());
      } else {
        response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + item.bytes());
        send(ctx, path, range.first(), range.length());
      }
    });
  }

  private static void send(RoutingContext ctx, String path, long offset, long length) {
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length)).end();
      return;
    }
    ctx.response().sendFile(path, offset, length).onFailure(e -> {
      if (ctx.response().ended() || ctx.response().headWritten()) {
        return;
      }
      if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException
          || e.getCause() instanceof java.nio.file.NoSuchFileException || e.getCause() instanceof java.io.FileNotFoundException) {
        // known to the library (Redis) but not kept here: with several hubs, a file is on the hub it was added on
        ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(new io.vertx.core.json.JsonObject().put("error", "not_found")
                .put("message", "这段音频的文件不在这台服务器上（有多台服务器时，音频保存在添加它的那台）")
                .put("messageZh", "这段音频的文件不在这台服务器上（有多台服务器时，音频保存在添加它的那台）")
                .put("messageEn", "this hub does not hold the audio's file (with several hubs, a file is kept on the hub it was added on)")
                .encode());
      } else {
        ctx.response().setStatusCode(500).end();
      }
    });
  }

  /** The endpoint id whose Basic credentials these are, or null. */
  public io.vertx.core.Future<String> authenticated(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() > 1024) {
      return io.vertx.core.Future.succeededFuture(null);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return io.vertx.core.Future.succeededFuture(null);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return io.vertx.core.Future.succeededFuture(null);
    }
    String username = decoded.substring(0, colon);
    return secrets.matches(username, decoded.substring(colon + 1)).map(ok -> ok ? username : null);
  }
}
