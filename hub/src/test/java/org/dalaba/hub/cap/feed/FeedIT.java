package org.dalaba.hub.cap.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.SseClient;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 3, from the outside: a hub with the 113 sample villages simulated over MQTT polls CAP sources on a
 * local HTTP server (the authorities' side, {@link FeedServer}) every second. New entries are picked up within a
 * poll; a red one goes out at once and plays, an orange one waits in the queue (event, list) until an operator sends
 * it; a repeat is never broadcast twice; sources that are down, slow, garbage, 900 KB or endless are survived and
 * reported in the sources API while the good one keeps being polled; signatures are checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FeedIT {
  static final String COUNTY = "211282";
  static final String QINGYUN = "211282101"; // 庆云堡镇, 18 villages
  static final Duration WAIT = Duration.ofSeconds(60);
  static final TestSigning BUREAU = TestSigning.newIdentity("Tieling Meteorological Bureau");

  @TempDir
  static Path dataDir;
  private final Teardown teardown = new Teardown();
  FeedServer feeds;
  RunningHub hub;
  ApiClient admin;
  ApiClient operator;

  @BeforeAll
  void start() throws Exception {
    feeds = teardown.add(new FeedServer());
    feeds.emptyFeed("qx.atom");
    feeds.emptyFeed("signed.atom");
    FeedServer.Entry bigEntry = new FeedServer.Entry("urn:big:1", "2026-12-02T08:00:00+08:00", "大索引中的预警", "big-1.xml");
    feeds.document("big-1.xml", TestCap.warning("big-1", "Minor", QINGYUN, "大风蓝色预警").getBytes(StandardCharsets.UTF_8));
    feeds.bigFeed(900 * 1024, List.of(bigEntry));
    Path cert = dataDir.resolve("bureau.pem");
    Files.writeString(cert, BUREAU.pem());
    JsonArray sources = new JsonArray()
        .add(source("qx", feeds.url("/feeds/qx.atom")).put("rules", new JsonArray()
            .add(new JsonObject().put("levels", new JsonArray().add("red")).put("action", "auto"))
            .add(new JsonObject().put("levels", new JsonArray().add("orange").add("yellow")).put("action", "queue"))
            .add(new JsonObject().put("levels", new JsonArray().add("blue")).put("action", "ignore"))))
        .add(source("signed", feeds.url("/feeds/signed.atom")).put("requireSignature", true)
            .put("trustedCertificates", new JsonArray().add(cert.toString()))
            .put("rules", new JsonArray().add(new JsonObject().put("action", "auto"))))
        .add(source("down", FeedServer.downUrl()))
        .add(source("slow", feeds.url("/slow")).put("timeoutSeconds", 2))
        .add(source("garbage", feeds.url("/garbage")))
        .add(source("big", feeds.url("/big.atom")).put("rules", new JsonArray().add(new JsonObject().put("action", "queue"))))
        .add(source("endless", feeds.url("/endless")).put("maxBytes", 1_048_576).put("timeoutSeconds", 20));
    Path file = dataDir.resolve("cap-sources.json");
    Files.writeString(file, new JsonObject().put("sources", sources).encodePrettily());
    hub = teardown.add(Application.start(TestHubs.config(dataDir.resolve("hub")).with(ConfigKey.CAP_SOURCES_FILE, file),
        System.out, TestHubs.ADMIN_PASSWORD));
    teardown.add(TestFleet.start(hub, hub.mqttPort()));
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    operator = TestUsers.create(admin, hub.httpPort(), "county-op", "feed-test-password", "county_operator",
        new JsonObject().put("kind", "county"));
    Await.until("all 113 endpoints online", WAIT,
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
  }

  private static JsonObject source(String id, String url) {
    return new JsonObject().put("id", id).put("name", "测试源 " + id).put("url", url).put("kind", "atom")
        .put("pollSeconds", 1).put("timeoutSeconds", 5);
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  private void publish(String feed, String name, String xml) {
    publish(feed, name, xml.getBytes(StandardCharsets.UTF_8), "2026-12-02T08:00:00+08:00");
  }

  private void publish(String feed, String name, byte[] xml, String updated) {
    feeds.document(name, xml);
    feeds.entry(feed, new FeedServer.Entry("urn:test:" + name, updated, name, name));
  }

  private List<JsonObject> alertsTitled(String title) {
    return admin.get("/api/v1/alerts?limit=500").body().getJsonArray("alerts").stream().map(o -> (JsonObject) o)
        .filter(a -> title.equals(a.getString("title"))).toList();
  }

  private JsonObject sourceStatus(String id) {
    return admin.get("/api/v1/cap/sources").body().getJsonArray("sources").stream().map(o -> (JsonObject) o)
        .filter(s -> id.equals(s.getString("id"))).findFirst().orElseThrow();
  }

  private List<JsonObject> audit(String action) {
    return admin.get("/api/v1/audit?limit=1000&action=" + action).body().getJsonArray("entries").stream().map(o -> (JsonObject) o).toList();
  }

  private JsonObject queued(String headline) {
    return operator.get("/api/v1/cap/queue").body().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> headline.equals(i.getString("headline"))).findFirst().orElse(null);
  }

  @Test
  void aRedEntryGoesOutWithinAPollAndPlaysAndItsRepeatIsNeverBroadcastAgain() {
    // GIVEN the bureau publishes a red blizzard warning for the whole county
    String xml = TestCap.warning("qx-red-1", "Extreme", COUNTY, "暴雪红色预警（订阅源）");
    publish("qx.atom", "qx-red-1.xml", xml);
    // THEN within a poll or two it is an alert, and every village plays it
    Await.until("the red warning became an alert", WAIT, () -> alertsTitled("暴雪红色预警（订阅源）").size() == 1);
    JsonObject alert = alertsTitled("暴雪红色预警（订阅源）").get(0);
    assertEquals("red", alert.getString("level"));
    TestAlerts.awaitPlayedEverywhere(admin, alert.getString("id"), WAIT);
    assertTrue(audit("cap.feed.imported").stream().anyMatch(e -> alert.getString("id").equals(e.getJsonObject("details").getString("alertId"))));
    // WHEN the same document is listed again as a changed entry (a new update time: the seen-set does not know it)
    publish("qx.atom", "qx-red-1-again.xml", xml.getBytes(StandardCharsets.UTF_8), "2026-12-02T08:05:00+08:00");
    Await.until("the repeat was read and recognised", WAIT, () -> audit("cap.feed.imported").stream()
        .anyMatch(e -> e.getJsonObject("details").getBoolean("repeat", false)));
    // THEN there is still exactly one alert
    assertEquals(1, alertsTitled("暴雪红色预警（订阅源）").size());
    // AND a few more polls of the unchanged index change nothing
    int polls = sourceStatus("qx").getJsonObject("counts").getInteger("polls");
    Await.until("three more polls", WAIT, () -> sourceStatus("qx").getJsonObject("counts").getInteger("polls") >= polls + 3);
    assertEquals(1, alertsTitled("暴雪红色预警（订阅源）").size());
  }

  @Test
  void anOrangeEntryWaitsInTheQueueWithAnEventUntilAnOperatorSendsItAndThenPlays() throws Exception {
    try (SseClient sse = SseClient.open(operator, hub.httpPort())) {
      // GIVEN an orange warning for one township
      publish("qx.atom", "qx-orange-1.xml", TestCap.warning("qx-orange-1", "Severe", QINGYUN, "暴雪橙色预警（待审）"));
      // THEN it is queued, with an event, and nothing goes out
      Await.until("the warning is queued", WAIT, () -> queued("暴雪橙色预警（待审）") != null);
      Await.until("the cap.queued event", WAIT, () -> sse.saw("event: cap.queued"));
      JsonObject item = queued("暴雪橙色预警（待审）");
      assertEquals("orange", item.getString("level"));
      assertEquals("测试源 qx", item.getString("sourceName"));
      assertTrue(item.getBoolean("mayDecide"));
      assertTrue(alertsTitled("暴雪橙色预警（待审）").isEmpty(), "a queued warning went out by itself");
      // WHEN the operator sends it
      ApiClient.Reply sent = operator.post("/api/v1/cap/queue/" + item.getString("id") + "/send", new JsonObject());
      assertEquals(201, sent.status(), sent.toString());
      // THEN it plays on the township's villages, is no longer waiting, and the decision is audited
      TestAlerts.awaitPlayedEverywhere(admin, sent.body().getString("id"), WAIT);
      assertEquals(18, admin.get("/api/v1/alerts/" + sent.body().getString("id")).body().getJsonObject("counts").getInteger("targets"));
      assertEquals(null, queued("暴雪橙色预警（待审）"));
      assertTrue(audit("cap.queue.sent").stream().anyMatch(e -> "county-op".equals(e.getString("user"))
          && item.getString("id").equals(e.getJsonObject("details").getString("queueId"))));
      // AND a second send is refused (409), not a second broadcast
      assertEquals(409, operator.post("/api/v1/cap/queue/" + item.getString("id") + "/send", new JsonObject()).status());
      assertEquals(1, alertsTitled("暴雪橙色预警（待审）").size());
    }
  }

  @Test
  void aQueuedWarningDismissedWithAReasonIsAuditedAndNeverSent() {
    publish("qx.atom", "qx-yellow-1.xml", TestCap.warning("qx-yellow-1", "Moderate", QINGYUN, "寒潮黄色预警（忽略）"));
    Await.until("the warning is queued", WAIT, () -> queued("寒潮黄色预警（忽略）") != null);
    JsonObject item = queued("寒潮黄色预警（忽略）");
    ApiClient.Reply noReason = operator.post("/api/v1/cap/queue/" + item.getString("id") + "/dismiss", new JsonObject());
    assertEquals(400, noReason.status());
    ApiClient.Reply dismissed = operator.post("/api/v1/cap/queue/" + item.getString("id") + "/dismiss",
        new JsonObject().put("reason", "已由乡镇电话通知"));
    assertEquals(200, dismissed.status(), dismissed.toString());
    assertEquals("dismissed", dismissed.body().getString("state"));
    assertTrue(audit("cap.queue.dismissed").stream().anyMatch(e -> "已由乡镇电话通知".equals(e.getJsonObject("details").getString("reason"))));
    assertEquals(409, operator.post("/api/v1/cap/queue/" + item.getString("id") + "/send", new JsonObject()).status());
    assertTrue(alertsTitled("寒潮黄色预警（忽略）").isEmpty());
  }

  @Test
  void sourcesThatAreDownSlowGarbageOrEndlessAreReportedWhileTheOthersArePolled() {
    Await.until("every bad source reported", WAIT, () -> {
      JsonObject down = sourceStatus("down").getJsonObject("lastError");
      JsonObject slow = sourceStatus("slow").getJsonObject("lastError");
      JsonObject garbage = sourceStatus("garbage").getJsonObject("lastError");
      JsonObject endless = sourceStatus("endless").getJsonObject("lastError");
      return down != null && slow != null && garbage != null && endless != null;
    });
    assertEquals("unreachable", sourceStatus("down").getJsonObject("lastError").getString("kind"));
    assertEquals("timeout", sourceStatus("slow").getJsonObject("lastError").getString("kind"));
    assertEquals("garbage", sourceStatus("garbage").getJsonObject("lastError").getString("kind"));
    assertEquals("too_large", sourceStatus("endless").getJsonObject("lastError").getString("kind"));
    for (String bad : List.of("down", "slow", "garbage", "endless")) {
      assertFalse(sourceStatus(bad).getBoolean("up"), bad + " shown as up");
    }
    // the failures go on being polled, and so does the good source
    int failures = sourceStatus("down").getJsonObject("counts").getInteger("failures");
    int polls = sourceStatus("qx").getJsonObject("counts").getInteger("polls");
    Await.until("more polls of the good and the bad", WAIT, () -> sourceStatus("down").getJsonObject("counts").getInteger("failures") > failures
        && sourceStatus("qx").getJsonObject("counts").getInteger("polls") > polls);
    assertTrue(sourceStatus("qx").getBoolean("up"));
    // the metrics say the same
    String metrics = metrics();
    assertTrue(metrics.contains("dalaba_cap_feed_failures_total{source=\"down\"}"), metrics);
  }

  @Test
  void a900KilobyteIndexIsReadAndItsEntryQueued() {
    assertTrue(feeds.bigFeedBytes() > 900 * 1024, "the index is " + feeds.bigFeedBytes() + " bytes");
    Await.until("the big index's entry is queued", WAIT, () -> queued("大风蓝色预警") != null);
    assertTrue(sourceStatus("big").getBoolean("up"));
    assertEquals(null, sourceStatus("big").getJsonObject("lastError"));
  }

  @Test
  void underRequireSignatureASignedDocumentIsAcceptedATamperedOrUnsignedOneRefused() {
    publish("signed.atom", "signed-1.xml", BUREAU.sign(TestCap.warning("signed-1", "Extreme", COUNTY, "暴雨红色预警（已签名）")),
        "2026-12-02T08:00:00+08:00");
    String tampered = new String(BUREAU.sign(TestCap.warning("signed-2", "Extreme", COUNTY, "暴雨红色预警（原文）")), StandardCharsets.UTF_8)
        .replace("暴雨红色预警（原文）", "暴雨红色预警（被篡改）");
    publish("signed.atom", "signed-2.xml", tampered.getBytes(StandardCharsets.UTF_8), "2026-12-02T08:00:00+08:00");
    publish("signed.atom", "signed-3.xml", TestCap.warning("signed-3", "Extreme", COUNTY, "暴雨红色预警（未签名）")
        .getBytes(StandardCharsets.UTF_8), "2026-12-02T08:00:00+08:00");
    Await.until("the signed one became an alert", WAIT, () -> alertsTitled("暴雨红色预警（已签名）").size() == 1);
    Await.until("two refusals", WAIT, () -> sourceStatus("signed").getJsonObject("counts").getInteger("refused") >= 2);
    List<JsonObject> refused = audit("cap.feed.refused").stream().filter(e -> "signed".equals(e.getJsonObject("details").getString("sourceId"))).toList();
    assertTrue(refused.stream().anyMatch(e -> e.getJsonObject("details").getString("reason").contains("does not match")), refused.toString());
    assertTrue(refused.stream().anyMatch(e -> e.getJsonObject("details").getString("reason").contains("not signed")), refused.toString());
    assertTrue(alertsTitled("暴雨红色预警（被篡改）").isEmpty());
    assertTrue(alertsTitled("暴雨红色预警（未签名）").isEmpty());
  }

  @Test
  void aViewerSeesNoQueueAndNoSources() {
    ApiClient viewer = TestUsers.create(admin, hub.httpPort(), "feed-viewer", "feed-test-password", "viewer", new JsonObject().put("kind", "county"));
    assertEquals(403, viewer.get("/api/v1/cap/queue").status());
    assertEquals(403, viewer.get("/api/v1/cap/sources").status());
  }

  private String metrics() {
    try {
      var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/metrics"))
          .header("Authorization", "Bearer " + TestHubs.metricsToken(dataDir.resolve("hub"))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
