package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 11, finding 1 in the console (real Chromium): a village operator sees the county's schedule,
 * programme and recording it may use, but no button to edit, pause, resume or delete them; its own
 * schedule keeps those buttons. The live event stream opens with a ticket, not the token in the URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleScopeIT {
  static final String VILLAGE = "211282101001";
  static final String PASSWORD = "console-scope-password";

  @TempDir
  static Path dataDir;
  RunningHub hub;
  Browser browser;
  ApiClient admin;
  String countySchedule;
  String ownSchedule;
  String countyProgramme;
  String countyMedia;

  @BeforeAll
  void start() throws Exception {
    Browser.requirePrograms();
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    assertEquals(201, admin.post("/api/v1/users", new JsonObject().put("username", "v-op").put("password", PASSWORD)
        .put("role", "village_operator").put("scope", new JsonObject().put("kind", "village").put("id", VILLAGE))).status());
    ApiClient villageOp = new ApiClient(hub.httpPort()).login("v-op", PASSWORD);
    countyMedia = admin.postBytes("/api/v1/media?name=" + "county-tone", "audio/wav", TestAudio.wav(400)).body().getString("sha256");
    countyProgramme = admin.post("/api/v1/programmes", new JsonObject().put("name", "县节目")
        .put("items", new JsonArray().add(new JsonObject().put("media", countyMedia)))).body().getString("id");
    countySchedule = admin.post("/api/v1/schedules", schedule("全县广播", new JsonObject().put("all", true))).body().getString("id");
    ownSchedule = villageOp.post("/api/v1/schedules", schedule("本村广播", new JsonObject().put("villages", new JsonArray().add(VILLAGE))))
        .body().getString("id");
    browser = Browser.open(hub.httpPort());
  }

  private JsonObject schedule(String name, JsonObject targets) {
    return new JsonObject().put("name", name).put("programmeId", countyProgramme).put("targets", targets)
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("06:30")));
  }

  @AfterEach
  void logOut() {
    if (browser != null) {
      browser.forgetSession();
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private static long buttons(WebElement row) {
    return row.findElements(By.cssSelector("button")).stream().filter(b -> !b.getAttribute("class").contains("media-play")).count();
  }

  @Test
  void aVillageOperatorSeesNoActionsOnCountyMaterial() throws Exception {
    browser.login("v-op", PASSWORD);
    browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*$", "") + "#/programmes/schedules");
    WebElement county = browser.find("tr[data-schedule='" + countySchedule + "']");
    WebElement own = browser.find("tr[data-schedule='" + ownSchedule + "']");
    assertEquals(0, buttons(county), "no edit, pause or delete on the county's schedule: " + county.getText());
    assertTrue(county.getText().contains("仅可查看"), county.getText());
    assertEquals(3, buttons(own), "its own schedule can be edited, paused and deleted: " + own.getText());
    browser.screenshot("scope-village-schedules");

    browser.find("#tab-programmes").click();
    WebElement programme = browser.find("tr[data-programme='" + countyProgramme + "']");
    assertEquals(0, buttons(programme), programme.getText());
    browser.find("#tab-media").click();
    WebElement media = browser.find("tr[data-media='" + countyMedia + "']");
    assertEquals(0, buttons(media), "only play, no delete: " + media.getText());
    assertTrue(browser.present("tr[data-media='" + countyMedia + "'] .media-play"), "the recording can still be played");
    browser.screenshot("scope-village-media");
  }

  @Test
  void theLiveStreamOpensWithATicketNotTheSessionToken() throws Exception {
    // the hub refuses the session token in the URL, so a live overview proves the console used a ticket
    browser.login("v-op", PASSWORD);
    browser.find(".live-dot.up");
    browser.screenshot("scope-live-stream");
  }
}
