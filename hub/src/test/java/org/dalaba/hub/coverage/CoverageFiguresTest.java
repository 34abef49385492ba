package org.dalaba.hub.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Contact;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.junit.jupiter.api.Test;

/** Coverage figures (played ÷ targets, per township, nearest-rank times) and the timeline derived from stored facts. */
class CoverageFiguresTest {
  private static Village village(String id, String townshipId) {
    return new Village(id, "村" + id, townshipId, true, Contact.NONE, null, null, List.of(new Endpoint(id + "-01", id, townshipId)));
  }

  private static final Directory COUNTY = new Directory("211282", "开原市", List.of(
      new Township("211282101", "甲镇", true, List.of(village("211282101001", "211282101"), village("211282101002", "211282101"),
          village("211282101003", "211282101"))),
      new Township("211282102", "乙镇", true, List.of(village("211282102001", "211282102"))),
      new Township("211282103", "丙镇", true, List.of(village("211282103001", "211282103")))));

  private static DeliveryRecord played(long finishedAt) {
    return new DeliveryRecord(DeliveryState.PLAYED, finishedAt - 50, finishedAt - 40, finishedAt, 0, 0, null, null);
  }

  private static DeliveryRecord state(DeliveryState s) {
    return new DeliveryRecord(s, 0, 0, 0, s.isFinal() ? 5_000 : 0, 0, null, null);
  }

  @Test
  void coverageIsPlayedOverTargetsPerTownshipWithNearestRankTimesAndUntargetedTownshipsLeftOut() {
    Map<String, DeliveryRecord> records = new LinkedHashMap<>();
    records.put("211282101001-01", played(1_300));
    records.put("211282101002-01", played(1_100));
    records.put("211282101003-01", state(DeliveryState.PENDING)); // offline: counts against coverage
    records.put("211282102001-01", state(DeliveryState.FAILED));
    records.put("211282199999-01", played(1_900)); // an endpoint since removed from the directory
    JsonObject figures = new CoverageFigures().add(records, 1_000, COUNTY).toJson(COUNTY);

    JsonArray rows = figures.getJsonArray("townships");
    assertEquals(3, rows.size(), rows.encode()); // 丙镇 had no targets
    JsonObject jia = rows.getJsonObject(0);
    assertEquals("211282101", jia.getString("townshipId"));
    assertEquals("甲镇", jia.getString("townshipName"));
    assertEquals(3L, jia.getLong("targets"));
    assertEquals(2L, jia.getLong("played"));
    assertEquals(1L, jia.getLong("unconfirmed"));
    assertEquals(2.0 / 3, jia.getDouble("coverage"));
    assertEquals(new JsonObject().put("p50Ms", 100L).put("p90Ms", 300L).put("p99Ms", 300L).put("maxMs", 300L),
        jia.getJsonObject("timeToPlayed"));
    JsonObject yi = rows.getJsonObject(1);
    assertEquals(0.0, yi.getDouble("coverage"));
    assertEquals(1L, yi.getLong("failed"));
    assertNull(yi.getJsonObject("timeToPlayed").getLong("p50Ms"));
    assertNull(rows.getJsonObject(2).getString("townshipId"), "the removed endpoint's row");

    JsonObject total = figures.getJsonObject("total");
    assertEquals(5L, total.getLong("targets"));
    assertEquals(3L, total.getLong("played"));
    assertEquals(0.6, total.getDouble("coverage"));
    assertEquals(300L, total.getJsonObject("timeToPlayed").getLong("p50Ms"));
    assertEquals(900L, total.getJsonObject("timeToPlayed").getLong("maxMs"));
  }

  @Test
  void nothingTargetedHasNoCoverageRatherThanZero() {
    JsonObject total = new CoverageFigures().add(Map.of(), 0, COUNTY).total();
    assertEquals(0L, total.getLong("targets"));
    assertNull(total.getValue("coverage"));
  }

