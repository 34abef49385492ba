package org.dalaba.hub.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.dalaba.hub.escalation.channel.Channel;
import org.dalaba.hub.escalation.channel.ChannelRequest;
import org.dalaba.hub.escalation.channel.Channels;
import org.dalaba.hub.escalation.channel.Notice;
import org.dalaba.hub.escalation.channel.Template;
import org.junit.jupiter.api.Test;

/** What each channel sends for one notice, the SMS template's escaping, and what the configuration refuses. */
class ChannelFormatsTest {
  private static final String TEXT = "【演练】红色预警「暴雪 \"紧急\"」\n请通知 & 转告\\村民";
  private static final Notice NOTICE = new Notice("a-1", "red", "暴雪", true, 2, "211282101001", "庆云村", "211282101", "庆云镇",
      "李网格", "网格员", "13800000002", 3, TEXT, "2026-12-02T11:00:00+08:00");

  private static Channel channel(String json) {
    return Channels.parse("[" + json + "]").get(new JsonObject(json).getString("id")).orElseThrow();
  }

  @Test
  void weComRobotGetsATextMessageMentioningTheMobile() {
    ChannelRequest request = ChannelRequest.of(channel("{\"id\":\"wecom\",\"type\":\"wecom\",\"url\":\"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K\"}"), NOTICE, 0);
    assertEquals("POST", request.method());
    assertEquals("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", request.url());
    assertEquals(new JsonObject().put("msgtype", "text").put("text", new JsonObject().put("content", TEXT)
        .put("mentioned_mobile_list", new JsonArray().add("13800000002"))), new JsonObject(request.body()));
    assertTrue(request.headers().get("Content-Type").startsWith("application/json"));
  }

  @Test
  void dingTalkRobotGetsATextMessageAtTheMobileAndASignedUrl() {
    Channel ding = channel("{\"id\":\"ding\",\"type\":\"dingtalk\",\"url\":\"https://oapi.dingtalk.com/robot/send?access_token=T\","
        + "\"secret\":\"SEC0123456789abcdef\"}");
    ChannelRequest request = ChannelRequest.of(ding, NOTICE, 1_700_000_000_000L);
    JsonObject body = new JsonObject(request.body());
    assertEquals("text", body.getString("msgtype"));
    assertEquals(TEXT + " @13800000002", body.getJsonObject("text").getString("content"));
    assertEquals(new JsonArray().add("13800000002"), body.getJsonObject("at").getJsonArray("atMobiles"));
    // the signature as DingTalk documents it, computed independently (Python hmac/base64/quote_plus)
    assertEquals("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000"
        + "&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D", request.url());
    // AND the channel's description names neither the token nor the secret
    assertFalse(ding.toString().contains("access_token=T") || ding.toString().contains("SEC0123"), ding.toString());
  }

  @Test
  void theGenericWebhookGetsTheDocumentedBody() {
    ChannelRequest request = ChannelRequest.of(channel("{\"id\":\"hook\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/hook\","
        + "\"headers\":{\"Authorization\":\"Bearer X\"}}"), NOTICE, 0);
    JsonObject body = new JsonObject(request.body());
    assertEquals("Bearer X", request.headers().get("Authorization"));
    assertEquals("alert.escalation", body.getString("type"));
    assertEquals("a-1", body.getString("alertId"));
    assertEquals(true, body.getBoolean("exercise"));
    assertEquals("庆云村", body.getJsonObject("village").getString("name"));
    assertEquals("13800000002", body.getJsonObject("contact").getString("phone"));
    assertEquals(3, body.getInteger("missingEndpoints"));
    assertEquals(TEXT, body.getString("text"));
  }

  @Test
  void anSmsJsonTemplateEscapesEveryValueAsAJsonString() {
    ChannelRequest request = ChannelRequest.of(channel("{\"id\":\"sms\",\"type\":\"sms\",\"url\":\"https://sms.example/send\","
        + "\"headers\":{\"X-Key\":\"k\"},\"body\":\"{\\\"to\\\":\\\"${phone}\\\",\\\"msg\\\":\\\"${text}\\\"}\"}"), NOTICE, 0);
    JsonObject body = new JsonObject(request.body());
    assertEquals("13800000002", body.getString("to"));
    assertEquals(TEXT, body.getString("msg"));
    assertTrue(request.headers().get("Content-Type").startsWith("application/json"));
  }

