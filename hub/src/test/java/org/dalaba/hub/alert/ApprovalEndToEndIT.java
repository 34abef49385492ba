package org.dalaba.hub.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.dalaba.sim.PlayRecord;
import org.dalaba.sim.SimEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-person rule and drills as operators and villages meet them: a real hub under the shipped rule (orange and
 * red wait for a second person; a short approval timeout), the embedded broker and Redis, and the 113 sample villages
 * simulated over MQTT (业民镇's 14 are audio-only speakers). Nothing pending reaches any endpoint; an approved alert
 * plays once everywhere; self-approval, approval without rights over every target, a rejection without a reason and a
 * second decision are refused in words; an unapproved alert expires unsent; an emergency override goes at once and is
 * flagged; a drill carries its marks to every speaker and stays a drill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApprovalEndToEndIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String QINGYUN = "211282101"; // 庆云堡镇
  static final String ZHONGGU = "211282102"; // 中固镇
  static final String YEMIN = "211282107"; // 业民镇: audio-only speakers
  static final String PASSWORD = "approval-test-password";
  /** Short enough to watch an alert expire unapproved, long enough for the other tests to approve in time. */
  static final int APPROVAL_TIMEOUT_SECONDS = 12;

  @TempDir
  static Path dataDir;
  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;
  ApiClient sender;
  ApiClient approver;
  ApiClient secondApprover;
  ApiClient townshipOperator;
  ApiClient villageOperator;
  ApiClient townshipDuty;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.withApproval(dataDir, APPROVAL_TIMEOUT_SECONDS), System.out, TestHubs.ADMIN_PASSWORD);
    fleet = TestFleet.start(hub, hub.mqttPort(), e -> e.townshipId().equals(YEMIN) ? Set.of("audio") : null);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    JsonObject county = new JsonObject().put("kind", "county");
    sender = TestUsers.create(admin, hub.httpPort(), "sender", PASSWORD, "county_operator", county);
    approver = TestUsers.create(admin, hub.httpPort(), "approver", PASSWORD, "county_operator", county);
    secondApprover = TestUsers.create(admin, hub.httpPort(), "approver2", PASSWORD, "emergency_staff", county);
    townshipOperator = TestUsers.create(admin, hub.httpPort(), "qingyun-op", PASSWORD, "township_operator",
        new JsonObject().put("kind", "township").put("id", QINGYUN));
    villageOperator = TestUsers.create(admin, hub.httpPort(), "village-op", PASSWORD, "village_operator",
        new JsonObject().put("kind", "village").put("id", QINGYUN + "001"));
    townshipDuty = TestUsers.create(admin, hub.httpPort(), "zhonggu-duty", PASSWORD, "emergency_staff",
        new JsonObject().put("kind", "township").put("id", ZHONGGU));
    Await.until("all 113 endpoints online", WAIT,
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
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

  @Test
  void aRedAlertWaitsForASecondPersonSendsNothingAndPlaysEverywhereOnceApproved() {
    // GIVEN a county operator sends a red alert to two townships
    ApiClient.Reply sent = sender.post("/api/v1/alerts", alert("red", townships(QINGYUN, ZHONGGU)));

    // THEN it is accepted but waits: 202, pending_approval, durable, listed for approvers
    assertEquals(202, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    assertEquals("pending_approval", sent.body().getString("state"));
    JsonObject pending = admin.get("/api/v1/alerts/" + id).body();
    assertEquals("pending_approval", pending.getString("state"));
    assertEquals("pending", pending.getJsonObject("approval").getString("state"));
    assertEquals("sender", pending.getJsonObject("approval").getString("requestedBy"));
    // AND no endpoint received anything: an alert sent after it to the same villages arrives everywhere first
    assertNothingReached(id, townships(QINGYUN, ZHONGGU));

    // AND the approval list shows it, with what and where, to the approver (who may decide) and the sender (who may not)
    JsonObject item = pendingItem(approver, id);
    assertTrue(item.getBoolean("mayApprove"), item.encode());
    assertEquals(endpointsOf(QINGYUN, ZHONGGU).size(), item.getInteger("endpointCount"));
    assertEquals(List.of("庆云堡镇", "中固镇"), item.getJsonArray("places").stream()
        .map(p -> ((JsonObject) p).getString("name")).toList());
    assertEquals("暴雪红色预警。请村民减少外出，注意防寒保暖。", item.getString("voicedText"));
    JsonObject own = pendingItem(sender, id);
    assertFalse(own.getBoolean("mayApprove"));
    assertTrue(own.getBoolean("own"));

    // WHEN a second county operator approves it
    ApiClient.Reply approved = approver.post("/api/v1/alerts/" + id + "/approve", new JsonObject());

    // THEN it goes out as any alert: every target plays it, once
    assertEquals(200, approved.status(), approved.toString());
    assertEquals("active", approved.body().getString("state"));
    assertEquals("approved", approved.body().getJsonObject("approval").getString("state"));
    assertEquals("approver", approved.body().getJsonObject("approval").getString("decidedBy"));
    List<Endpoint> targets = endpointsOf(QINGYUN, ZHONGGU);
    awaitPlayed(id, targets.size());
    for (Endpoint endpoint : targets) {
      assertEquals(1, playsOf(fleet.fleet().endpoint(endpoint.id()), id), endpoint.id());
    }
    // AND the request and the approval are in the audit trail
    assertAudited("alert.approval_requested", id, "sender");
    assertAudited("alert.approve", id, "approver");
    assertFalse(approvalIds(approver).contains(id), "no longer pending");
    // AND while it waited, the history listed it with zero counts, not missing ones
    JsonObject counts = admin.get("/api/v1/alerts").body().getJsonArray("alerts").stream().map(a -> (JsonObject) a)
        .filter(a -> a.getString("state").equals("pending_approval")).map(a -> a.getJsonObject("counts")).findFirst().orElse(null);
    if (counts != null) {
      assertEquals(0L, counts.getLong("played"), counts.encode());
    }
  }

  @Test
  void nobodyApprovesTheirOwnAlert() {
    String id = pending(alert("orange", townships(ZHONGGU)));
    ApiClient.Reply own = sender.post("/api/v1/alerts/" + id + "/approve", new JsonObject());
    assertEquals(403, own.status(), own.toString());
    assertEquals("不能审批自己发起的预警，须由另一位有权限的人员审批", own.body().getString("message"), own.toString());
    assertEquals(403, sender.post("/api/v1/alerts/" + id + "/reject", new JsonObject().put("reason", "自己驳回")).status());
    assertEquals("pending_approval", admin.get("/api/v1/alerts/" + id).body().getString("state"));
    // AND another person refuses it by rejecting with a reason, not by withdrawing it; the sender may withdraw it
    assertEquals(403, approver.post("/api/v1/alerts/" + id + "/cancel", new JsonObject()).status());
    ApiClient.Reply withdrawn = sender.post("/api/v1/alerts/" + id + "/cancel", new JsonObject());
    assertEquals(200, withdrawn.status(), withdrawn.toString());
    assertEquals("cancelled", withdrawn.body().getString("state"));
    assertNothingReached(id, townships(ZHONGGU));
  }

  @Test
  void operatorsWithoutAlertRightsOverEveryTargetCannotDecide() {
    // GIVEN a red alert to two townships, waiting
    String id = pending(alert("red", townships(QINGYUN, ZHONGGU)));
    // THEN the operator of one of them, a village operator inside it, and a viewer-less outsider cannot decide it
    for (ApiClient partial : List.of(townshipOperator, villageOperator, townshipDuty)) {
      ApiClient.Reply tried = partial.post("/api/v1/alerts/" + id + "/approve", new JsonObject());
      assertEquals(403, tried.status(), tried.toString());
      assertEquals("该预警的发布范围超出您的管辖范围，须由管辖全部目标的人员审批", tried.body().getString("message"));
      assertFalse(pendingItem(partial, id).getBoolean("mayApprove"));
    }
    assertEquals(403, townshipOperator.post("/api/v1/alerts/" + id + "/reject", new JsonObject().put("reason", "不同意")).status());
    // AND the township operator may approve an alert for its own township only
    String own = pending(alert("red", townships(QINGYUN)));
    assertEquals(200, townshipOperator.post("/api/v1/alerts/" + own + "/approve", new JsonObject()).status());
    awaitPlayed(own, endpointsOf(QINGYUN).size());
  }

  @Test
  void aRejectionNeedsAReasonAndNothingIsEverSent() {
    String id = pending(alert("red", townships(QINGYUN)));
    ApiClient.Reply noReason = approver.post("/api/v1/alerts/" + id + "/reject", new JsonObject().put("reason", "  "));
    assertEquals(400, noReason.status(), noReason.toString());
    assertEquals("驳回须填写理由", noReason.body().getString("message"));

    ApiClient.Reply rejected = approver.post("/api/v1/alerts/" + id + "/reject", new JsonObject().put("reason", "内容有误，请核实后重发"));
    assertEquals(200, rejected.status(), rejected.toString());
    assertEquals("rejected", rejected.body().getString("state"));
    assertEquals("内容有误，请核实后重发", rejected.body().getJsonObject("approval").getString("reason"));
    ApiClient.Reply late = secondApprover.post("/api/v1/alerts/" + id + "/approve", new JsonObject());
    assertEquals(409, late.status(), late.toString());
    assertTrue(late.body().getString("message").startsWith("该预警已被驳回"), late.toString());
    assertNothingReached(id, townships(QINGYUN));
    assertAudited("alert.reject", id, "approver");
  }

  @Test
  void twoApproversAtOnceSendItOnce() throws Exception {
    String id = pending(alert("red", townships(ZHONGGU)));
    CompletableFuture<ApiClient.Reply> first = CompletableFuture.supplyAsync(
        () -> approver.post("/api/v1/alerts/" + id + "/approve", new JsonObject()));
    CompletableFuture<ApiClient.Reply> second = CompletableFuture.supplyAsync(
        () -> secondApprover.post("/api/v1/alerts/" + id + "/approve", new JsonObject()));
    List<Integer> statuses = List.of(first.get(30, TimeUnit.SECONDS).status(), second.get(30, TimeUnit.SECONDS).status())
        .stream().sorted().toList();
    assertEquals(List.of(200, 409), statuses);
    List<Endpoint> targets = endpointsOf(ZHONGGU);
    awaitPlayed(id, targets.size());
    for (Endpoint endpoint : targets) {
      assertEquals(1, playsOf(fleet.fleet().endpoint(endpoint.id()), id), endpoint.id());
      assertEquals(1, fleet.fleet().endpoint(endpoint.id()).receivedCommands().stream()
          .filter(c -> id.equals(c.getString("id"))).count(), endpoint.id() + " was sent it once");
    }
  }

  @Test
  void anUnapprovedAlertExpiresUnsentByTheHubsTimer() {
    String id = pending(alert("orange", townships(QINGYUN)));
    JsonObject expired = Await.until("alert " + id + " expired unapproved", WAIT, () -> admin.get("/api/v1/alerts/" + id).body(),
        a -> "expired".equals(a.getString("state")));
    assertEquals("expired", expired.getJsonObject("approval").getString("state"));
    ApiClient.Reply late = approver.post("/api/v1/alerts/" + id + "/approve", new JsonObject());
    assertEquals(409, late.status(), late.toString());
    assertNothingReached(id, townships(QINGYUN));
  }

  @Test
  void anEmergencyOverrideByACountyUserGoesAtOnceAndIsFlaggedEverywhere() {
    // a reason is mandatory, and only a county-level user may override
    JsonObject body = alert("red", townships(QINGYUN)).put("override", new JsonObject().put("reason", "堤坝决口，来不及审批"));
    ApiClient.Reply noReason = sender.post("/api/v1/alerts", alert("red", townships(QINGYUN)).put("override", new JsonObject()));
    assertEquals(400, noReason.status(), noReason.toString());
    assertEquals("紧急越权发布须填写理由", noReason.body().getString("message"));
    ApiClient.Reply township = townshipOperator.post("/api/v1/alerts", body);
    assertEquals(403, township.status(), township.toString());

    // WHEN a county operator overrides
    ApiClient.Reply sent = sender.post("/api/v1/alerts", body);

    // THEN it goes out at once and plays, flagged in the API, the list, the CSV and the audit trail
    assertEquals(201, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    awaitPlayed(id, endpointsOf(QINGYUN).size());
    JsonObject shown = admin.get("/api/v1/alerts/" + id).body();
    assertEquals("堤坝决口，来不及审批", shown.getJsonObject("override").getString("reason"));
    assertEquals("sender", shown.getJsonObject("override").getString("by"));
    assertEquals("overridden", shown.getJsonObject("approval").getString("state"));
    JsonObject listed = admin.get("/api/v1/alerts").body().getJsonArray("alerts").stream().map(a -> (JsonObject) a)
        .filter(a -> a.getString("id").equals(id)).findFirst().orElseThrow();
    assertNotNull(listed.getJsonObject("override"));
    String csvLine = admin.getText("/api/v1/alerts.csv").lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
    assertTrue(csvLine.contains("紧急越权发布") && csvLine.contains("堤坝决口，来不及审批"), csvLine);
    assertAudited("alert.override", id, "sender");
  }

  @Test
  void aDrillIsMarkedToEverySpeakerAndCannotBeMadeARealAlert() throws Exception {
    // GIVEN one speaker offline, so that it gets the drill later by catch-up
    Village late = village(QINGYUN, 2);
    SimEndpoint offline = fleet.fleet().endpoint(late.endpoints().get(0).id());
    offline.disconnect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Await.until("the hub sees it offline", WAIT, () -> !online(offline.id()));

    // WHEN a red drill to 庆云堡镇 and the audio-only 业民镇 is sent and approved
    String id = pending(alert("red", townships(QINGYUN, YEMIN)).put("title", "防汛应急演练").put("exercise", true));
    assertEquals(200, approver.post("/api/v1/alerts/" + id + "/approve", new JsonObject()).status());
    List<Endpoint> targets = endpointsOf(QINGYUN, YEMIN);
    awaitPlayed(id, targets.size() - 1);
    offline.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    awaitPlayed(id, targets.size());

    // THEN every speaker, text or audio-only, online or caught up, played it as a drill
    JsonObject shown = admin.get("/api/v1/alerts/" + id).body();
    assertTrue(shown.getBoolean("exercise"));
    String sha = shown.getJsonObject("media").getString("sha256");
    for (Endpoint endpoint : targets) {
      SimEndpoint simulated = fleet.fleet().endpoint(endpoint.id());
      List<PlayRecord> plays = simulated.playLog().stream().filter(p -> p.commandId().equals(id)).toList();
      assertEquals(1, plays.size(), endpoint.id());
      assertTrue(plays.get(0).exercise(), endpoint.id() + " recorded a drill: " + plays);
      assertTrue(simulated.receivedCommands().stream().filter(c -> id.equals(c.getString("id")))
          .allMatch(c -> Boolean.TRUE.equals(c.getValue("exercise"))), endpoint.id() + " got every copy marked exercise");
      if (endpoint.villageId().startsWith(YEMIN)) {
        assertEquals(sha, plays.get(0).mediaSha256(), endpoint.id() + " played the voiced drill");
      }
    }
    // AND what the hub voiced for audio-only speakers starts and ends with 演练
    String voiced = shown.getString("voicedText");
    assertTrue(voiced.startsWith("演练") && voiced.endsWith("演练。"), voiced);
    assertEquals(AlertVoicing.DRILL_OPENING + "防汛应急演练。请村民减少外出，注意防寒保暖。。" + AlertVoicing.DRILL_CLOSING, voiced);
    String audioName = admin.get("/api/v1/media/" + sha).body().getString("name");
    assertTrue(audioName.startsWith("预警语音：红色 演练，演练。"), audioName);
    // AND the history and the CSV carry it
    String csvLine = admin.getText("/api/v1/alerts.csv").lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
    assertTrue(csvLine.contains(",是,"), csvLine);

    // AND no route turns it into a real alert: there is no edit, and the decision routes leave it a drill
    for (ApiClient.Reply edit : List.of(admin.put("/api/v1/alerts/" + id, new JsonObject().put("exercise", false)),
        admin.post("/api/v1/alerts/" + id, new JsonObject().put("exercise", false)),
        approver.post("/api/v1/alerts/" + id + "/approve", new JsonObject().put("exercise", false)))) {
      assertTrue(edit.status() >= 400, edit.toString());
    }
    assertTrue(admin.get("/api/v1/alerts/" + id).body().getBoolean("exercise"));
    ApiClient.Reply wrongType = sender.post("/api/v1/alerts", alert("blue", townships(QINGYUN)).put("exercise", "no"));
    assertEquals(400, wrongType.status(), wrongType.toString());
  }

  // ---- helpers ----

  static JsonObject alert(String level, JsonObject targets) {
    return new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出，注意防寒保暖。").put("level", level)
        .put("targets", targets);
  }

  static JsonObject townships(String... ids) {
    return new JsonObject().put("townships", new JsonArray(List.of((Object[]) ids)));
  }

  /** Sent by the county operator; asserts it waits for approval; @return its id. */
  String pending(JsonObject body) {
    ApiClient.Reply sent = sender.post("/api/v1/alerts", body);
    assertEquals(202, sent.status(), sent.toString());
    return sent.body().getString("id");
  }

  /**
   * No endpoint under the targets received the alert: a blue alert (which goes at once) sent afterwards to the same
   * targets is played everywhere, so the broker delivered everything sent before it.
   */
  void assertNothingReached(String id, JsonObject targets) {
    ApiClient.Reply barrier = sender.post("/api/v1/alerts", alert("blue", targets).put("title", "蓝色提示"));
    assertEquals(201, barrier.status(), barrier.toString());
    List<Endpoint> endpoints = endpointsOf(targets.getJsonArray("townships").stream().map(String::valueOf).toArray(String[]::new));
    awaitPlayed(barrier.body().getString("id"), endpoints.size());
    for (SimEndpoint endpoint : fleet.fleet().endpoints()) {
      assertTrue(endpoint.receivedCommands().stream().noneMatch(c -> id.equals(c.getString("id"))), endpoint.id() + " got " + id);
      assertEquals(0, playsOf(endpoint, id), endpoint.id());
    }
  }

  void awaitPlayed(String id, int played) {
    Await.until("alert " + id + " played by " + played, WAIT, () -> admin.get("/api/v1/alerts/" + id).body(),
        a -> a.containsKey("counts") && a.getJsonObject("counts").getLong("played", 0L) == played);
  }

  static long playsOf(SimEndpoint endpoint, String id) {
    return endpoint.playLog().stream().filter(p -> p.commandId().equals(id)).count();
  }

  List<Endpoint> endpointsOf(String... townships) {
    Set<String> wanted = Set.of(townships);
    return hub.directory().villages().values().stream().filter(v -> wanted.contains(v.townshipId()))
        .flatMap(v -> v.endpoints().stream()).collect(Collectors.toList());
  }

  Village village(String township, int index) {
    return hub.directory().township(township).orElseThrow().villages().get(index);
  }

  boolean online(String endpointId) {
    for (Object t : admin.get("/api/v1/villages").body().getJsonArray("townships")) {
      for (Object v : ((JsonObject) t).getJsonArray("villages")) {
        for (Object e : ((JsonObject) v).getJsonArray("endpoints")) {
          if (((JsonObject) e).getString("id").equals(endpointId)) {
            return ((JsonObject) e).getBoolean("online");
          }
        }
      }
    }
    throw new AssertionError("no endpoint " + endpointId);
  }

  static JsonObject pendingItem(ApiClient user, String id) {
    ApiClient.Reply list = user.get("/api/v1/approvals");
    assertEquals(200, list.status(), list.toString());
    return list.body().getJsonArray("items").stream().map(i -> (JsonObject) i).filter(i -> i.getString("id").equals(id))
        .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + list));
  }

  static List<String> approvalIds(ApiClient user) {
    return user.get("/api/v1/approvals").body().getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  void assertAudited(String action, String alertId, String user) {
    JsonArray entries = admin.get("/api/v1/audit?limit=1000").body().getJsonArray("entries");
    assertTrue(entries.stream().map(e -> (JsonObject) e).anyMatch(e -> action.equals(e.getString("action"))
        && user.equals(e.getString("user")) && alertId.equals(e.getJsonObject("details").getString("alertId"))),
        action + " by " + user + " for " + alertId + " in " + entries);
  }
}
