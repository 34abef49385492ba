package org.dalaba.hub.api;

import io.vertx.core.json.JsonObject;

/**
 * An error the API answers with: HTTP status, a stable code, the field at fault (if any) and the
 * message in Simplified Chinese and English. 4xx are the caller's fault; 5xx ours.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final String zh;
  private final String en;

  public ApiError(int status, String code, String field, String zh, String en) {
    super(en, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.zh = zh;
    this.en = en;
  }

  /**
   * A field at fault. The message is in an operator's words and names no API field (the console shows
   * it next to the field, and {@code field} names it for programs).
   */
  public static ApiError badField(String field, String zh, String en) {
    return new ApiError(400, "invalid_field", field, zh, en);
  }

  public static ApiError badRequest(String zh, String en) {
    return new ApiError(400, "bad_request", null, zh, en);
  }

  public static ApiError notFound(String what, String id) {
    return new ApiError(404, "not_found", null, "找不到" + what.split("\\|")[0] + "：" + id,
        "no " + what.split("\\|")[1] + " with id " + id);
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "unauthorized", null, "需要登录：请提供有效的 Bearer 令牌", "login required: send a valid Bearer token");
  }

  public static ApiError badLogin() {
    return new ApiError(401, "bad_credentials", null, "用户名或密码错误", "wrong username or password");
  }

  public static ApiError forbidden(String field, String zh, String en) {
    return new ApiError(403, "forbidden", field, zh, en);
  }

  public static ApiError tooManyLogins(long seconds) {
    long minutes = Math.max(1, (seconds + 59) / 60);
    return new ApiError(429, "too_many_attempts", null, "登录失败次数过多，请 " + minutes + " 分钟后再试",
        "too many failed logins; try again in " + minutes + " minute(s)");
  }

  public static ApiError conflict(String zh, String en) {
    return new ApiError(409, "conflict", null, zh, en);
  }

  public static ApiError unavailable(String zh, String en) {
    return new ApiError(503, "unavailable", null, zh, en);
  }

  public int status() { return status; }

  public String code() { return code; }

  public String field() { return field; }

  public JsonObject toJson(boolean english) {
    JsonObject json = new JsonObject().put("error", code).put("message", english ? en : zh)
        .put("messageZh", zh).put("messageEn", en);
    if (field != null) {
      json.put("field", field);
    }
    return json;
  }
}