  @Test
  void anSmsFormTemplateAndItsUrlPercentEncodeTheValues() {
    ChannelRequest request = ChannelRequest.of(channel("{\"id\":\"sms\",\"type\":\"sms\",\"url\":\"https://sms.example/send?sig=${alertId}\","
        + "\"headers\":{\"Content-Type\":\"application/x-www-form-urlencoded\"},\"body\":\"mobile=${phone}&content=${text}\"}"), NOTICE, 0);
    String body = request.body();
    assertTrue(body.startsWith("mobile=13800000002&content="), body);
    assertEquals(TEXT, URLDecoder.decode(body.substring(body.indexOf("content=") + 8), StandardCharsets.UTF_8));
    assertFalse(body.substring(body.indexOf("content=")).contains("&"), body);
    assertEquals("https://sms.example/send?sig=a-1", request.url());
  }

  @Test
  void aGetGatewayCarriesTheValuesInTheQuery() {
    ChannelRequest request = ChannelRequest.of(channel("{\"id\":\"sms\",\"type\":\"sms\",\"method\":\"GET\","
        + "\"url\":\"https://sms.example/send?to=${phone}&msg=${text}\"}"), NOTICE, 0);
    assertEquals("GET", request.method());
    assertNull(request.body());
    String msg = request.url().substring(request.url().indexOf("msg=") + 4);
    assertEquals(TEXT, URLDecoder.decode(msg, StandardCharsets.UTF_8));
  }

  @Test
  void templatesRenderMissingValuesEmptyAndEscapeControlCharacters() {
    assertEquals("a\\\"b\\nc\\\\d\\u0001", Template.render("${text}", Map.of("text", "a\"b\nc\\d\u0001"), Template.Escaping.JSON));
    assertEquals("[]", Template.render("[${name}]", Map.of(), Template.Escaping.NONE));
    assertEquals("%E6%9D%91+%26", Template.render("${village}", Map.of("village", "村 &"), Template.Escaping.FORM));
    assertEquals("$1 \\", Template.render("${text}", Map.of("text", "$1 \\"), Template.Escaping.NONE));
  }

  @Test
  void theConfigurationRefusesWhatCannotWorkAndNamesTheChannelWithoutItsSecrets() {
    String[][] bad = {
        {"{\"id\":\"x\",\"type\":\"fax\",\"url\":\"https://a\"}", "type must be"},
        {"{\"id\":\"x\",\"type\":\"wecom\",\"url\":\"ftp://a\"}", "url must be"},
        {"{\"id\":\"x\",\"type\":\"wecom\",\"url\":\"https://a\",\"secret\":\"S3CRET\"}", "DingTalk signing only"},
        {"{\"id\":\"x\",\"type\":\"sms\",\"url\":\"https://a\",\"body\":\"${phone} ${pasword}\"}", "unknown placeholder ${pasword}"},
        {"{\"id\":\"x\",\"type\":\"sms\",\"url\":\"https://a\"}", "body (the request template) is required"},
        {"{\"id\":\"x\",\"type\":\"sms\",\"method\":\"GET\",\"url\":\"https://a\",\"body\":\"b\"}", "a GET has no body"},
        {"{\"id\":\"X Y\",\"type\":\"wecom\",\"url\":\"https://a\"}", "id must be"},
        {"{\"id\":\"x\",\"type\":\"wecom\",\"url\":\"https://a\",\"tokn\":\"1\"}", "unknown field tokn"},
    };
    for (String[] c : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.parse("[" + c[0] + "]"), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Channels.parse("[{\"id\":\"a\",\"type\":\"wecom\",\"url\":\"https://a\"},"
        + "{\"id\":\"a\",\"type\":\"wecom\",\"url\":\"https://b\"}]"));
    assertThrows(IllegalArgumentException.class, () -> Channels.parse("{}"));
    assertEquals(0, Channels.parse("[]").size());
  }
}
