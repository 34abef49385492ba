package org.dalaba.hub.cap.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * CAP and the two-person rule together, with the shipped rule on (red and orange wait for a second person): a red
 * warning a feed's {@code auto} rule sends goes out at once, its approval naming the feed's rule; the same level
 * imported by an operator through {@code POST /api/v1/cap} waits (202, nothing sent) until another person approves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CapUnderApprovalIT {
  static final String COUNTY = "211282";
  static final Duration WAIT = Duration.ofSeconds(60);

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
    JsonArray sources = new JsonArray().add(new JsonObject().put("id", "qx").put("name", "气象台").put("kind", "atom")
        .put("url", feeds.url("/feeds/qx.atom")).put("pollSeconds", 1).put("timeoutSeconds", 5)
        .put("rules", new JsonArray().add(new JsonObject().put("levels", new JsonArray().add("red")).put("action", "auto"))));
    Path file = dataDir.resolve("cap-sources.json");
    Files.writeString(file, new JsonObject().put("sources", sources).encodePrettily());
    hub = teardown.add(Application.start(TestHubs.withApproval(dataDir.resolve("hub"), 600).with(ConfigKey.CAP_SOURCES_FILE, file),
        System.out, TestHubs.ADMIN_PASSWORD));
    teardown.add(TestFleet.start(hub, hub.mqttPort()));
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    operator = TestUsers.create(admin, hub.httpPort(), "county-op", "cap-approval-password", "county_operator",
        new JsonObject().put("kind", "county"));
    Await.until("all 113 endpoints online", WAIT,
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  private List<JsonObject> alertsTitled(String title) {
    return admin.get("/api/v1/alerts?limit=500").body().getJsonArray("alerts").stream().map(o -> (JsonObject) o)
        .filter(a -> title.equals(a.getString("title"))).toList();
  }

  @Test
  void aFeedsAutoRuleIsTheApprovalSoItsRedWarningGoesOutAtOnce() {
    String xml = TestCap.warning("qx-red-approval", "Extreme", COUNTY, "暴雪红色预警（自动规则）");
    feeds.document("qx-red-approval.xml", xml.getBytes(StandardCharsets.UTF_8));
    feeds.entry("qx.atom", new FeedServer.Entry("urn:test:qx-red-approval", "2026-12-02T08:00:00+08:00", "红色", "qx-red-approval.xml"));

    Await.until("the feed's red warning became an alert", WAIT, () -> alertsTitled("暴雪红色预警（自动规则）").size() == 1);
    String id = alertsTitled("暴雪红色预警（自动规则）").get(0).getString("id");
    TestAlerts.awaitPlayedEverywhere(admin, id, WAIT);
    JsonObject approval = admin.get("/api/v1/alerts/" + id).body().getJsonObject("approval");
    assertEquals("approved", approval.getString("state"));
    assertEquals("feed:qx", approval.getString("decidedBy"));
    assertEquals("外部预警源的自动发布规则（配置）", approval.getString("reason"));
  }

  @Test
  void aRedWarningImportedByAnOperatorWaitsForASecondPerson() {
    String xml = TestCap.warning("op-red-approval", "Extreme", COUNTY, "寒潮红色预警（人工导入）");

    ApiClient.Reply imported = operator.postText("/api/v1/cap", "application/cap+xml", xml);

    assertEquals(202, imported.status(), imported.body().encode());
    assertEquals("pending_approval", imported.body().getString("outcome"));
    String id = imported.body().getString("id");
    JsonObject pending = admin.get("/api/v1/alerts/" + id).body();
    assertEquals("pending_approval", pending.getString("state"));
    assertEquals(0L, pending.getJsonObject("counts").getLong("received", 0L), "nothing is sent before approval");
    assertNull(pending.getJsonObject("override"));

    ApiClient.Reply approved = admin.post("/api/v1/alerts/" + id + "/approve", new JsonObject());

    assertEquals(200, approved.status(), approved.body().encode());
    TestAlerts.awaitPlayedEverywhere(admin, id, WAIT);
    assertEquals("admin", admin.get("/api/v1/alerts/" + id).body().getJsonObject("approval").getString("decidedBy"));
  }
}
