package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;

/** What every router does with HTTP: read the JSON body, answer JSON or CSV, fail with an ApiError, know the caller. */
public final class Http {
  static final String USER = "user";
  static final String TOKEN = "token";

  private Http() {
  }

  /** The logged-in user (set by {@link SessionRoutes#authenticate}). */
  public static User caller(RoutingContext ctx) {
    return ctx.get(USER);
  }

  /** @return the caller, if their role has the permission; else a 403 */
  public static User require(RoutingContext ctx, Permission permission) {
    User user = caller(ctx);
    if (!user.may(permission)) {
      throw ApiError.forbidden(null, "您的角色（" + user.role().chinese + "）无权执行此操作",
          "your role (" + user.role().english + ") may not do this");
    }
    return user;
  }

  /** The {@code limit} query parameter: a whole number from 1 to {@code max}, or {@code fallback} when absent. */
  static int limit(RoutingContext ctx, int fallback, int max) {
    String param = ctx.request().getParam("limit");
    if (param == null) {
      return fallback;
    }
    int limit;
    try {
      limit = Integer.parseInt(param);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > max) {
      throw ApiError.badField("limit", "必须是 1 到 " + max + " 的整数", "must be a whole number from 1 to " + max);
    }
    return limit;
  }

  static String address(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  public static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiError.badRequest("请求体为空，应为 JSON 对象", "the request body is empty; send a JSON object");
    }
    try {
      return ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.badRequest("请求体不是合法的 JSON 对象", "the request body is not a valid JSON object");
    }
  }

  public static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(r -> {
      if (r.succeeded()) {
        json(ctx, status, r.result());
      } else {
        fail(ctx, r.cause());
      }
    });
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    encoded(ctx, status, body.encode());
  }

  /**
   * A large answer (a county's 20,000 villages, a county-wide alert's records): built and encoded on a worker of
   * {@code vertx}, so the event loop only sends the text.
   */
  public static void replyLarge(RoutingContext ctx, io.vertx.core.Vertx vertx, java.util.concurrent.Callable<JsonObject> build) {
    vertx.executeBlocking(() -> build.call().encode(), false).onComplete(r -> {
      if (r.succeeded()) {
        encoded(ctx, 200, r.result());
      } else {
        fail(ctx, r.cause());
      }
    });
  }

  private static void encoded(RoutingContext ctx, int status, String body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
    }
  }

  /** A CSV download with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese right. */
  static void csv(RoutingContext ctx, String filename, Future<String> content) {
    content.onComplete(r -> {
      if (r.failed()) {
        fail(ctx, r.cause());
      } else if (!ctx.response().ended()) {
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
            .end("\uFEFF" + r.result());
      }
    });
  }

  public static void fail(RoutingContext ctx, Throwable failure) {
    Throwable error = DomainErrors.toApi(failure);
    if (error instanceof ApiError api && api.status() == 503 && !ctx.response().headWritten()
        && ctx.response().headers().get(HttpHeaders.RETRY_AFTER) == null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5"); // busy or briefly unavailable: say when to try again
    }
    ctx.fail(error instanceof ApiError api ? api.status() : 500, error);
  }

  static boolean english(RoutingContext ctx) {
    String language = ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE);
    String lang = ctx.request().getParam("lang");
    return lang != null ? lang.startsWith("en") : language != null && language.toLowerCase().startsWith("en");
  }
}
