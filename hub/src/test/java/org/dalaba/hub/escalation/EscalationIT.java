package org.dalaba.hub.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.escalation.channel.ChannelRequest;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.SseClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation end to end: a real hub, the simulated villages, and a local HTTP receiver standing in for the county's
 * webhook, the WeCom and DingTalk robots and an SMS gateway. One township's endpoints are offline, so a red alert to
 * two townships misses its target (95 % within 3 s here); the duty contacts of the villages that did not play are
 * notified in each channel's format, a failing receiver gets retries, the township that played hears nothing.
 * A third township's speakers can play no format at all: every record of an alert to it fails at once and the alert
 * completes before its deadline, and still its missed target reaches people.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EscalationIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DING_SECRET = "SECtest-ding-secret";
  private static final String PASSWORD = "escalation-test-password";

  @TempDir
  static Path dataDir;
  Vertx receiverVertx;
  HttpServer receiver;
  final ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
  final AtomicInteger flakyCalls = new AtomicInteger();
  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;
  Township offline;
  Township playing;
  Township mute;

  @BeforeAll
  void start() throws Exception {
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new JsonObject().put("path", request.path()).put("query", request.query()).put("method", request.method().name())
          .put("contentType", request.getHeader("Content-Type")).put("auth", request.getHeader("Authorization"))
          .put("body", body.toString(StandardCharsets.UTF_8)));
      if (request.path().equals("/flaky")) {
        int call = flakyCalls.incrementAndGet();
        if (call == 1) {
          request.response().setStatusCode(500).end("broken");
        } else if (call == 2) {
          return; // no answer at all: the hub's timeout must end the attempt
        } else {
          request.response().putHeader("Content-Type", "application/json").end("{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
        return;
      }
      request.response().putHeader("Content-Type", "application/json").end("{\"errcode\":0,\"errmsg\":\"ok\"}");
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + receiver.actualPort();
    JsonArray channels = new JsonArray()
        .add(new JsonObject().put("id", "county-hook").put("type", "webhook").put("url", base + "/hook")
            .put("headers", new JsonObject().put("Authorization", "Bearer hook-token")))
        .add(new JsonObject().put("id", "wecom-group").put("type", "wecom").put("url", base + "/wecom?key=wecom-key"))
        .add(new JsonObject().put("id", "mute-hook").put("type", "webhook").put("url", base + "/mute-hook"))
        .add(new JsonObject().put("id", "ding-group").put("type", "dingtalk").put("url", base + "/ding?access_token=ding-token")
            .put("secret", DING_SECRET))
        .add(new JsonObject().put("id", "sms").put("type", "sms").put("url", base + "/sms")
            .put("headers", new JsonObject().put("Content-Type", "application/x-www-form-urlencoded"))
            .put("body", "mobile=${phone}&content=${text}"))
        .add(new JsonObject().put("id", "flaky-wecom").put("type", "wecom").put("url", base + "/flaky?key=k"));
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.ESCALATION_TARGET_RED, "95/3",
        ConfigKey.ESCALATION_STEPS, "resend:0,notify:1,phone_followup:2", ConfigKey.NOTIFY_CHANNELS, channels.encode(),
        ConfigKey.NOTIFY_TIMEOUT_SECONDS, 1, ConfigKey.NOTIFY_RETRY_SECONDS, 1, ConfigKey.NOTIFY_MAX_ATTEMPTS, 4)),
        System.out, TestHubs.ADMIN_PASSWORD);
    mute = hub.directory().townships().get(2);
    // the third township's speakers announce no format they can play (no text, no audio)
    fleet = TestFleet.start(hub, hub.mqttPort(), e -> e.townshipId().equals(mute.id()) ? java.util.Set.of() : null);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    offline = hub.directory().townships().get(0);
    playing = hub.directory().townships().get(1);
    importContacts();
    Await.until("all endpoints online", WAIT, () -> online() == hub.directory().endpoints().size());
    for (Village village : offline.villages()) {
      for (Endpoint e : village.endpoints()) {
        fleet.fleet().endpoint(e.id()).disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
    int offlineCount = offline.villages().stream().mapToInt(v -> v.endpoints().size()).sum();
    Await.until("the hub sees one township offline", WAIT, () -> online() == hub.directory().endpoints().size() - offlineCount);
  }

  private int online() {
    return admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online");
  }

  /** Contacts with channels in two villages of the offline township and one of the township that plays. */
  private void importContacts() {
    JsonObject directory = DirectoryParser.toJsonObject(hub.directory());
    contacts(directory, offline.villages().get(0).id(), new JsonArray()
        .add(contact("李网格", "网格员", "138-0000-0001", "county-hook", "wecom-group", "ding-group", "sms"))
        .add(new JsonObject().put("name", "王主任").put("role", "村干部").put("phone", "139 0000 0009")));
    contacts(directory, offline.villages().get(1).id(), new JsonArray().add(contact("赵书记", "村干部", "13800000002", "flaky-wecom")));
    contacts(directory, playing.villages().get(0).id(), new JsonArray().add(contact("钱网格", "网格员", "13800000003", "county-hook", "sms")));
    contacts(directory, mute.villages().get(0).id(), new JsonArray().add(contact("孙网格", "网格员", "13800000004", "mute-hook")));
    ApiClient.Reply imported = admin.postText("/api/v1/directory", "application/json", directory.encode());
    assertEquals(200, imported.status(), imported.toString());
  }

  private static JsonObject contact(String name, String role, String phone, String... channels) {
    return new JsonObject().put("name", name).put("role", role).put("phone", phone).put("notify", new JsonArray(List.of((Object[]) channels)));
  }

  private static void contacts(JsonObject directory, String villageId, JsonArray contacts) {
    directory.getJsonArray("townships").stream().map(JsonObject.class::cast)
        .flatMap(t -> t.getJsonArray("villages").stream().map(JsonObject.class::cast))
        .filter(v -> v.getString("id").equals(villageId)).findFirst().orElseThrow().put("contacts", contacts);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (fleet != null) {
        fleet.close();
      }
    } finally {
      try {
        if (hub != null) {
          hub.close();
        }
      } finally {
        receiverVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private List<JsonObject> notifications(String alertId) {
    ApiClient.Reply reply = admin.get("/api/v1/alerts/" + alertId + "/notifications");
    assertEquals(200, reply.status(), reply.toString());
    return reply.body().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static List<JsonObject> of(List<JsonObject> items, String kind, String villageId) {
    return items.stream().filter(i -> kind.equals(i.getString("kind")) && villageId.equals(i.getString("village"))).toList();
  }

  private List<JsonObject> at(String path) {
    return received.stream().filter(r -> r.getString("path").equals(path)).toList();
  }

  @Test
  void anAlertWhoseEveryRecordFailedBeforeItsDeadlineStillReachesPeople() {
    String village = mute.villages().get(0).id();
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "山洪红色预警").put("text", "请立即上山避险")
        .put("level", "red").put("targets", new JsonObject().put("villages", new JsonArray().add(village)))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    String alertId = sent.body().getString("id");
    Await.until("every record failed and the alert completed", WAIT,
        () -> "completed".equals(admin.get("/api/v1/alerts/" + alertId).body().getString("state")));

    Await.until("the village's contact was notified", WAIT, () -> !at("/mute-hook").isEmpty()
        && of(notifications(alertId), "notify", village).stream().anyMatch(i -> "sent".equals(i.getString("outcome"))));
    JsonObject body = new JsonObject(at("/mute-hook").get(0).getString("body"));
    assertEquals(alertId, body.getString("alertId"));
    assertEquals(village, body.getJsonObject("village").getString("id"));
  }

  @Test
  void aMissedRedTargetNotifiesTheContactsOfTheVillagesThatDidNotPlayInEachChannelsFormat() throws Exception {
    String first = offline.villages().get(0).id();
    String second = offline.villages().get(1).id();
    assertEquals(201, admin.post("/api/v1/users", new JsonObject().put("username", "playing-op").put("password", PASSWORD)
        .put("role", "township_operator").put("scope", new JsonObject().put("kind", "township").put("id", playing.id()))
        .put("displayName", "playing-op")).status());
    ApiClient playingOp = new ApiClient(hub.httpPort()).login("playing-op", PASSWORD);
    SseClient adminStream = SseClient.open(admin, hub.httpPort());
    SseClient playingStream = SseClient.open(playingOp, hub.httpPort());
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请立即转移")
        .put("level", "red").put("targets", new JsonObject().put("townships", new JsonArray().add(offline.id()).add(playing.id())))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    String alertId = sent.body().getString("id");

    // THEN every channel of the first village's contact is sent once, and the flaky one after two failed attempts
    Await.until("the notifications went out", WAIT, () -> {
      List<JsonObject> items = notifications(alertId);
      return of(items, "notify", first).stream().filter(i -> "sent".equals(i.getString("outcome"))).count() == 4
          && of(items, "notify", second).stream().anyMatch(i -> "sent".equals(i.getString("outcome")))
          && !of(items, "phone_followup", second).isEmpty();
    });
    List<JsonObject> items = notifications(alertId);

    // the generic webhook: the documented JSON body, with its configured header
    JsonObject hook = only(at("/hook"));
    assertEquals("Bearer hook-token", hook.getString("auth"));
    JsonObject hookBody = new JsonObject(hook.getString("body"));
    assertEquals("alert.escalation", hookBody.getString("type"));
    assertEquals(alertId, hookBody.getString("alertId"));
    assertEquals(first, hookBody.getJsonObject("village").getString("id"));
    assertEquals("13800000001", hookBody.getJsonObject("contact").getString("phone"));
    assertTrue(hookBody.getString("text").contains("暴雪红色预警") && hookBody.getString("text").contains(offline.villages().get(0).name()),
        hookBody.getString("text"));
    assertFalse(hookBody.getString("text").contains("演练"), "a real alert is not marked as a drill");

    // WeCom: a text message mentioning the mobile, to the robot's URL with its key
    JsonObject wecom = only(at("/wecom"));
    assertEquals("key=wecom-key", wecom.getString("query"));
    JsonObject wecomBody = new JsonObject(wecom.getString("body"));
    assertEquals("text", wecomBody.getString("msgtype"));
    assertEquals(new JsonArray().add("13800000001"), wecomBody.getJsonObject("text").getJsonArray("mentioned_mobile_list"));
    assertEquals(hookBody.getString("text"), wecomBody.getJsonObject("text").getString("content"));

    // DingTalk: at the mobile, with a signature the robot can check
    JsonObject ding = only(at("/ding"));
    Map<String, String> query = query(ding.getString("query"));
    assertEquals("ding-token", query.get("access_token"));
    assertEquals(ChannelRequest.dingTalkSign(DING_SECRET, Long.parseLong(query.get("timestamp"))), query.get("sign"));
    JsonObject dingBody = new JsonObject(ding.getString("body"));
    assertEquals(new JsonArray().add("13800000001"), dingBody.getJsonObject("at").getJsonArray("atMobiles"));

    // the SMS gateway: the configured form template, each value percent-encoded
    JsonObject sms = only(at("/sms"));
    assertTrue(sms.getString("contentType").startsWith("application/x-www-form-urlencoded"), sms.encode());
    Map<String, String> form = query(sms.getString("body"));
    assertEquals("13800000001", form.get("mobile"));
    assertEquals(hookBody.getString("text"), form.get("content"));

    // AND the failing receiver: 500, then no answer (timeout), then taken; recorded failed, failed, sent
    List<JsonObject> flaky = of(items, "notify", second);
    assertEquals(List.of("failed", "failed", "sent"), flaky.stream().map(i -> i.getString("outcome")).toList(), flaky.toString());
    assertTrue(flaky.get(0).getString("error").contains("HTTP 500"), flaky.get(0).encode());
    assertTrue(flaky.get(1).getString("error").contains("超时"), flaky.get(1).encode());
    assertEquals(List.of(1, 2, 3), flaky.stream().map(i -> i.getInteger("attempt")).toList());
    assertEquals("wecom", flaky.get(2).getString("channel"));
    assertEquals(3, flakyCalls.get());

    // AND the township that played hears nothing, and its villages are in no step
    assertTrue(received.stream().noneMatch(r -> r.getString("body").contains("13800000003")), received.toString());
    for (Village village : playing.villages()) {
      assertTrue(items.stream().noneMatch(i -> village.id().equals(i.getString("village"))), village.id());
    }

    // AND every village that did not play had the re-send step and is listed for a phone call, which a mark answers
    for (Village village : offline.villages()) {
      assertEquals(1, of(items, "resend", village.id()).size(), village.id());
    }
    Await.until("every offline village listed for a call", WAIT, () -> admin.get("/api/v1/alerts/" + alertId + "/notifications").body()
        .getJsonArray("phoneFollowUp").size() == offline.villages().size());
    assertEquals(200, admin.post("/api/v1/alerts/" + alertId + "/villages/" + first + "/phoned", new JsonObject().put("note", "已通知")).status());
    JsonObject listed = admin.get("/api/v1/alerts/" + alertId + "/notifications").body().getJsonArray("phoneFollowUp").stream()
        .map(JsonObject.class::cast).filter(v -> v.getString("villageId").equals(first)).findFirst().orElseThrow();
    assertEquals("已通知", listed.getJsonObject("phoned").getString("note"));
    assertTrue(listed.getString("listedAt").endsWith("+08:00"), listed.encode());

    // AND each notification is audited with its outcome
    JsonArray all = admin.get("/api/v1/audit?action=alert.notify&limit=100").body().getJsonArray("entries");
    List<Object> audit = all.stream().filter(e -> alertId.equals(((JsonObject) e).getJsonObject("details").getString("alertId"))).toList();
    assertEquals(5, audit.size(), all.encode());

    // AND every console heard the steps as alert.escalation events, a township operator of the other township only
    // the alert-wide ones, and its API shows it none of the other township's entries
    Await.until("the escalation events reached the county's console", WAIT, () -> adminStream.saw("event: alert.escalation")
        && adminStream.saw("\"kind\":\"target_missed\"") && adminStream.saw("\"villageId\":\"" + second + "\""));
    Await.until("the alert-wide events reached the other township's console", WAIT,
        () -> playingStream.saw("\"kind\":\"target_missed\""));
    assertFalse(playingStream.saw("\"villageId\":\"" + first + "\""));
    adminStream.close();
    playingStream.close();
    JsonObject scoped = playingOp.get("/api/v1/alerts/" + alertId + "/notifications").body();
    assertEquals(0, scoped.getJsonArray("items").size(), scoped.encode());
    assertEquals(0, scoped.getJsonArray("phoneFollowUp").size(), scoped.encode());
    assertEquals(1, at("/hook").size()); // and still nothing sent twice
    assertNotNull(hub);
  }

  private static JsonObject only(List<JsonObject> requests) {
    assertEquals(1, requests.size(), requests.toString());
    return requests.get(0);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> values = new java.util.HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }
}
