package org.dalaba.hub.media;

import static org.dalaba.hub.api.Http.fail;
import static org.dalaba.hub.api.Http.reply;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.dalaba.hub.access.MaterialAccess;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.store.DiskSpace;

/**
 * {@code /api/v1/media}: upload (the raw file as the body, {@code ?name=} for people), list, get, delete
 * if unused; the file itself for operators ({@code /audio}); and the endpoints' {@code /media/{sha256}}
 * ({@link MediaServer}). The upload is written to a partial file as it streams in (never held in
 * memory), refused with a 400 once it passes {@code media.maxBytes}, with a 413 when it would pass a
 * quota ({@link UploadQuota}) and with a 507 while the disk is low. Each recording belongs to its
 * uploader's scope ({@link MaterialAccess}): lists show what the caller may use, deleting needs a scope
 * that contains the recording's.
 */
public final class MediaRoutes implements HttpApi.ApiRoutes {
  private static final String UPLOAD = "/api/v1/media";

  private final Vertx vertx;
  private final MediaLibrary library;
  private final MediaServer server;
  private final AuditLog audit;
  private final Times times;
  private final int maxBytes;
  private final Supplier<Directory> directory;
  private final UploadQuota quota;
  private final BooleanSupplier diskLow;

  public MediaRoutes(Vertx vertx, MediaLibrary library, MediaServer server, AuditLog audit, Times times, int maxBytes,
                     Supplier<Directory> directory, UploadQuota quota, BooleanSupplier diskLow) {
    this.vertx = vertx;
    this.library = library;
    this.server = server;
    this.audit = audit;
    this.times = times;
    this.maxBytes = maxBytes;
    this.directory = directory;
    this.quota = quota;
    this.diskLow = diskLow;
  }

