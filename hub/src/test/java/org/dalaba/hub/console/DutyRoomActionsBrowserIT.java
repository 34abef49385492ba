package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;

/**
 * What the first round of issue 16 left undone, in Chromium against a real hub and the 113 simulated villages:
 * re-send to one village that missed the alert while online, "phoned" marks one operator makes and another sees,
 * editing a programme. The hub's own re-sends wait ten minutes here, so only the button can make the village play.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DutyRoomActionsBrowserIT {
  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser browser;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(TestHubs.config(dataDir).with(ConfigKey.ALERT_RESEND_AFTER_SECONDS, 600)
        .with(ConfigKey.ALERT_RESEND_MAX_SECONDS, 600), running -> TestFleet.start(running, running.mqttPort()));
    admin = console.admin;
    browser = console.browser;
  }

  @AfterEach
  void logOut() {
    browser.driver.manage().window().setSize(new Dimension(1366, 900));
    browser.forgetSession();
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  private SimEndpoint endpoint(String villageId) {
    return console.fleet.fleet().endpoint(villageId + "-01");
  }

  private String sendAlert(String... villages) {
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "大风预警").put("text", "请注意防范大风")
        .put("level", "orange").put("targets", new JsonObject().put("villages", new JsonArray(java.util.List.of((Object[]) villages))))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    return sent.body().getString("id");
  }

  private void open(Browser in, String hash) {
    in.driver.get(in.driver.getCurrentUrl().replaceAll("#.*", "") + hash);
  }

  @Test
  void aVillageThatMissedTheAlertWhileOnlinePlaysItOnceTheOperatorReSendsIt() throws Exception {
    // GIVEN a village whose speaker lost the alert's command though online, and one that played it
    String lost = QINGYUN + "007";
    String fine = QINGYUN + "008";
    endpoint(lost).loseNextCommands(1);
    String alertId = sendAlert(lost, fine);
    // WHEN the township's operator opens the incident
    browser.login("qingyun-op", PASSWORD);
    open(browser, "#/alerts/" + alertId);
    browser.waitForText("#progress-played", "1");
    // THEN the village waits for confirmation with a re-send button, and one tap makes it play
    browser.find("#unconfirmed-villages tr[data-village='" + lost + "']");
    browser.screenshot("incident-resend");
    browser.find("#resend-" + lost).click();
    browser.waitForText("#progress-played", "2");
    browser.waitForText("#alert-state", "已完成");
    assertEquals(1, endpoint(lost).playLog().size());
  }

  @Test
  void aVillageMarkedPhonedByOneOperatorIsShownToAnother() throws Exception {
    // GIVEN a village offline, so the alert cannot reach it, and a second operator watching the same incident
    String offline = QINGYUN + "009";
    endpoint(offline).disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Browser other = Browser.open(console.hub.httpPort());
    try {
      String alertId = sendAlert(offline, QINGYUN + "010");
      other.login("county-op", PASSWORD);
      open(other, "#/alerts/" + alertId);
      other.find("#call-list li[data-village='" + offline + "']");

      // WHEN the township's operator phones the village and marks it, with a note
      browser.login("qingyun-op", PASSWORD);
      open(browser, "#/alerts/" + alertId);
      browser.find("#phoned-note-" + offline).sendKeys("村主任已用大喇叭通知");
      browser.find("#phoned-" + offline).click();

      // THEN both see who marked it, and the note, without reloading
      browser.waitFor("the mark shown", d -> browser.text("#phoned-by-" + offline).contains("qingyun-op"));
      other.waitFor("the mark shown to the other operator", d -> other.text("#phoned-by-" + offline).contains("qingyun-op"));
      assertTrue(other.text("#phoned-by-" + offline).contains("村主任已用大喇叭通知"));
      assertEquals("true", other.find("#phoned-" + offline).getAttribute("aria-pressed"));
      other.screenshot("incident-phoned-other-operator");
      // AND the hub keeps it: a fresh page shows it too
      other.driver.navigate().refresh();
      other.waitFor("the mark after a reload", d -> other.text("#phoned-by-" + offline).contains("qingyun-op"));
    } finally {
      other.close();
      endpoint(offline).connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aProgrammeIsEditedFromTheProgrammeList() throws Exception {
    // GIVEN a county programme of one text
    ApiClient.Reply made = admin.post("/api/v1/programmes", new JsonObject().put("name", "早间节目")
        .put("items", new JsonArray().add(new JsonObject().put("text", "今天白天晴。"))));
    assertEquals(201, made.status(), made.toString());
    String id = made.body().getString("id");
    // WHEN the county's operator edits it: without a name first, then renamed and with a second text
    browser.login("county-op", PASSWORD);
    open(browser, "#/programmes/programmes");
    browser.find("#programme-edit-" + id).click();
    assertEquals("早间节目", browser.find("#programme-name").getAttribute("value"));
    assertEquals("今天白天晴。", browser.find("#programme-item-0").getAttribute("value"));
    browser.find("#programme-name").clear();
    browser.find("#programme-save").click();
    // THEN the error stands next to the name, in words, and nothing is saved
    browser.waitFor("an error by the name", d -> !browser.all("#programme-form .field-error").isEmpty());
    String error = browser.text("#programme-form .field-error");
    assertTrue(error.matches(".*[\\u4e00-\\u9fff].*") && !error.contains("name"), error);
    assertEquals("早间节目", admin.get("/api/v1/programmes/" + id).body().getString("name"));
    browser.find("#programme-name").sendKeys("午间节目");
    browser.find("#programme-add-text").click();
    browser.find("#programme-item-1").sendKeys("明天有雪。");
    browser.screenshot("programme-edit");
    browser.find("#programme-save").click();
    // THEN the list shows the new name and both texts, and so does the hub
    browser.waitFor("the edited programme listed", d -> browser.text("#programme-list tr[data-programme='" + id + "']").contains("午间节目"));
    assertTrue(browser.text("#programme-list tr[data-programme='" + id + "']").contains("明天有雪。"));
    JsonObject saved = admin.get("/api/v1/programmes/" + id).body();
    assertEquals("午间节目", saved.getString("name"));
    assertEquals(2, saved.getJsonArray("items").size());
  }
}
