package org.dalaba.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles and scopes enforced by the API itself (not just hidden in the console), against a real hub
 * with embedded Redis and HiveMQ. No endpoints are online: alerts stay pending, which is enough here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessControlIT {
  static final String QINGYUN = "211282101"; // 庆云堡镇, 18 villages
  static final String ZHONGGU = "211282102"; // 中固镇
  static final String PASSWORD = "correct-horse-battery";

  @TempDir
  static Path dataDir;
  RunningHub hub;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private ApiClient user(String username, String role, JsonObject scope) {
    JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD).put("role", role);
    if (scope != null) {
      body.put("scope", scope);
    }
    ApiClient.Reply created = admin.post("/api/v1/users", body);
    assertEquals(201, created.status(), created.toString());
    return new ApiClient(hub.httpPort()).login(username, PASSWORD);
  }

  private static JsonObject township(String id) {
    return new JsonObject().put("kind", "township").put("id", id);
  }

  private static JsonObject alert(JsonObject targets) {
    return new JsonObject().put("title", "暴雪红色预警").put("text", "请减少外出。").put("level", "red").put("targets", targets);
  }

  private static JsonObject townships(String... ids) {
    return new JsonObject().put("townships", new JsonArray(java.util.List.of((Object[]) ids)));
  }

  @Test
  void aTownshipOperatorSeesAndTargetsOnlyItsTownship() {
    // GIVEN a township operator of 庆云堡镇
    ApiClient op = user("qingyun-op", "township_operator", township(QINGYUN));
    // THEN the village list holds only its township
    JsonObject villages = op.get("/api/v1/villages").body();
    assertEquals(1, villages.getJsonArray("townships").size());
    assertEquals(18, villages.getJsonObject("totals").getInteger("villages"));
    // AND an alert to another township, to one of its villages, or to all is refused with 403 naming targets
    ApiClient.Reply other = op.post("/api/v1/alerts", alert(townships(ZHONGGU)));
    assertEquals(403, other.status(), other.toString());
    assertEquals("targets", other.body().getString("field"));
    assertEquals(403, op.post("/api/v1/alerts", alert(new JsonObject().put("villages", new JsonArray().add(ZHONGGU + "001")))).status());
    assertEquals(403, op.post("/api/v1/alerts", alert(new JsonObject().put("all", true))).status());
    assertEquals(403, op.post("/api/v1/alerts/preview", alert(townships(ZHONGGU))).status());
    // AND its own township is accepted, after a preview that counts 18 villages
    JsonObject preview = op.post("/api/v1/alerts/preview", alert(townships(QINGYUN))).body();
    assertEquals(18, preview.getInteger("villages"));
    assertEquals(18, preview.getInteger("endpoints"));
    assertEquals(201, op.post("/api/v1/alerts", alert(townships(QINGYUN))).status());
    // AND of a county-wide alert it sees only its own villages, and may not cancel it
    String countyWide = admin.post("/api/v1/alerts", alert(new JsonObject().put("all", true))).body().getString("id");
    JsonObject seen = op.get("/api/v1/alerts/" + countyWide).body();
    assertEquals(18, seen.getJsonArray("villages").size());
    assertEquals(18, seen.getJsonObject("counts").getLong("targets"));
    assertEquals(403, op.post("/api/v1/alerts/" + countyWide + "/cancel", "{}").status());
    // AND an alert to another township only is invisible to it
    String zhonggu = admin.post("/api/v1/alerts", alert(townships(ZHONGGU))).body().getString("id");
    assertEquals(403, op.get("/api/v1/alerts/" + zhonggu).status());
    assertTrue(op.get("/api/v1/alerts").body().getJsonArray("alerts").stream()
        .noneMatch(a -> ((JsonObject) a).getString("id").equals(zhonggu)), "not in its history either");
    admin.post("/api/v1/alerts/" + countyWide + "/cancel", "{}");
    admin.post("/api/v1/alerts/" + zhonggu + "/cancel", "{}");
  }

  @Test
  void aScopedHistoryLooksPastNewerAlertsItMayNotSeeUntilItsLimitIsFull() {
    // GIVEN an alert to 庆云堡镇, then six newer ones to 中固镇 only
    ApiClient op = user("qingyun-history", "township_operator", township(QINGYUN));
    String own = admin.post("/api/v1/alerts", alert(townships(QINGYUN))).body().getString("id");
    java.util.List<String> others = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      others.add(admin.post("/api/v1/alerts", alert(townships(ZHONGGU))).body().getString("id"));
    }
    // WHEN the 庆云堡镇 operator asks for its newest alert
    JsonArray newest = op.get("/api/v1/alerts?limit=1").body().getJsonArray("alerts");
    // THEN it gets its own, past the six it may not see
    assertEquals(1, newest.size(), newest.encode());
    assertEquals(own, newest.getJsonObject(0).getString("id"));
    // AND the county sees exactly the two newest, as many as it asked for
    JsonArray county = admin.get("/api/v1/alerts?limit=2").body().getJsonArray("alerts");
    assertEquals(java.util.Set.of(others.get(5), others.get(4)),
        county.stream().map(a -> ((JsonObject) a).getString("id")).collect(java.util.stream.Collectors.toSet()));
    admin.post("/api/v1/alerts/" + own + "/cancel", "{}");
    others.forEach(id -> admin.post("/api/v1/alerts/" + id + "/cancel", "{}"));
  }

  @Test
  void aTownshipOperatorSeesOnlyTheSchedulesOfItsTownship() {
    // GIVEN a text programme scheduled by the admin for another township
    ApiClient.Reply programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "中固镇通知")
        .put("items", new JsonArray().add(new JsonObject().put("text", "今晚开会。"))));
    assertEquals(201, programme.status(), programme.toString());
    ApiClient.Reply schedule = admin.post("/api/v1/schedules", new JsonObject().put("name", "中固镇通知")
        .put("programmeId", programme.body().getString("id")).put("targets", townships(ZHONGGU))
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("19:00"))));
    assertEquals(201, schedule.status(), schedule.toString());
    String id = schedule.body().getString("id");
    // WHEN an operator of 庆云堡镇 looks
    ApiClient op = user("qingyun-reader", "township_operator", township(QINGYUN));
    // THEN the schedule is neither listed nor readable, and its calendar shows nothing of it
    assertTrue(op.get("/api/v1/schedules").body().getJsonArray("schedules").stream()
        .noneMatch(s -> id.equals(((JsonObject) s).getString("id"))));
    assertEquals(403, op.get("/api/v1/schedules/" + id).status());
    assertEquals(403, op.get("/api/v1/schedules/" + id + "/fires").status());
    assertTrue(admin.get("/api/v1/schedules").body().getJsonArray("schedules").stream()
        .anyMatch(s -> id.equals(((JsonObject) s).getString("id"))));
  }

  @Test
  void rolesLimitWhatEachUserMayDo() {
    ApiClient viewer = user("viewer1", "viewer", null);
    ApiClient village = user("village-op", "village_operator", new JsonObject().put("kind", "village").put("id", QINGYUN + "001"));
    ApiClient staff = user("duty-staff", "emergency_staff", township(ZHONGGU));
    // a viewer reads but cannot send
    assertEquals(200, viewer.get("/api/v1/villages").status());
    assertEquals(403, viewer.post("/api/v1/alerts", alert(townships(QINGYUN))).status());
    // a village operator sees one village and sends only to it
    assertEquals(1, village.get("/api/v1/villages").body().getJsonObject("totals").getInteger("villages"));
    assertEquals(201, village.post("/api/v1/alerts", alert(new JsonObject().put("villages", new JsonArray().add(QINGYUN + "001")))).status());
    // emergency staff send and cancel within their township
    String id = staff.post("/api/v1/alerts", alert(townships(ZHONGGU))).body().getString("id");
    assertEquals(200, staff.post("/api/v1/alerts/" + id + "/cancel", "{}").status());
    // only administrators manage users, read the audit log, import the directory and touch credentials
    for (ApiClient notAdmin : new ApiClient[] {viewer, village, staff}) {
      assertEquals(403, notAdmin.get("/api/v1/users").status());
      assertEquals(403, notAdmin.get("/api/v1/audit").status());
      assertEquals(403, notAdmin.get("/api/v1/endpoints/" + QINGYUN + "001-01/credentials").status());
      assertEquals(403, notAdmin.postText("/api/v1/directory?dryRun=true", "text/csv", "x").status());
    }
    // a role's scope must suit it, and errors name the field
    ApiClient.Reply badScope = admin.post("/api/v1/users", new JsonObject().put("username", "bad-scope").put("password", PASSWORD)
        .put("role", "township_operator").put("scope", new JsonObject().put("kind", "county")));
    assertEquals(400, badScope.status());
    assertEquals("scope", badScope.body().getString("field"));
    // the audit log names who created whom
    JsonArray audit = admin.get("/api/v1/audit?action=user.").body().getJsonArray("entries");
    assertTrue(audit.stream().anyMatch(e -> ((JsonObject) e).getString("action").equals("user.create")
        && ((JsonObject) e).getJsonObject("details").getString("username").equals("duty-staff")), audit.encode());
  }

  @Test
  void aDeletedUsersSessionEndsAtOnceAndRotatedCredentialsChange() {
    ApiClient gone = user("short-lived", "viewer", null);
    assertEquals(200, gone.get("/api/v1/me").status());
    assertEquals(200, admin.delete("/api/v1/users/short-lived").status());
    assertEquals(401, gone.get("/api/v1/villages").status());
    // rotating an endpoint's secret hands out a new one
    String endpoint = QINGYUN + "001-01";
    String before = admin.get("/api/v1/endpoints/" + endpoint + "/credentials").body().getString("password");
    JsonObject rotated = admin.post("/api/v1/endpoints/" + endpoint + "/credentials/rotate", "{}").body();
    assertTrue(rotated.getString("password").length() >= 32);
    assertTrue(!rotated.getString("password").equals(before));
    assertEquals(rotated.getString("password"), hub.credentials().endpointSecrets().get(endpoint));
  }

  @Test
  void aUserChangesTheirPasswordAndTheirOtherSessionsEnd() {
    ApiClient first = user("changer", "viewer", null);
    ApiClient second = new ApiClient(hub.httpPort()).login("changer", PASSWORD);
    // a wrong current password is named as such
    ApiClient.Reply wrong = first.post("/api/v1/me/password", new JsonObject().put("currentPassword", "nope").put("newPassword", "a-new-password"));
    assertEquals(400, wrong.status());
    assertEquals("currentPassword", wrong.body().getString("field"));
    // the change hands back a new token and ends the other sessions
    ApiClient.Reply changed = first.post("/api/v1/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "a-new-password"));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(401, second.get("/api/v1/me").status());
    assertEquals(200, first.withToken(changed.body().getString("token")).get("/api/v1/me").status());
    new ApiClient(hub.httpPort()).login("changer", "a-new-password");
    assertTrue(admin.get("/api/v1/audit?user=changer&action=password.").body().getJsonArray("entries").size() == 1);
  }

  @Test
  void theTextOfAnAlertIsVoicedForAPreview() throws Exception {
    org.dalaba.hub.testing.ExternalProcess.requireProgram("/usr/bin/espeak-ng", "espeak-ng");
    ApiClient viewer = user("listener", "viewer", null);
    // a sender gets WAV audio of the text
    java.net.http.HttpResponse<byte[]> wav = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/speech-preview"))
        .header("Authorization", "Bearer " + admin.token()).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "暴雪红色预警。请减少外出。").encode()))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, wav.statusCode());
    assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElse(""));
    assertEquals("RIFF", new String(wav.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(wav.body().length > 10_000, "some seconds of audio");
    // an empty text is refused by field, and a viewer may not use it
    assertEquals("text", admin.post("/api/v1/speech-preview", new JsonObject().put("text", " ")).body().getString("field"));
    assertEquals(403, viewer.post("/api/v1/speech-preview", new JsonObject().put("text", "你好")).status());
  }

  @Test
  void repeatedWrongPasswordsLockTheLoginOut() {
    user("guessed", "viewer", null);
    ApiClient anonymous = new ApiClient(hub.httpPort());
    JsonObject wrong = new JsonObject().put("username", "guessed").put("password", "wrong-password");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, anonymous.post("/api/v1/session", wrong).status());
    }
    // now even the right password is refused for a while
    ApiClient.Reply locked = anonymous.post("/api/v1/session", wrong.copy().put("password", PASSWORD));
    assertEquals(429, locked.status(), locked.toString());
    assertTrue(locked.body().getString("messageZh").contains("分钟"));
  }

  @Test
  void theVillagesCsvHasOneRowPerVillageOfTheScope() {
    String id = admin.post("/api/v1/alerts", alert(townships(QINGYUN))).body().getString("id");
    String csv = admin.getText("/api/v1/alerts/" + id + "/villages.csv");
    assertTrue(csv.startsWith("\uFEFF乡镇,村,村编号"), csv);
    assertEquals(1 + 18, csv.strip().split("\r\n").length);
    ApiClient.Reply badDate = admin.get("/api/v1/alerts?from=yesterday");
    assertEquals(400, badDate.status());
    assertEquals("from", badDate.body().getString("field"));
    assertTrue(admin.get("/api/v1/alerts?level=red&township=" + QINGYUN).body().getJsonArray("alerts").stream()
        .anyMatch(a -> ((JsonObject) a).getString("id").equals(id)));
    assertTrue(admin.get("/api/v1/alerts?level=blue").body().getJsonArray("alerts").isEmpty());
    String history = admin.getText("/api/v1/alerts.csv?level=red&township=" + QINGYUN + "&lang=en");
    assertTrue(history.startsWith("\uFEFFid,created,level,title"), history);
    assertTrue(history.lines().anyMatch(line -> line.startsWith(id + ",")), history);
    admin.post("/api/v1/alerts/" + id + "/cancel", "{}");
  }
}
