package org.dalaba.hub.live;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.dalaba.hub.media.MediaServer;

/**
 * {@code GET /live/{id}/stream}: a live session's audio for endpoints (docs/protocol.md, "Live stream"), with the
 * endpoint's own credentials as for {@code /media}; only endpoints the session targets (else 403). Chunked Ogg Opus
 * from the live edge ({@link LiveStream#join}); the response ends with the session.
 */
final class LiveStreamServer {
  private final LiveService live;
  private final MediaServer media;

  LiveStreamServer(LiveService live, MediaServer media) {
    this.live = live;
    this.media = media;
  }

  void mount(Router router) {
    router.get("/live/:id/stream").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    media.authenticated(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(who -> {
      String endpointId = who.succeeded() ? who.result() : null;
      if (endpointId == null) {
        response.setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"dalaba media\", charset=\"UTF-8\"").end();
        return;
      }
      LiveBroadcast broadcast = live.broadcast(ctx.pathParam("id"));
      if (broadcast == null || broadcast.ended()) {
        response.setStatusCode(404).end();
      } else if (!broadcast.endpointIds.contains(endpointId)) {
        response.setStatusCode(403).end();
      } else if (!broadcast.stream.hasHeaders()) {
        response.setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1").end();
      } else {
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "audio/ogg")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Dalaba-Anchor-Ms", String.valueOf(broadcast.anchorMs()));
        broadcast.stream.join(response);
      }
    });
  }
}
