package org.dalaba.hub.media;

import static org.dalaba.hub.api.Http.fail;
import static org.dalaba.hub.api.Http.reply;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.Times;

/**
 * {@code /api/v1/media}: upload (the raw file as the body, {@code ?name=} for people), list, get, delete
 * if unused; the file itself for operators ({@code /audio}); and the endpoints' {@code /media/{sha256}} ({@link MediaServer}). The upload is read as it
 * streams in and refused with a 400 once it passes {@code media.maxBytes}.
 */
public final class MediaRoutes implements HttpApi.ApiRoutes {
  private static final String UPLOAD = "/api/v1/media";

  private final MediaLibrary library;
  private final MediaServer server;
  private final AuditLog audit;
  private final Times times;
  private final int maxBytes;

  public MediaRoutes(MediaLibrary library, MediaServer server, AuditLog audit, Times times, int maxBytes) {
    this.library = library;
    this.server = server;
    this.audit = audit;
    this.times = times;
    this.maxBytes = maxBytes;
  }

  @Override
  public boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && request.path().equals(UPLOAD);
  }

  @Override
  public void mount(Router router) {
    router.post(UPLOAD).handler(this::upload);
    router.get(UPLOAD).handler(ctx -> reply(ctx, 200, library.list().map(items -> {
      JsonArray list = new JsonArray();
      items.forEach(i -> list.add(view(i)));
      return new JsonObject().put("media", list);
    })));
    router.get(UPLOAD + "/:sha256").handler(ctx -> reply(ctx, 200, library.get(ctx.pathParam("sha256")).compose(item -> item == null
        ? Future.failedFuture(ApiError.notFound("音频|media", ctx.pathParam("sha256"))) : Future.succeededFuture(view(item)))));
    // the console plays recordings with the operator's token (endpoints use /media/{sha256} with Basic auth)
    router.get(UPLOAD + "/:sha256/audio").handler(ctx -> {
      Http.require(ctx, Permission.PROGRAMMES);
      server.sendFile(ctx);
    });
    router.delete(UPLOAD + "/:sha256").handler(ctx -> {
      User session = Http.require(ctx, Permission.PROGRAMMES);
      String sha = ctx.pathParam("sha256");
      reply(ctx, 200, library.delete(sha)
          .compose(audit.passing(session.username(), "media.delete", v -> new JsonObject().put("sha256", sha))).map(v -> {
        return new JsonObject().put("deleted", sha);
      }));
    });
    server.mount(router);
  }

  private void upload(RoutingContext ctx) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    String name = ctx.request().getParam("name", "").strip();
    if (name.codePointCount(0, name.length()) > 200) {
      ctx.request().resume();
      fail(ctx, ApiError.badField("name", "不能超过 200 个字符", "must be at most 200 characters"));
      return;
    }
    Buffer body = Buffer.buffer();
    long[] received = {0};
    HttpServerRequest request = ctx.request();
    request.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] <= maxBytes) {
        body.appendBuffer(chunk);
      } // past the limit: keep reading to the end, so the client gets the 400, but keep nothing
    });
    request.exceptionHandler(ctx::fail);
    request.endHandler(v -> {
      if (received[0] > maxBytes) {
        fail(ctx, ApiError.badField("file", "文件过大：" + received[0] + " 字节，上限 " + maxBytes + " 字节",
            "is too large: " + received[0] + " bytes, the limit is " + maxBytes));
        return;
      }
      if (received[0] == 0) {
        fail(ctx, ApiError.badField("file", "请求体为空：请上传音频文件", "is empty: send the audio file as the body"));
        return;
      }
      reply(ctx, 201, library.add(body.getBytes(), name.isEmpty() ? "未命名音频" : name, "upload", session.username())
          .compose(audit.passing(session.username(), "media.upload",
              item -> new JsonObject().put("sha256", item.sha256()).put("name", item.name())))
          .map(item -> {
        ctx.response().putHeader(HttpHeaders.LOCATION, UPLOAD + "/" + item.sha256());
        return view(item);
      }));
    });
    request.resume();
  }

  private JsonObject view(MediaItem item) {
    return item.toJson().put("createdAt", times.iso(item.createdAt())).put("contentType", item.format().contentType);
  }
}
