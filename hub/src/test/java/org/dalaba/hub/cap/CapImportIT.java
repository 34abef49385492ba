package org.dalaba.hub.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CAP 1.2 import and export end to end, on a real hub (embedded broker and Redis) with Kaiyuan's 113 simulated villages,
 * as the weather office's system and an attacker meet {@code POST /api/v1/cap}: a warning plays on the townships its
 * area names and nowhere else, a repeat is the same alert, Update and Cancel chains, a drill is marked to the speakers,
 * every refusal names the problem and leaves nothing, attacks fetch nothing. Every alert touched is exported and the
 * export read back through the shipped schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CapImportIT {
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(60);
  private static final String CAP = "application/cap+xml";
  private static final String WEATHER = "sample.kaiyuan.weather@cma.example";
  private static final String PASSWORD = "cap-test-password";

  @TempDir
  static Path dataDir;
  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    fleet = TestFleet.start(hub, hub.mqttPort());
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    user("weiyuan-op", "township_operator", new JsonObject().put("kind", "township").put("id", "211282104"));
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

  private ApiClient.Reply post(ApiClient client, String document, Map<String, String> values) {
    return client.postBytes("/api/v1/cap", CAP, CapDocuments.bytes(document, values));
  }

  /** The alert's CAP export, read back through the hardened parser and the shipped schema. */
  private CapMessage exported(String alertId) {
    String xml = admin.getText("/api/v1/alerts/" + alertId + "/cap");
    return new CapParser().parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private JsonObject alert(String id) {
    ApiClient.Reply reply = admin.get("/api/v1/alerts/" + id);
    assertEquals(200, reply.status(), reply.toString());
    return reply.body();
  }

  private int alertCount() {
    return admin.get("/api/v1/alerts?limit=500").body().getJsonArray("alerts").size();
  }

  private Set<String> townshipsThatGot(String commandId) {
    Set<String> townships = new java.util.TreeSet<>();
    for (SimEndpoint endpoint : fleet.fleet().endpoints()) {
      if (endpoint.receivedCommands().stream().anyMatch(c -> commandId.equals(c.getString("id")))) {
        townships.add(endpoint.id().substring(0, 9));
      }
    }
    return townships;
  }

  private void awaitPlayedEverywhere(String alertId) {
    Await.until("every target of " + alertId + " played", WAIT, () -> {
      JsonObject counts = alert(alertId).getJsonObject("counts");
      return counts.getLong("played", 0L).equals(counts.getLong("targets"));
    });
  }

  @Test
  void aBlizzardWarningForTwoTownshipsPlaysThereOnlyAndOnceEvenWhenSentTwice() {
    // GIVEN the weather office's blizzard warning for 威远堡镇 and 金沟子镇, in Chinese and English
    Map<String, String> doc = Map.of("identifier", "bz-" + System.nanoTime());
    // WHEN it is posted twice
    ApiClient.Reply first = post(admin, "blizzard-townships-geocode.xml", doc);
    ApiClient.Reply again = post(admin, "blizzard-townships-geocode.xml", doc);

    // THEN the first is a new alert, the second the same one; it plays on every village of those two townships only
    assertEquals(201, first.status(), first.toString());
    String id = first.body().getString("id");
    assertEquals(200, again.status(), again.toString());
    assertEquals(id, again.body().getString("id"));
    assertTrue(again.body().getBoolean("repeated"));
    awaitPlayedEverywhere(id);
    assertEquals(Set.of("211282104", "211282106"), townshipsThatGot(id));
    for (SimEndpoint endpoint : fleet.fleet().endpoints()) {
      assertTrue(endpoint.playLog().stream().filter(p -> id.equals(p.commandId())).count() <= 1, "played twice on " + endpoint.id());
    }

    // AND the alert says where it came from, carries the national fields and English, and exports as CAP
    JsonObject alert = alert(id);
    assertEquals("orange", alert.getString("level"));
    assertEquals(new JsonObject().put("kind", "cap").put("sender", WEATHER).put("identifier", doc.get("identifier")).put("feedId", null),
        alert.getJsonObject("source"));
    String messageId = alert.getJsonObject("national").getString("messageId");
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.BASIC_ISO_DATE);
    assertTrue(messageId.matches("211282000000000000" + today + "\\d{4}"), messageId);
    assertEquals("11B04", alert.getJsonObject("national").getString("eventTypeCode"));
    assertEquals("211282QXT", alert.getJsonObject("national").getString("senderCode"));
    assertFalse(alert.getBoolean("exercise"));
    CapMessage export = exported(id);
    assertEquals(id, export.identifier());
    assertEquals(List.of("zh-CN", "en-US"), export.infos().stream().map(CapMessage.Info::language).toList());
    assertEquals(messageId, CapMessage.Info.valueOf(export.infos().get(0).parameters(), "EBM_MESSAGE_ID"));
    assertEquals(Set.of("211282104", "211282106"), Set.copyOf(export.infos().get(0).areas().get(0).geocodes().stream()
        .map(CapMessage.NameValue::value).toList()));

    // AND the import is in the audit log
    JsonArray audit = admin.get("/api/v1/audit?action=cap.import").body().getJsonArray("entries");
    assertTrue(audit.encode().contains(id) && audit.encode().contains(doc.get("identifier")), audit.encode());
  }

  @Test
  void heavyRainByPolygonPlaysOnTheTownshipsInsideIt() {
    ApiClient.Reply sent = post(admin, "heavy-rain-polygon.xml", Map.of());
    assertEquals(201, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    awaitPlayedEverywhere(id);
    assertEquals(Set.of("211282101", "211282103"), townshipsThatGot(id));
    assertEquals("yellow", alert(id).getString("level"));
    assertEquals("Alert", exported(id).msgType());
  }

  @Test
  void anUpdateReplacesAndACancelEndsTheChain() throws Exception {
    // GIVEN an orange blizzard warning, kept active by a village of 金沟子镇 that is offline
    SimEndpoint offline = fleet.fleet().endpoint("211282106001-01");
    offline.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      chain();
    } finally {
      offline.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private void chain() {
    String identifier = "bz-chain-" + System.nanoTime();
    String sent = CapDocuments.time(java.time.OffsetDateTime.now());
    String first = post(admin, "blizzard-townships-geocode.xml", Map.of("identifier", identifier, "sent", sent)).body().getString("id");
    assertNotNull(first);

    // WHEN the office raises it to red (Update), then lifts it (Cancel), and sends the Cancel again
    String updateId = identifier + "-u";
    ApiClient.Reply updated = post(admin, "blizzard-update.xml", Map.of("identifier", updateId,
        "references", CapDocuments.reference(WEATHER, identifier, sent)));
    assertEquals(201, updated.status(), updated.toString());
    String second = updated.body().getString("id");
    ApiClient.Reply cancelled = post(admin, "cancel.xml", Map.of("identifier", identifier + "-c",
        "references", CapDocuments.reference(WEATHER, updateId, sent) + " " + CapDocuments.reference(WEATHER, identifier, sent)));
    ApiClient.Reply cancelledAgain = post(admin, "cancel.xml", Map.of("identifier", identifier + "-c",
        "references", CapDocuments.reference(WEATHER, updateId, sent)));

    // THEN the first was cancelled by the update, which is red and linked to it; the cancel ended the second
    assertEquals(List.of(first), updated.body().getJsonArray("cancelled").getList());
    assertEquals("cancelled", alert(first).getString("state"));
    JsonObject red = alert(second);
    assertEquals("red", red.getString("level"));
    assertEquals(first, red.getString("replaces"));
    assertEquals(200, cancelled.status(), cancelled.toString());
    assertEquals(List.of(second), cancelled.body().getJsonArray("cancelled").getList());
    assertEquals(List.of(first), cancelled.body().getJsonArray("alreadyEnded").getList());
    assertEquals("cancelled", alert(second).getString("state"));
    assertEquals(200, cancelledAgain.status());
    assertTrue(cancelledAgain.body().getBoolean("repeated"));

    // AND the exports say so: the update references the first, both are Cancel messages now
    CapMessage secondExport = exported(second);
    assertEquals("Cancel", secondExport.msgType());
    assertEquals(second, secondExport.references().get(0).identifier());
    assertEquals("Cancel", exported(first).msgType());
  }

  @Test
  void anUpdateOfAnAlertThatIsStillActiveExportsAsAnUpdate() {
    String identifier = "bz-up-" + System.nanoTime();
    String sent = CapDocuments.time(java.time.OffsetDateTime.now());
    String first = post(admin, "blizzard-townships-geocode.xml", Map.of("identifier", identifier, "sent", sent)).body().getString("id");
    String second = post(admin, "blizzard-update.xml", Map.of("references", CapDocuments.reference(WEATHER, identifier, sent)))
        .body().getString("id");
    CapMessage export = exported(second);
    assertEquals("Update", export.msgType());
    assertEquals(first, export.references().get(0).identifier());
    assertEquals("dalaba.211282", export.references().get(0).sender());
  }

  @Test
  void anExerciseIsMarkedThroughToTheSpeakersAndTheExport() {
    ApiClient.Reply sent = post(admin, "blizzard-townships-geocode.xml", Map.of("status", "Exercise"));
    assertEquals(201, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    assertTrue(alert(id).getBoolean("exercise"));
    Await.until("the speakers got the drill", WAIT, () -> townshipsThatGot(id).size() == 2);
    for (SimEndpoint endpoint : fleet.fleet().endpoints()) {
      endpoint.receivedCommands().stream().filter(c -> id.equals(c.getString("id")))
          .forEach(c -> assertEquals(Boolean.TRUE, c.getBoolean("exercise"), c.encode()));
    }
    assertEquals("Exercise", exported(id).status());
  }

  @Test
  void refusalsNameTheProblemAndLeaveNothingBehind() {
    int before = alertCount();
    String reused = "refused-" + System.nanoTime();
    refused(post(admin, "wrong-order.xml", Map.of("identifier", reused)), 400, "<severity>");
    refused(post(admin, "bad-severity.xml", Map.of("identifier", reused)), 400, "Big");
    refused(post(admin, "bad-time.xml", Map.of("identifier", reused)), 400, "<sent>");
    refused(post(admin, "missing-info.xml", Map.of("identifier", reused)), 422, "<info>");
    refused(post(admin, "outside-county.xml", Map.of("identifier", reused)), 422, "没有覆盖本县");
    refused(post(admin, "blizzard-townships-geocode.xml", Map.of("identifier", reused, "status", "Draft")), 422, "Draft");
    refused(post(admin, "blizzard-townships-geocode.xml", Map.of("identifier", reused,
        "sent", CapDocuments.time(java.time.OffsetDateTime.now().minusHours(3)),
        "expires", CapDocuments.time(java.time.OffsetDateTime.now().minusHours(1)))), 422, "已过期");
    refused(post(admin, "blizzard-update.xml", Map.of("identifier", reused,
        "references", CapDocuments.reference(WEATHER, "never-sent", "2026-12-01T08:00:00+08:00"))), 422, "never-sent");
    refused(post(admin, "cancel.xml", Map.of("identifier", reused,
        "references", CapDocuments.reference(WEATHER, "never-sent", "2026-12-01T08:00:00+08:00"))), 422, "没有的预警");
    refused(admin.postText("/api/v1/cap", "application/json", "{}"), 415, "application/cap+xml");
    refused(admin.postBytes("/api/v1/cap", CAP, new byte[0]), 400, "没有 CAP 文档");
    ApiClient.Reply english = admin.postBytes("/api/v1/cap?lang=en", CAP, CapDocuments.bytes("bad-severity.xml"));
    assertTrue(english.body().getString("messageEn").contains("element <severity>"), english.toString());

    // THEN nothing was created, and the identifier every refusal used is still free
    assertEquals(before, alertCount());
    ApiClient.Reply good = post(admin, "cold-wave-county.xml", Map.of("identifier", reused));
    assertEquals(201, good.status(), good.toString());
    exported(good.body().getString("id"));
  }

  @Test
  void scopeAndRightsAreThoseOfTheAlertsRoute() {
    int before = alertCount();
    // a township operator of 威远堡镇 may not send a warning that also covers 金沟子镇, a viewer none at all
    refused(post(as("weiyuan-op"), "blizzard-townships-geocode.xml", Map.of()), 403, "管辖范围");
    assertEquals(403, post(as("watcher"), "blizzard-townships-geocode.xml", Map.of()).status());
    assertEquals(401, new ApiClient(hub.httpPort()).postBytes("/api/v1/cap", CAP, CapDocuments.bytes("cold-wave-county.xml")).status());
    assertEquals(before, alertCount());
    String own = CapDocuments.text("blizzard-townships-geocode.xml", Map.of())
        .replace("<geocode><valueName>GB/T 10114</valueName><value>211282106</value></geocode>", "");
    ApiClient.Reply sent = as("weiyuan-op").postBytes("/api/v1/cap", "application/xml; charset=utf-8", own.getBytes(StandardCharsets.UTF_8));
    assertEquals(201, sent.status(), sent.toString());
    assertEquals(new JsonObject().put("townships", new JsonArray().add("211282104")), alert(sent.body().getString("id")).getJsonObject("targets"));
    exported(sent.body().getString("id"));
  }

  @Test
  void aDocumentOverTheLimitIsRefusedUnreadInItsOwnWords() {
    byte[] big = new byte[org.dalaba.hub.config.Limits.CAP_DOCUMENT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    refused(admin.postBytes("/api/v1/cap", CAP, big), 413, "最多 512 KiB");
  }

  @Test
  void externalEntitiesXIncludeAndBillionLaughsFetchAndReadNothing() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    listener.start();
    try {
      Path secret = Files.writeString(dataDir.resolve("cap-secret.txt"), "SECRET-CONTENT");
      Map<String, String> values = Map.of("url", "http://127.0.0.1:" + listener.getAddress().getPort() + "/x",
          "file", secret.toUri().toString());
      int before = alertCount();
      for (String attack : List.of("xxe-http.xml", "xxe-dtd.xml", "xinclude.xml", "billion-laughs.xml", "stylesheet.xml")) {
        ApiClient.Reply reply = post(admin, attack, values);
        assertEquals(400, reply.status(), attack + ": " + reply);
        assertFalse(reply.toString().contains("SECRET"), reply.toString());
      }
      assertEquals(List.of(), requests, "no outbound request");
      assertEquals(before, alertCount());
    } finally {
      listener.stop(0);
    }
  }

  @Test
  void consoleAlertsExportAndTheFeedListsCurrentAlerts() throws Exception {
    String console = TestAlerts.toVillages(admin, "大风预警", "211282107001");
    JsonObject alert = alert(console);
    assertEquals("console", alert.getJsonObject("source").getString("kind"));
    assertEquals(30, alert.getJsonObject("national").getString("messageId").length());
    CapMessage export = exported(console);
    assertEquals("Severe", export.infos().get(0).severity());
    assertEquals("211282107001", export.infos().get(0).areas().get(0).geocodes().get(0).value());

    String atom = admin.getText("/api/v1/cap/feed.atom");
    assertTrue(atom.contains(console), atom);
    int entries = atom.split("<entry>", -1).length - 1;
    CapFeedCheck.assertEveryEntryValid(atom, entries);
    assertEquals(401, new ApiClient(hub.httpPort()).get("/api/v1/cap/feed.atom").status());
  }

  private static void refused(ApiClient.Reply reply, int status, String words) {
    assertEquals(status, reply.status(), reply.toString());
    String message = reply.body().getString("messageZh");
    assertNotNull(message, reply.toString());
    assertTrue(message.contains(words), reply.toString());
    assertFalse(message.contains("Exception") || message.contains("org.") || message.contains("javax"), message);
  }
}
