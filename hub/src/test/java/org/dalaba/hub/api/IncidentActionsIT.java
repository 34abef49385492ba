package org.dalaba.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident view's actions through the API, against a real hub and the 113 simulated villages: re-send an alert
 * to one village now (an endpoint online that lost the first command) and mark a village phoned. The automatic
 * re-send waits ten minutes here, so only the operator's re-send can make the endpoint play.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IncidentActionsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String QINGYUN = "211282101";
  private static final String ZHONGGU = "211282102";
  private static final String PASSWORD = "incident-test-password";

  @TempDir
  static Path dataDir;
  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir).with(ConfigKey.ALERT_RESEND_AFTER_SECONDS, 600)
        .with(ConfigKey.ALERT_RESEND_MAX_SECONDS, 600), System.out, TestHubs.ADMIN_PASSWORD);
    fleet = TestFleet.start(hub, hub.mqttPort());
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    user("zhonggu-op", "township_operator", new JsonObject().put("kind", "township").put("id", ZHONGGU));
    user("qingyun-op", "township_operator", new JsonObject().put("kind", "township").put("id", QINGYUN));
    user("watcher", "viewer", new JsonObject().put("kind", "county"));
    Await.until("all 113 endpoints online", WAIT,
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (fleet != null) {
        fleet.close();
      }
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }

  private void user(String name, String role, JsonObject scope) {
    ApiClient.Reply created = admin.post("/api/v1/users", new JsonObject().put("username", name).put("password", PASSWORD)
        .put("role", role).put("scope", scope).put("displayName", name));
    assertEquals(201, created.status(), created.toString());
  }

  private ApiClient as(String name) {
    return new ApiClient(hub.httpPort()).login(name, PASSWORD);
  }

  private String sendAlert(String... villages) {
    return TestAlerts.toVillages(admin, "重发测试", villages);
  }

  private String villageState(String alertId, String villageId) {
    for (Object v : admin.get("/api/v1/alerts/" + alertId).body().getJsonArray("villages")) {
      if (((JsonObject) v).getString("villageId").equals(villageId)) {
        return ((JsonObject) v).getString("state");
      }
    }
    return null;
  }

  private static ApiClient.Reply resend(ApiClient client, String alertId, String villageId) {
    return client.post("/api/v1/alerts/" + alertId + "/resend", new JsonObject().put("villageId", villageId));
  }

  @Test
  void aVillageWhoseEndpointLostTheAlertPlaysItOnceReSentAndTheReSendIsRefusedInWordsWhereItCannotHelp() throws Exception {
    // GIVEN an endpoint online at the hub that loses the alert's command (the hub re-sends only in ten minutes),
    // a village that plays it, and one offline (which keeps the alert active)
    String lost = QINGYUN + "001";
    String fine = QINGYUN + "002";
    String offline = QINGYUN + "003";
    fleet.fleet().endpoint(offline + "-01").disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Await.until("the hub sees the village offline", WAIT,
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 112);
    int droppedBefore = fleet.fleet().summary().dropped();
    fleet.fleet().endpoint(lost + "-01").loseNextCommands(1);
    String alertId = sendAlert(lost, fine, offline);
    Await.until("the other village played", WAIT, () -> "played".equals(villageState(alertId, fine)));
    Await.until("the endpoint lost the command", WAIT, () -> fleet.fleet().summary().dropped() == droppedBefore + 1);
    assertEquals("pending", villageState(alertId, lost));

    // WHEN a township operator of another township, a viewer, and then one of its own township re-send to it
    assertEquals(403, resend(as("zhonggu-op"), alertId, lost).status());
    assertEquals(403, resend(as("watcher"), alertId, lost).status());
    ApiClient.Reply sent = resend(as("qingyun-op"), alertId, lost);

    // THEN only the last is accepted, the endpoint plays the alert, and the audit log says who re-sent it where
    assertEquals(200, sent.status(), sent.toString());
    assertEquals(new JsonArray().add(lost + "-01"), sent.body().getJsonArray("endpoints"));
    Await.until("the village played after the re-send", WAIT, () -> "played".equals(villageState(alertId, lost)));
    JsonArray audit = admin.get("/api/v1/audit?action=alert.resend").body().getJsonArray("entries");
    assertEquals(1, audit.size(), audit.encode());
    assertEquals("qingyun-op", audit.getJsonObject(0).getString("user"));
    assertTrue(audit.encode().contains(lost), audit.encode());

    // AND re-sending where it cannot help is refused in an operator's words
    assertRefused(resend(admin, alertId, lost), 409, "都已播放");
    assertRefused(resend(admin, alertId, offline), 409, "离线，上线后会自动补发");
    assertRefused(resend(admin, alertId, QINGYUN + "004"), 409, "不在这条预警的发布范围内");
    assertRefused(resend(admin, alertId, "211282999999"), 404, "找不到村");
    assertRefused(admin.post("/api/v1/alerts/" + alertId + "/resend", new JsonObject()), 400, "请选择要重发的村");

    // AND the offline village gets it by itself once back
    fleet.fleet().endpoint(offline + "-01").connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Await.until("the offline village played once back", WAIT, () -> "played".equals(villageState(alertId, offline)));
  }

  private static void assertRefused(ApiClient.Reply reply, int status, String words) {
    assertEquals(status, reply.status(), reply.toString());
    assertTrue(reply.body().getString("messageZh").contains(words), reply.toString());
  }

  @Test
  void anAlertThatHasEndedIsNotReSent() {
    String village = ZHONGGU + "001";
    fleet.fleet().endpoint(village + "-01").loseNextCommands(1);
    String alertId = sendAlert(village);
    assertEquals(200, admin.post("/api/v1/alerts/" + alertId + "/cancel", new JsonObject()).status());
    assertRefused(resend(admin, alertId, village), 409, "预警已结束（已撤销）");
  }

  @Test
  void aVillageMarkedPhonedShowsWhoAndWhenToEveryOperatorAndInTheExport() {
    String village = QINGYUN + "005";
    String alertId = sendAlert(village);
    String path = "/api/v1/alerts/" + alertId + "/villages/" + village + "/phoned";

    // WHEN operators out of scope or without alert rights try, a note too long is sent, and then its operator marks it
    assertRefused(as("zhonggu-op").post(path, new JsonObject()), 403, "不在您的管辖范围内");
    assertEquals(403, as("watcher").post(path, new JsonObject()).status());
    assertRefused(as("qingyun-op").post(path, new JsonObject().put("note", "长".repeat(201))), 400, "备注最多 200 个字");
    assertRefused(admin.post("/api/v1/alerts/" + alertId + "/villages/" + QINGYUN + "006/phoned", new JsonObject()), 409,
        "不在这条预警的发布范围内");
    ApiClient.Reply marked = as("qingyun-op").post(path, new JsonObject().put("note", "已联系村主任，=SUM(A1) 正在广播"));
    assertEquals(200, marked.status(), marked.toString());

    // THEN another operator sees who marked it and when, in the alert, its export and the audit log
    JsonObject shown = phoned(alertId, village);
    assertEquals("qingyun-op", shown.getString("by"), shown.encode());
    assertEquals("已联系村主任，=SUM(A1) 正在广播", shown.getString("note"));
    assertTrue(shown.getString("at").endsWith("+08:00"), shown.encode());
    String csv = admin.getText("/api/v1/alerts/" + alertId + "/villages.csv");
    assertTrue(csv.contains("电话通知人") && csv.contains("qingyun-op") && csv.contains("已联系村主任"), csv);
    JsonArray audit = admin.get("/api/v1/audit?action=alert.phoned").body().getJsonArray("entries");
    assertTrue(audit.encode().contains(alertId) && audit.encode().contains("qingyun-op"), audit.encode());

    // AND the mark can be taken back, also shown to everyone
    assertEquals(200, as("qingyun-op").delete(path).status());
    assertEquals(null, phoned(alertId, village));
    String unmarked = admin.getText("/api/v1/alerts/" + alertId + "/villages.csv");
    assertTrue(unmarked.contains(village) && !unmarked.contains("qingyun-op"), unmarked);
  }

  private JsonObject phoned(String alertId, String villageId) {
    for (Object v : admin.get("/api/v1/alerts/" + alertId).body().getJsonArray("villages")) {
      if (((JsonObject) v).getString("villageId").equals(villageId)) {
        return ((JsonObject) v).getJsonObject("phoned");
      }
    }
    throw new AssertionError("no village " + villageId);
  }
}
