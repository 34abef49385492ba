package org.dalaba.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.RedisCli;
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
 * Honest coverage end to end, on a real hub with the 113 simulated villages and one township (业民镇) offline: a
 * county-wide alert's coverage per township and in total matches what the delivery records say (computed here
 * independently from {@code GET /api/v1/alerts/{id}}), in JSON, CSV, the period summary and the printable daily report
 * with a routine play beside it; an exercise is listed apart and not counted; a township operator sees their
 * township only; and the timeline runs accepted → sent → first played → … → 100 % once the township is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CoverageEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final String QINGYUN = "211282101";
  private static final String YEMIN = "211282107";
  private static final String PASSWORD = "coverage-test-password";

  @TempDir
  static Path dataDir;
  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;
  int redisPort;

  @BeforeAll
  void start() throws Exception {
    redisPort = EmbeddedRedis.freePort();
    hub = Application.start(TestHubs.config(dataDir).with(ConfigKey.REDIS_EMBEDDED_PORT, redisPort), System.out, TestHubs.ADMIN_PASSWORD);
    fleet = TestFleet.start(hub, hub.mqttPort());
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    assertEquals(201, admin.post("/api/v1/users", new JsonObject().put("username", "qingyun-op").put("password", PASSWORD)
        .put("role", "township_operator").put("scope", new JsonObject().put("kind", "township").put("id", QINGYUN))).status());
    Await.until("all 113 endpoints online", WAIT, () -> online() == 113);
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

  private int online() {
    return admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online");
  }

  private List<Endpoint> endpointsOf(String township) {
    return hub.directory().endpoints().values().stream().filter(e -> e.townshipId().equals(township)).toList();
  }

  @Test
  void coverageIsPlayedOverTargetsPerTownshipInEveryFormAndTheTimelineFollowsTheRecords() throws Exception {
    // GIVEN 业民镇 offline
    for (Endpoint e : endpointsOf(YEMIN)) {
      fleet.fleet().endpoint(e.id()).disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    int yemin = endpointsOf(YEMIN).size();
    Await.until("业民镇 offline", WAIT, () -> online() == 113 - yemin);

    // WHEN a county-wide alert goes out and every reachable endpoint plays it, and a routine programme plays in 庆云堡镇
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雪蓝色预警").put("text", "请注意防寒。")
        .put("level", "blue").put("targets", new JsonObject().put("all", true)).put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    String alertId = sent.body().getString("id");
    Await.until("every reachable endpoint played", WAIT, () -> admin.get("/api/v1/alerts/" + alertId).body().getJsonObject("counts"),
        c -> c.getLong("played") == 113 - yemin);
    String fireId = routinePlay();
    // and the escalation policy (another part of the hub) recorded a notification for a village of 业民镇
    notified(alertId, new JsonObject().put("at", System.currentTimeMillis()).put("step", 2).put("kind", "notify")
        .put("channel", "webhook").put("village", YEMIN + "001").put("contact", "村主任").put("attempt", 1).put("outcome", "sent")
        .putNull("error"));

    // THEN the coverage per township and in total is exactly what the records say
    JsonObject alert = admin.get("/api/v1/alerts/" + alertId).body();
    Map<String, JsonObject> expected = expectedRows(alert);
    JsonObject coverage = admin.get("/api/v1/alerts/" + alertId + "/coverage").body();
    assertEquals(false, coverage.getBoolean("exercise"));
    JsonArray rows = coverage.getJsonArray("townships");
    assertEquals(7, rows.size(), coverage.encode());
    for (Object item : rows) {
      JsonObject row = (JsonObject) item;
      assertFigures(expected.get(row.getString("townshipId")), row);
    }
    assertFigures(expected.get("total"), coverage.getJsonObject("total"));
    JsonObject yeminRow = rowOf(rows, YEMIN);
    assertEquals(0.0, yeminRow.getDouble("coverage"));
    assertEquals((long) yemin, yeminRow.getLong("unconfirmed"));
    assertEquals((double) (113 - yemin) / 113, coverage.getJsonObject("total").getDouble("coverage"));

    // AND the CSV says the same
    String csv = admin.getText("/api/v1/alerts/" + alertId + "/coverage.csv");
    assertTrue(csv.contains("业民镇," + yemin + ",0,0.0,"), csv);
    assertTrue(csv.contains("合计,113," + (113 - yemin) + "," + CoverageRoutes.percent((double) (113 - yemin) / 113) + ","), csv);

    // AND an exercise (the field another part of the hub writes) is listed apart and never counted
    String drillId = TestAlerts.toVillages(admin, "演练通知", QINGYUN + "001");
    Await.until("the drill played", WAIT, () -> admin.get("/api/v1/alerts/" + drillId).body().getJsonObject("counts").getLong("played") == 1);
    markExercise(drillId);
    String today = LocalDate.now(SHANGHAI).toString();
    JsonObject period = admin.get("/api/v1/coverage?from=" + today + "&to=" + today).body();
    assertEquals(List.of(alertId), ids(period.getJsonArray("alerts")), period.encode());
    assertEquals(List.of(drillId), ids(period.getJsonArray("exercises")), period.encode());
    assertFigures(expected.get("total"), period.getJsonObject("total"));
    assertEquals(1L, period.getJsonObject("exerciseTotal").getLong("played"));
    String periodCsv = admin.getText("/api/v1/coverage.csv?from=" + today + "&to=" + today);
    assertTrue(periodCsv.contains(alertId) && periodCsv.contains("演练（不计入以上统计）") && periodCsv.contains(drillId), periodCsv);

    // AND the printable daily report of 庆云堡镇 lists the alert, the routine play and the drill apart, with their figures
    int qingyun = endpointsOf(QINGYUN).size();
    String report = admin.getText("/api/v1/reports/daily?date=" + today + "&township=" + QINGYUN);
    assertTrue(report.startsWith("<!doctype html>") && report.contains("/css/report.css") && report.contains("暴雪蓝色预警"), report);
    assertTrue(report.contains("<tr data-id=\"" + alertId + "\" data-targets=\"" + qingyun + "\" data-played=\"" + qingyun
        + "\" data-coverage=\"100.0\">"), report);
    assertTrue(report.contains("<tr data-id=\"" + fireId + "\" data-targets=\"" + qingyun + "\" data-played=\"" + qingyun
        + "\" data-coverage=\"100.0\">"), report);
    int exercises = report.indexOf("id=\"exercises\"");
    assertTrue(exercises > 0 && report.indexOf(drillId) > exercises, "the drill only in the exercises section: " + report);
    String yeminReport = admin.getText("/api/v1/reports/daily?date=" + today + "&township=" + YEMIN);
    assertTrue(yeminReport.contains("<tr data-id=\"" + alertId + "\" data-targets=\"" + yemin + "\" data-played=\"0\" data-coverage=\"0.0\">"),
        yeminReport);
    assertFalse(yeminReport.contains(fireId), "the routine play did not reach 业民镇");

    // AND a township operator sees their township only, and no report of another
    ApiClient qingyunOp = new ApiClient(hub.httpPort()).login("qingyun-op", PASSWORD);
    JsonObject scoped = qingyunOp.get("/api/v1/alerts/" + alertId + "/coverage").body();
    assertEquals(1, scoped.getJsonArray("townships").size(), scoped.encode());
    assertEquals((long) qingyun, scoped.getJsonObject("total").getLong("targets"));
    assertEquals(403, qingyunOp.get("/api/v1/reports/daily?date=" + today + "&township=" + YEMIN).status());
    assertEquals(403, qingyunOp.get("/api/v1/coverage?township=" + YEMIN).status());
    JsonObject qingyunPeriod = qingyunOp.get("/api/v1/coverage?from=" + today + "&to=" + today).body();
    assertEquals((long) qingyun, qingyunPeriod.getJsonObject("total").getLong("targets"), qingyunPeriod.encode());
    assertEquals((long) qingyun, admin.get("/api/v1/coverage?from=" + today + "&to=" + today + "&township=" + QINGYUN).body()
        .getJsonObject("total").getLong("targets"), "the township filter narrows the figures too");
    String elsewhere = TestAlerts.toVillages(admin, "中固镇通知", "211282102001");
    for (String path : List.of("/coverage", "/timeline")) {
      assertEquals(403, qingyunOp.get("/api/v1/alerts/" + elsewhere + path).status(), path);
    }
    assertEquals(404, admin.get("/api/v1/alerts/a-nosuch/coverage").status());
    assertEquals(400, admin.get("/api/v1/reports/daily?date=yesterday").status());

    // WHEN 业民镇 comes back and plays the alert, THEN the timeline runs from accepted to 100 % in order
    for (Endpoint e : endpointsOf(YEMIN)) {
      fleet.fleet().endpoint(e.id()).connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    Await.until("every endpoint played", WAIT, () -> admin.get("/api/v1/alerts/" + alertId).body().getJsonObject("counts"),
        c -> c.getLong("played") == 113);
    JsonArray items = admin.get("/api/v1/alerts/" + alertId + "/timeline").body().getJsonArray("items");
    List<String> kinds = new ArrayList<>();
    items.forEach(i -> kinds.add(((JsonObject) i).getString("kind")));
    assertEquals(List.of("accepted", "sent", "first_played", "played_50", "escalation", "played_90", "played_100"), kinds,
        items.encode());
    assertEquals("webhook", items.getJsonObject(4).getJsonObject("details").getString("channel"));
    assertFalse(qingyunOp.get("/api/v1/alerts/" + alertId + "/timeline").body().encode().contains("escalation"),
        "a notification of another township's village is not shown to a township operator");
    assertEquals("admin", items.getJsonObject(0).getString("by"));
    JsonObject last = admin.get("/api/v1/alerts/" + alertId).body();
    assertEquals(latestFinished(last), OffsetDateTime.parse(items.getJsonObject(6).getString("at")).toInstant().toEpochMilli());
    assertEquals(1.0, admin.get("/api/v1/alerts/" + alertId + "/coverage").body().getJsonObject("total").getDouble("coverage"));
  }

  /** A programme played once in 庆云堡镇 two seconds from now; @return its fire id once every endpoint played it. */
  private String routinePlay() {
    String sha = admin.postBytes("/api/v1/media?name=short", "audio/wav", TestAudio.wav(400)).body().getString("sha256");
    String programmeId = admin.post("/api/v1/programmes", new JsonObject().put("name", "天气预报").put("items",
        new JsonArray().add(new JsonObject().put("media", sha)))).body().getString("id");
    String at = OffsetDateTime.now(SHANGHAI).plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString();
    String scheduleId = admin.post("/api/v1/schedules", new JsonObject().put("name", "早间天气").put("programmeId", programmeId)
        .put("targets", new JsonObject().put("townships", new JsonArray().add(QINGYUN)))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at))).body().getString("id");
    String fireId = Await.until("the fire", WAIT, () -> admin.get("/api/v1/schedules/" + scheduleId + "/fires").body()
        .getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
    int qingyun = endpointsOf(QINGYUN).size();
    Await.until("the routine play played everywhere", WAIT, () -> admin.get("/api/v1/fires/" + fireId).body().getJsonObject("counts"),
        c -> c.getLong("played") == qingyun);
    return fireId;
  }

  /** What the records say, per township id and "total": targets, played, and time-to-played percentiles (nearest rank). */
  private static Map<String, JsonObject> expectedRows(JsonObject alert) {
    long created = OffsetDateTime.parse(alert.getString("createdAt")).toInstant().toEpochMilli();
    Map<String, List<JsonObject>> byTownship = new LinkedHashMap<>();
    for (Object v : alert.getJsonArray("villages")) {
      JsonObject village = (JsonObject) v;
      for (Object e : village.getJsonArray("endpoints")) {
        byTownship.computeIfAbsent(village.getString("townshipId"), t -> new ArrayList<>()).add((JsonObject) e);
        byTownship.computeIfAbsent("total", t -> new ArrayList<>()).add((JsonObject) e);
      }
    }
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    byTownship.forEach((township, endpoints) -> {
      long[] times = endpoints.stream().filter(e -> e.getString("state").equals("played"))
          .mapToLong(e -> OffsetDateTime.parse(e.getString("finishedAt")).toInstant().toEpochMilli() - created).sorted().toArray();
      JsonObject row = new JsonObject().put("targets", (long) endpoints.size()).put("played", (long) times.length)
          .put("coverage", (double) times.length / endpoints.size());
      JsonObject t = new JsonObject();
      for (int p : new int[] {50, 90, 99}) {
        t.put("p" + p + "Ms", times.length == 0 ? null : times[Math.max(0, (int) Math.ceil(p / 100.0 * times.length) - 1)]);
      }
      t.put("maxMs", times.length == 0 ? null : Arrays.stream(times).max().getAsLong());
      rows.put(township, row.put("timeToPlayed", t));
    });
    return rows;
  }

  private static void assertFigures(JsonObject expected, JsonObject actual) {
    String where = actual.encode();
    assertEquals(expected.getLong("targets"), actual.getLong("targets"), where);
    assertEquals(expected.getLong("played"), actual.getLong("played"), where);
    assertEquals(expected.getDouble("coverage"), actual.getDouble("coverage"), where);
    assertEquals(expected.getJsonObject("timeToPlayed"), actual.getJsonObject("timeToPlayed"), where);
  }

  private static JsonObject rowOf(JsonArray rows, String township) {
    for (Object row : rows) {
      if (township.equals(((JsonObject) row).getString("townshipId"))) {
        return (JsonObject) row;
      }
    }
    throw new AssertionError("no row for " + township + " in " + rows.encode());
  }

  private static List<String> ids(JsonArray alerts) {
    List<String> ids = new ArrayList<>();
    alerts.forEach(a -> ids.add(((JsonObject) a).getString("alertId")));
    return ids;
  }

  private static long latestFinished(JsonObject alert) {
    long latest = 0;
    for (Object v : alert.getJsonArray("villages")) {
      for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
        latest = Math.max(latest, OffsetDateTime.parse(((JsonObject) e).getString("finishedAt")).toInstant().toEpochMilli());
      }
    }
    return latest;
  }

  private String redisPassword() throws Exception {
    return Files.readString(dataDir.resolve("credentials").resolve("redis.password")).strip();
  }

  /** Appends to the alert's notifications list as the escalation policy does (CONTRACTS.md). */
  private void notified(String alertId, JsonObject entry) throws Exception {
    RedisCli.run(redisPort, redisPassword(), "RPUSH", "dlb:alert:{" + alertId + "}:notifications", entry.encode());
  }

  /** Sets {@code "exercise": true} on the stored alert, as the approval helper's POST /alerts does for a drill. */
  private void markExercise(String alertId) throws Exception {
    String password = redisPassword();
    String key = "dlb:alert:{" + alertId + "}";
    JsonObject stored = new JsonObject(RedisCli.run(redisPort, password, "GET", key).strip());
    assertEquals("OK", RedisCli.run(redisPort, password, "SET", key, stored.put("exercise", true).encode()).strip());
  }
}
