package org.dalaba.hub.escalation.channel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HTTP request one notice becomes on one channel: the generic webhook's JSON, the WeCom and DingTalk group
 * robots' text messages mentioning the person's mobile, or the SMS gateway's template. Pure, so the formats are
 * tested without a server.
 */
public record ChannelRequest(String method, String url, Map<String, String> headers, String body) {

  public static ChannelRequest of(Channel channel, Notice notice, long nowMs) {
    return switch (channel.type()) {
      case WEBHOOK -> json(channel, channel.url(), notice.webhookBody());
      case WECOM -> json(channel, channel.url(), new JsonObject().put("msgtype", "text").put("text",
          new JsonObject().put("content", notice.text()).put("mentioned_mobile_list", new JsonArray().add(notice.phone()))));
      case DINGTALK -> json(channel, dingTalkUrl(channel, nowMs), new JsonObject().put("msgtype", "text")
          // DingTalk shows the mention only when the text names the mobile too
          .put("text", new JsonObject().put("content", notice.text() + " @" + notice.phone()))
          .put("at", new JsonObject().put("atMobiles", new JsonArray().add(notice.phone())).put("isAtAll", false)));
      case SMS -> sms(channel, notice);
    };
  }

  private static ChannelRequest json(Channel channel, String url, JsonObject body) {
    Map<String, String> headers = new LinkedHashMap<>(channel.headers());
    headers.put("Content-Type", "application/json; charset=utf-8");
    return new ChannelRequest("POST", url, headers, body.encode());
  }

  private static ChannelRequest sms(Channel channel, Notice notice) {
    Map<String, String> values = notice.templateValues();
    String url = Template.render(channel.url(), values, Template.Escaping.FORM);
    String body = channel.body() == null ? null : Template.render(channel.body(), values, channel.encoding());
    Map<String, String> headers = new LinkedHashMap<>(channel.headers());
    if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      headers.put("Content-Type", switch (channel.encoding()) {
        case JSON -> "application/json; charset=utf-8";
        case FORM -> "application/x-www-form-urlencoded; charset=utf-8";
        case NONE -> "text/plain; charset=utf-8";
      });
    }
    return new ChannelRequest(channel.method(), url, headers, body);
  }

  /**
   * DingTalk's signed robot URL when the channel has a secret: {@code &timestamp=<ms>&sign=<urlencoded base64 of
   * HMAC-SHA256(secret, timestamp + "\n" + secret)>}, as DingTalk's robot documentation describes.
   */
  static String dingTalkUrl(Channel channel, long nowMs) {
    if (channel.secret() == null || channel.secret().isEmpty()) {
      return channel.url();
    }
    String sign = URLEncoder.encode(dingTalkSign(channel.secret(), nowMs), StandardCharsets.UTF_8);
    return channel.url() + (channel.url().contains("?") ? "&" : "?") + "timestamp=" + nowMs + "&sign=" + sign;
  }

  public static String dingTalkSign(String secret, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