  private static Alert alert(AlertState state, long endedAt, String endedBy) {
    return new Alert("a-1", "暴雪红色预警", "请注意", AlertLevel.RED, Targets.everyone(), List.of("dalaba/v1/cmd/all"), 4, 1_000, "duty",
        100_000, 1, 3_000, state, endedAt, endedBy);
  }

  private static List<String> kinds(JsonObject timeline) {
    return timeline.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("kind")).toList();
  }

  @Test
  void theTimelineOfAnApprovedAlertRunsFromAcceptedToCancelledWithEscalationsInTimeOrder() {
    JsonObject stored = new JsonObject().put("createdAt", 1_000).put("state", "cancelled").put("approval", new JsonObject()
        .put("required", true).put("state", "approved").put("requestedBy", "duty").put("requestedAt", 1_000)
        .put("decidedBy", "chief").put("decidedAt", 2_000));
    AlertFacts facts = AlertFacts.of(stored);
    assertEquals(2_000, facts.sentAt(), "sent when approved");
    Map<String, DeliveryRecord> records = new LinkedHashMap<>();
    records.put("e1", played(2_500));
    records.put("e2", played(2_600));
    records.put("e3", played(2_700));
    records.put("e4", state(DeliveryState.CANCELLED));
    List<JsonObject> notifications = List.of(new JsonObject().put("at", 2_650).put("step", 1).put("kind", "notify")
        .put("channel", "wecom").put("village", "211282101003").put("outcome", "sent"));
    JsonObject timeline = AlertTimeline.of(alert(AlertState.CANCELLED, 9_000, "chief"), facts, records, notifications, ms -> "t" + ms);
    assertEquals(List.of("accepted", "approval_requested", "approved", "sent", "first_played", "played_50", "escalation", "cancelled"),
        kinds(timeline));
    JsonArray items = timeline.getJsonArray("items");
    assertEquals("chief", items.getJsonObject(2).getString("by"));
    assertEquals("t2600", items.getJsonObject(5).getString("at"), "2 of 4 targets played at 2,600");
    assertEquals(new JsonObject().put("played", 2).put("targets", 4).put("endpointId", "e2"), items.getJsonObject(5).getJsonObject("details"));
    assertEquals("wecom", items.getJsonObject(6).getJsonObject("details").getString("channel"));
    assertEquals("chief", items.getJsonObject(7).getString("by"));
  }

  @Test
  void anOverrideIsSentAtOnceARejectedAlertIsNeverSentAndAnExerciseSaysSo() {
    JsonObject override = new JsonObject().put("createdAt", 1_000).put("state", "active").put("exercise", true)
        .put("override", new JsonObject().put("by", "chief").put("at", "1970-01-01T08:00:01.000+08:00").put("reason", "堤坝险情"));
    AlertFacts facts = AlertFacts.of(override);
    assertEquals(1_000, facts.sentAt());
    JsonObject timeline = AlertTimeline.of(alert(AlertState.ACTIVE, 0, null), facts, Map.of(), List.of(), ms -> "t" + ms);
    assertEquals(List.of("accepted", "override", "sent"), kinds(timeline));
    assertEquals(true, timeline.getJsonArray("items").getJsonObject(0).getJsonObject("details").getBoolean("exercise"));
    assertEquals("堤坝险情", timeline.getJsonArray("items").getJsonObject(1).getJsonObject("details").getString("reason"));

    AlertFacts rejected = AlertFacts.of(new JsonObject().put("createdAt", 1_000).put("state", "rejected").put("approval", new JsonObject()
        .put("required", true).put("state", "rejected").put("decidedBy", "chief").put("decidedAt", 3_000).put("reason", "内容有误")));
    assertEquals(0, rejected.sentAt());
    assertEquals(List.of("accepted", "approval_requested", "rejected"),
        kinds(AlertTimeline.of(alert(AlertState.ACTIVE, 0, null), rejected, Map.of(), List.of(), ms -> "t" + ms)));
    assertEquals(false, AlertFacts.of(new JsonObject().put("createdAt", 1)).exercise(), "alerts stored before drills existed are real");
  }
}
