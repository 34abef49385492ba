package org.dalaba.hub.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.speech.SpeechPreview;

/** {@code POST /api/v1/speech-preview}: an alert's text voiced as WAV, for whoever may send alerts. */
final class SpeechRoutes {
  private static final int MAX_TEXT = org.dalaba.hub.config.Limits.SPEECH_PREVIEW_CHARS;

  private final SpeechPreview speech;

  SpeechRoutes(SpeechPreview speech) {
    this.speech = speech;
  }

  void mount(Router router) {
    router.post("/api/v1/speech-preview").handler(this::preview);
  }

  private void preview(RoutingContext ctx) {
    Http.require(ctx, Permission.SEND_ALERTS);
    JsonObject body = Http.body(ctx);
    if (!(body.getValue("text") instanceof String text) || text.isBlank()) {
      throw ApiError.badField("text", "必填，且不能为空", "is required and must not be empty");
    }
    if (text.codePointCount(0, text.length()) > MAX_TEXT) {
      throw ApiError.badField("text", "不能超过 " + MAX_TEXT + " 个字符", "must be at most " + MAX_TEXT + " characters");
    }
    if (!speech.available()) {
      throw ApiError.unavailable("语音试听不可用：未找到 " + speech.executable() + "（请安装 Debian 软件包 espeak-ng）",
          "speech preview unavailable: " + speech.executable() + " not found (install the Debian package espeak-ng)");
    }
    speech.wav(text.strip()).onComplete(wav -> {
      if (wav.failed()) {
        Http.fail(ctx, wav.cause());
      } else if (!ctx.response().ended()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "audio/wav").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(wav.result());
      }
    });
  }
}