  @Override
  public boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && request.path().equals(UPLOAD);
  }

  @Override
  public void mount(Router router) {
    router.post(UPLOAD).handler(this::upload);
    router.get(UPLOAD).handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      Directory dir = directory.get();
      reply(ctx, 200, library.list().map(items -> {
        JsonArray list = new JsonArray();
        items.stream().filter(i -> MediaAccess.usable(user, i, dir)).forEach(i -> list.add(view(i, user, dir)));
        return new JsonObject().put("media", list);
      }));
    });
    router.get(UPLOAD + "/:sha256").handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      reply(ctx, 200, usable(user, ctx.pathParam("sha256")).map(item -> view(item, user, directory.get())));
    });
    // the console plays recordings with the operator's token (endpoints use /media/{sha256} with Basic auth)
    router.get(UPLOAD + "/:sha256/audio").handler(ctx -> {
      User user = Http.require(ctx, Permission.PROGRAMMES);
      usable(user, ctx.pathParam("sha256")).onSuccess(item -> server.sendFile(ctx)).onFailure(e -> fail(ctx, e));
    });
    router.delete(UPLOAD + "/:sha256").handler(ctx -> {
      User session = Http.require(ctx, Permission.PROGRAMMES);
      String sha = ctx.pathParam("sha256");
      reply(ctx, 200, usable(session, sha).compose(item -> {
        if (!MaterialAccess.changeable(session, item.scope(), directory.get())) {
          return Future.failedFuture(ApiError.forbidden(null, "该音频属于" + scopeName(item) + "，您无权删除",
              "this recording belongs to " + item.scope().stored() + "; you may not delete it"));
        }
        return library.delete(sha);
      }).compose(audit.passing(session.username(), "media.delete", v -> new JsonObject().put("sha256", sha))).map(v -> {
        return new JsonObject().put("deleted", sha);
      }));
    });
    server.mount(router);
  }

  /** The item if the user may use it; 404 if unknown, 403 if it lies outside their scope. */
  private Future<MediaItem> usable(User user, String sha) {
    if (!MediaFiles.SHA256.matcher(sha).matches()) {
      return Future.failedFuture(ApiError.notFound("音频|media", sha));
    }
    return library.get(sha).compose(item -> {
      if (item == null) {
        return Future.failedFuture(ApiError.notFound("音频|media", sha));
      }
      if (!MediaAccess.usable(user, item, directory.get())) {
        return Future.failedFuture(ApiError.forbidden(null, "该音频不在您的管辖范围内", "this recording lies outside your scope"));
      }
      return Future.succeededFuture(item);
    });
  }

  private String scopeName(MediaItem item) {
    JsonObject scope = item.scope().toJson(directory.get());
    return scope.getString("name") != null ? scope.getString("name") : "县级";
  }

  private void upload(RoutingContext ctx) {
    // alert senders upload too: a recording to attach to an alert instead of the voiced text
    User session = Http.caller(ctx).may(Permission.SEND_ALERTS) ? Http.caller(ctx) : Http.require(ctx, Permission.PROGRAMMES);
    HttpServerRequest request = ctx.request();
    String name = request.getParam("name", "").strip();
    if (name.codePointCount(0, name.length()) > 200) {
      request.resume();
      fail(ctx, ApiError.badField("name", "不能超过 200 个字符", "must be at most 200 characters"));
      return;
    }
    if (diskLow.getAsBoolean()) {
      request.resume();
      fail(ctx, new ApiError(507, "disk_low", "file", DiskSpace.lowMessageZh(),
          "the disk is nearly full: uploads are refused until space is freed"));
      return;
    }
    vertx.executeBlocking(() -> library.files().newPartFile(), false)
        .compose(part -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
            .onFailure(e -> deleteLater(part))
            .onSuccess(file -> receive(ctx, session, name, part, file)))
        .onFailure(e -> {
          request.resume();
          fail(ctx, e);
        });
  }

  /** The quota check for bytes not yet stored (the same bytes again take no space, so this runs once they are hashed). */
  private Future<Void> admit(User user, long bytes, Directory dir) {
    return library.list().compose(all -> {
      org.dalaba.hub.refusal.Refusal over = quota.check(user, bytes, all, dir);
      return over == null ? Future.succeededFuture() : Future.failedFuture(over);
    });
  }

  /** Streams the body into the partial file with back-pressure; past the limit it keeps reading but writes nothing. */
  private void receive(RoutingContext ctx, User session, String name, Path part, AsyncFile file) {
    HttpServerRequest request = ctx.request();
    long[] received = {0};
    Throwable[] writeFailed = {null};
    file.exceptionHandler(e -> writeFailed[0] = e); // e.g. the disk filled up: refused at the end, nothing kept
    request.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] <= maxBytes) {
        file.write(chunk);
        if (file.writeQueueFull()) {
          request.pause();
          file.drainHandler(v -> request.resume());
        }
      }
    });
    request.exceptionHandler(e -> file.close().onComplete(c -> {
      deleteLater(part);
      ctx.fail(e);
    }));
    request.endHandler(v -> file.close().onComplete(closed -> {
      if (closed.failed() || writeFailed[0] != null) {
        deleteLater(part);
        fail(ctx, ApiError.unavailable("音频未能写入磁盘，请稍后重试", "the recording could not be written to disk; try again later"));
        return;
      }
      if (received[0] > maxBytes) {
        deleteLater(part);
        fail(ctx, ApiError.badField("file", "文件过大：" + received[0] + " 字节，上限 " + maxBytes + " 字节",
            "is too large: " + received[0] + " bytes, the limit is " + maxBytes));
        return;
      }
      if (received[0] == 0) {
        deleteLater(part);
        fail(ctx, ApiError.badField("file", "请求体为空：请上传音频文件", "is empty: send the audio file as the body"));
        return;
      }
      Directory dir = directory.get();
      reply(ctx, 201, library.addFile(part, name.isEmpty() ? "未命名音频" : name, "upload", session, dir,
          bytes -> admit(session, bytes, dir))
          .compose(audit.passing(session.username(), "media.upload",
              item -> new JsonObject().put("sha256", item.sha256()).put("name", item.name())))
          .map(item -> {
            ctx.response().putHeader(HttpHeaders.LOCATION, UPLOAD + "/" + item.sha256());
            return view(item, session, dir);
          }));
    }));
    request.resume();
  }

  private void deleteLater(Path part) {
    vertx.executeBlocking(() -> Files.deleteIfExists(part), false);
  }

  private JsonObject view(MediaItem item, User user, Directory dir) {
    return item.toJson().put("createdAt", times.iso(item.createdAt())).put("contentType", item.format().contentType)
        .put("scope", item.scope().toJson(dir)).put("mayChange", MaterialAccess.changeable(user, item.scope(), dir));
  }
}
