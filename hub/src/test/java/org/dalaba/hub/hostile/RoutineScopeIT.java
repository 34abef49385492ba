package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 1: operators with valid low-level accounts try to change routine material that is
 * not theirs over HTTP (pause, re-target, delete schedules; delete uploads and programmes; use another
 * township's material), against a real hub with the 113 sample villages simulated over MQTT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RoutineScopeIT {
  static final String QINGYUN = "211282101"; // 庆云堡镇
  static final String ZHONGGU = "211282102"; // 中固镇
  static final String MY_VILLAGE = QINGYUN + "001";
  static final String PASSWORD = "routine-scope-password";
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dataDir;
  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;
  ApiClient villageOp;
  ApiClient qingyunOp;
  ApiClient zhongguOp;
  String programme;
  String countySchedule;
  String zhongguSchedule;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    villageOp = user("v-op", "village_operator", new JsonObject().put("kind", "village").put("id", MY_VILLAGE));
    qingyunOp = user("qy-op", "township_operator", township(QINGYUN));
    zhongguOp = user("zg-op", "township_operator", township(ZHONGGU));
    programme = created(admin.post("/api/v1/programmes", new JsonObject().put("name", "县广播")
        .put("items", new JsonArray().add(new JsonObject().put("text", "县里的通知。"))))).getString("id");
    countySchedule = created(admin.post("/api/v1/schedules", schedule("全县早间", programme, new JsonObject().put("all", true))))
        .getString("id");
    zhongguSchedule = created(admin.post("/api/v1/schedules", schedule("中固镇晚间", programme, townships(ZHONGGU))))
        .getString("id");
  }

  @AfterAll
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private ApiClient user(String username, String role, JsonObject scope) {
    return TestUsers.create(admin, hub.httpPort(), username, PASSWORD, role, scope);
  }

  private static JsonObject township(String id) {
    return new JsonObject().put("kind", "township").put("id", id);
  }

  private static JsonObject townships(String... ids) {
    return new JsonObject().put("townships", new JsonArray(java.util.List.of((Object[]) ids)));
  }

  private static JsonObject villages(String... ids) {
    return new JsonObject().put("villages", new JsonArray(java.util.List.of((Object[]) ids)));
  }

  private static JsonObject schedule(String name, String programmeId, JsonObject targets) {
    return new JsonObject().put("name", name).put("programmeId", programmeId).put("targets", targets)
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("06:30")));
  }

  private static JsonObject created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.body();
  }

  private static void refused(ApiClient.Reply reply) {
    assertEquals(403, reply.status(), reply.toString());
    assertTrue(reply.body().getString("message", "").matches(".*[\\u4e00-\\u9fff].*"), "a Chinese message: " + reply);
  }

  private JsonObject asAdmin(String scheduleId) {
    return admin.get("/api/v1/schedules/" + scheduleId).body();
  }

  private static boolean lists(JsonObject body, String array, String key, String id) {
    return body.getJsonArray(array).stream().anyMatch(o -> id.equals(((JsonObject) o).getString(key)));
  }

  @Test
  @Order(1)
  void aVillageOperatorCannotPauseRetargetOrDeleteTheCountySchedule() {
    // WHEN the village operator pauses, re-targets to its own village, and deletes the county-wide schedule
    refused(villageOp.post("/api/v1/schedules/" + countySchedule + "/pause", "{}"));
    refused(villageOp.put("/api/v1/schedules/" + countySchedule, schedule("全县早间", programme, villages(MY_VILLAGE))));
    refused(villageOp.delete("/api/v1/schedules/" + countySchedule));
    // THEN the schedule is as the county left it
    JsonObject county = asAdmin(countySchedule);
    assertFalse(county.getBoolean("paused"), county.toString());
    assertTrue(county.getJsonObject("targets").getBoolean("all"), county.toString());
    // AND the village operator sees it (it plays in its village) but is told it may not change it
    JsonObject seen = villageOp.get("/api/v1/schedules").body();
    assertTrue(lists(seen, "schedules", "id", countySchedule), seen.toString());
    seen.getJsonArray("schedules").stream().map(JsonObject.class::cast).filter(s -> s.getString("id").equals(countySchedule))
        .forEach(s -> assertFalse(s.getBoolean("mayChange"), s.toString()));
  }

  @Test
  @Order(2)
  void anotherTownshipsScheduleCanBeNeitherSeenNorPausedNorDeleted() {
    refused(villageOp.post("/api/v1/schedules/" + zhongguSchedule + "/pause", "{}"));
    refused(qingyunOp.post("/api/v1/schedules/" + zhongguSchedule + "/pause", "{}"));
    refused(qingyunOp.delete("/api/v1/schedules/" + zhongguSchedule));
    assertFalse(asAdmin(zhongguSchedule).getBoolean("paused"));
    for (ApiClient op : new ApiClient[] {villageOp, qingyunOp}) {
      assertFalse(lists(op.get("/api/v1/schedules").body(), "schedules", "id", zhongguSchedule));
      assertFalse(lists(op.get("/api/v1/schedules/upcoming").body(), "fires", "scheduleId", zhongguSchedule));
    }
    // the township's own operator may pause it: its scope covers every target
    assertEquals(200, zhongguOp.post("/api/v1/schedules/" + zhongguSchedule + "/pause", "{}").status());
    assertEquals(200, zhongguOp.post("/api/v1/schedules/" + zhongguSchedule + "/resume", "{}").status());
  }

  @Test
  @Order(3)
  void aTownshipOperatorCannotWidenItsOwnScheduleBeyondItsTownship() {
    String own = created(qingyunOp.post("/api/v1/schedules", schedule("庆云堡镇", programme, townships(QINGYUN)))).getString("id");
    refused(qingyunOp.put("/api/v1/schedules/" + own, schedule("庆云堡镇", programme, townships(QINGYUN, ZHONGGU))));
    // a village operator of that township cannot change the township's schedule either
    refused(villageOp.post("/api/v1/schedules/" + own + "/pause", "{}"));
    assertEquals(200, qingyunOp.delete("/api/v1/schedules/" + own).status());
  }

  @Test
  @Order(4)
  void uploadsAndProgrammesBelongToAScopeAndOnlyItsOwnersMayDeleteThem() {
    // GIVEN a recording and a programme made by the operator of 庆云堡镇
    JsonObject upload = created(qingyunOp.postBytes("/api/v1/media?name=qy", "audio/wav", TestAudio.wav(300)));
    String sha = upload.getString("sha256");
    assertEquals("township", upload.getJsonObject("scope").getString("kind"), upload.toString());
    assertEquals("qy-op", upload.getString("createdBy"));
    String townshipProgramme = created(qingyunOp.post("/api/v1/programmes", new JsonObject().put("name", "庆云堡镇节目")
        .put("items", new JsonArray().add(new JsonObject().put("media", sha))))).getString("id");
    // THEN a village operator of the township may use them, but not delete them
    assertTrue(lists(villageOp.get("/api/v1/media").body(), "media", "sha256", sha));
    refused(villageOp.delete("/api/v1/media/" + sha));
    refused(villageOp.delete("/api/v1/programmes/" + townshipProgramme));
    String mine = created(villageOp.post("/api/v1/schedules", schedule("本村", townshipProgramme, villages(MY_VILLAGE)))).getString("id");
    // AND another township's operator sees neither, and cannot use or delete them
    assertFalse(lists(zhongguOp.get("/api/v1/media").body(), "media", "sha256", sha));
    assertFalse(lists(zhongguOp.get("/api/v1/programmes").body(), "programmes", "id", townshipProgramme));
    refused(zhongguOp.delete("/api/v1/media/" + sha));
    refused(zhongguOp.get("/api/v1/programmes/" + townshipProgramme));
    assertEquals(400, zhongguOp.post("/api/v1/schedules", schedule("偷用", townshipProgramme, townships(ZHONGGU))).status());
    assertEquals(400, zhongguOp.post("/api/v1/programmes", new JsonObject().put("name", "偷用")
        .put("items", new JsonArray().add(new JsonObject().put("media", sha)))).status());
    // AND county material is usable by every operator, and deletable only by the county
    assertTrue(lists(villageOp.get("/api/v1/programmes").body(), "programmes", "id", programme));
    refused(qingyunOp.delete("/api/v1/programmes/" + programme));
    assertTrue(lists(admin.get("/api/v1/media").body(), "media", "sha256", sha), "the county sees everything");
    // the owner of the material may delete it once unused
    assertEquals(200, villageOp.delete("/api/v1/schedules/" + mine).status());
    assertEquals(200, qingyunOp.delete("/api/v1/programmes/" + townshipProgramme).status());
    assertEquals(200, qingyunOp.delete("/api/v1/media/" + sha).status());
  }

  @Test
  @Order(5)
  void aVillageOperatorCannotDeleteATownshipOperatorsUploadOfTheSameBytes() {
    // GIVEN the township operator's upload, WHEN a village operator uploads the same bytes and deletes "its" copy
    byte[] wav = TestAudio.wav(310);
    String sha = created(qingyunOp.postBytes("/api/v1/media?name=qy2", "audio/wav", wav)).getString("sha256");
    ApiClient.Reply again = villageOp.postBytes("/api/v1/media?name=mine", "audio/wav", wav);
    assertEquals(sha, again.body().getString("sha256"), again.toString());
    refused(villageOp.delete("/api/v1/media/" + sha));
    // THEN the township's recording is still there
    assertEquals(200, qingyunOp.get("/api/v1/media/" + sha).status());
  }

  @Test
  @Order(10)
  void afterwardsANewAlertStillReachesAll113Villages() throws Exception {
    fleet = TestFleet.start(hub, hub.mqttPort());
    Await.until("all 113 endpoints online", WAIT,
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
    String id = created(admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请减少外出。")
        .put("level", "red").put("targets", new JsonObject().put("all", true)))).getString("id");
    Await.until("all 113 villages played the alert", WAIT,
        () -> admin.get("/api/v1/alerts/" + id).body().getJsonObject("counts").getLong("played") == 113);
  }
}
