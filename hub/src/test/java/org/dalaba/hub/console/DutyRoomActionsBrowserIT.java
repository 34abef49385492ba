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
import org.dalaba.hub.testing.TestAlerts;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * What the first round of issue 16 left undone, in Chromium against a real hub and the 113 simulated villages:
 * re-send to one village that missed the alert while online, "phoned" marks one operator makes and another sees,
 * editing a programme, and villages grouped on the map where their dots would overlap. The hub's own re-sends wait ten minutes here, so only the button can make the village play.
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
    return console.endpoint(villageId);
  }

  private String sendAlert(String... villages) {
    return TestAlerts.toVillages(admin, "大风预警", villages);
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

  private Object js(String script) {
    return browser.driver.executeScript(script);
  }

  private WebElement focused() {
    return browser.driver.switchTo().activeElement();
  }

  @Test
  void onAPhoneVillagesTooCloseToTellApartAreOneMarkerThatOpensOnATapOrFromTheKeyboard() throws Exception {
    // GIVEN a viewer on the county map on a phone
    browser.driver.manage().window().setSize(new Dimension(360, 740));
    browser.login("watcher", PASSWORD);
    browser.find("#show-map").click();
    browser.waitFor("113 villages on the map", d -> browser.all("#county-map circle.village").size() == 113);
    // THEN villages whose dots would overlap are grouped: each group shows its number, and every village is on the
    // map either alone or in exactly one group
    browser.waitFor("groups on the map", d -> !browser.all("#county-map circle.cluster").isEmpty());
    long grouped = ((Number) js("return [...document.querySelectorAll('#county-map circle.cluster')]"
        + ".reduce((n, c) => n + c.dataset.cluster.split(' ').length, 0)")).longValue();
    long alone = ((Number) js("return [...document.querySelectorAll('#county-map circle.village')]"
        + ".filter(c => c.getBoundingClientRect().width > 0).length")).longValue();
    assertEquals(113, grouped + alone, grouped + " grouped, " + alone + " alone");
    assertEquals(Boolean.TRUE, js("return [...document.querySelectorAll('#county-map circle.cluster')].every(c => "
        + "c.nextElementSibling.textContent === String(c.dataset.cluster.split(' ').length))"));
    browser.screenshot("phone-map-clusters");

    // WHEN Tab reaches the map and the left arrow goes round to the last group
    browser.waitFor("tab reaches the map", d -> {
      focused().sendKeys(Keys.TAB);
      return "circle".equals(focused().getTagName()) ? true : null;
    });
    focused().sendKeys(Keys.ARROW_LEFT);
    WebElement group = focused();
    assertTrue(group.getAttribute("class").contains("cluster"), group.getAttribute("class"));
    // THEN a screen reader hears how many villages, which, and how they stand
    String words = group.getAttribute("aria-label");
    String firstName = (String) js("return document.querySelector(`#county-map circle[data-village='${document.activeElement.dataset.cluster"
        + ".split(' ')[0]}'] title`).textContent");
    assertTrue(words.contains("个村") && words.contains(firstName) && words.contains("在线"), words);
    assertEquals("false", group.getAttribute("aria-expanded"));

    // WHEN Enter opens it, THEN its villages are shown around it and the first has the focus
    focused().sendKeys(Keys.ENTER);
    assertEquals("true", group.getAttribute("aria-expanded"));
    WebElement member = focused();
    assertTrue(group.getAttribute("data-cluster").contains(member.getAttribute("data-village")), member.getAttribute("data-village"));
    assertTrue(member.isDisplayed());
    // AND Escape closes it again, back on the group
    member.sendKeys(Keys.ESCAPE);
    assertEquals("false", group.getAttribute("aria-expanded"));
    assertEquals(group, focused());
    assertTrue(!member.isDisplayed());

    // WHEN it is tapped open and a village in it tapped, THEN that village's card comes
    group.click();
    assertEquals("true", group.getAttribute("aria-expanded"));
    String name = member.findElement(org.openqa.selenium.By.tagName("title")).getAttribute("textContent");
    member.click();
    browser.waitFor("the village's card", d -> browser.find("#village-detail").getText().contains(name));
    browser.screenshot("phone-map-cluster-open");
  }
}
