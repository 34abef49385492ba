package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How every API route reads a JSON body and answers: JSON replies, errors handed to the failure handler. */
public final class Replies {
  private Replies() {
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
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.encode());
    }
  }

  public static void fail(RoutingContext ctx, Throwable error) {
    ctx.fail(error instanceof ApiError api ? api.status() : 500, error);
  }

}
