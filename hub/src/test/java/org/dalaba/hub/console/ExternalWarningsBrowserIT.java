package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.cap.feed.FeedServer;
import org.dalaba.hub.cap.feed.TestCap;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Issue 17 item 6 in Chromium against a real hub polling a local CAP feed, with the 113 villages simulated: an
 * external warning arrives on the operator's open page by itself (event, sound), the operator sends it and it plays;
 * another is edited in the pre-filled alert form and sent; and the alert form starts from a pasted CAP document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ExternalWarningsBrowserIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir
  static Path dataDir;
  FeedServer feeds;
  ConsoleHub console;
  Browser browser;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    Browser.requirePrograms();
    feeds = new FeedServer();
    feeds.emptyFeed("qx.atom");
    Path file = dataDir.resolve("cap-sources.json");
    Files.writeString(file, new JsonObject().put("sources", new JsonArray().add(new JsonObject().put("id", "qx")
        .put("name", "铁岭市气象台").put("url", feeds.url("/feeds/qx.atom")).put("kind", "atom").put("pollSeconds", 1)
        .put("timeoutSeconds", 5).put("rules", new JsonArray().add(new JsonObject().put("action", "queue"))))).encode());
    console = ConsoleHub.start(TestHubs.config(dataDir.resolve("hub")).with(ConfigKey.CAP_SOURCES_FILE, file),
        running -> TestFleet.start(running, running.mqttPort()));
    admin = console.admin;
    browser = console.browser;
  }

  @AfterEach
  void logOut() {
    browser.forgetSession();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (console != null) {
        console.close();
      }
    } finally {
      if (feeds != null) {
        feeds.close();
      }
    }
  }

  private void publish(String name, String xml) {
    feeds.document(name, xml.getBytes(StandardCharsets.UTF_8));
    feeds.entry("qx.atom", new FeedServer.Entry("urn:qx:" + name, "2026-12-02T08:00:00+08:00", name, name));
  }

  private WebElement row(String headline) {
    return browser.waitFor("the queue shows " + headline, d -> d.findElements(By.cssSelector("tr.external-item")).stream()
        .filter(r -> r.getText().contains(headline)).findFirst().orElse(null));
  }

  @Test
  void aWarningArrivesWithASoundOnTheOpenQueueAndTheOperatorSendsIt() throws Exception {
    // GIVEN the county operator has the external-warnings page open, and nothing is waiting
    browser.login("county-op", PASSWORD);
    browser.find("#nav-external").click();
    browser.find("#external-list");
    // WHEN the bureau publishes an orange blizzard warning for 庆云堡镇
    publish("b-1.xml", TestCap.warning("b-1", "Severe", QINGYUN, "暴雪橙色预警（浏览器）"));
    // THEN it appears by itself, with its source, level and area, and the sound played
    WebElement row = row("暴雪橙色预警（浏览器）");
    assertTrue(row.getText().contains("铁岭市气象台"), row.getText());
    assertTrue(row.getText().contains("橙色"), row.getText());
    assertTrue(row.getText().contains("开原市"), row.getText());
    browser.waitFor("the arrival sound", d -> browser.script("return Number(document.body.dataset.chimes || 0) >= 1"));
    browser.screenshot("external-warning-queued");
    // WHEN the operator sends it
    row.findElement(By.cssSelector("button[data-action=send]")).click();
    // THEN the alert's progress opens and every village of the township plays it
    browser.waitFor("the alert's progress page", d -> d.getCurrentUrl().contains("#/alerts/"));
    String alertId = browser.driver.getCurrentUrl().replaceAll(".*#/alerts/", "");
    TestAlerts.awaitPlayedEverywhere(admin, alertId, WAIT);
    assertEquals(18, admin.get("/api/v1/alerts/" + alertId).body().getJsonObject("counts").getInteger("targets"));
    JsonObject item = admin.get("/api/v1/cap/queue?state=sent").body().getJsonArray("items").getJsonObject(0);
    assertEquals(alertId, item.getString("alertId"));
    assertEquals("county-op", item.getString("decidedBy"));
  }

  @Test
  void aWarningIsEditedInThePrefilledFormThenSent() {
    publish("b-2.xml", TestCap.warning("b-2", "Moderate", QINGYUN, "寒潮黄色预警（编辑）"));
    browser.login("county-op", PASSWORD);
    browser.find("#nav-external").click();
    row("寒潮黄色预警（编辑）").findElement(By.cssSelector("button[data-action=edit]")).click();
    // the alert form, filled from the warning
    browser.find("#external-editing");
    WebElement title = browser.find("#alert-title");
    browser.waitFor("the title filled in", d -> "寒潮黄色预警（编辑）".equals(title.getAttribute("value")));
    assertTrue(browser.find("#level-yellow").isSelected());
    title.clear();
    title.sendKeys("寒潮黄色预警（已核对）");
    browser.find("#alert-next").click();
    browser.find("#alert-send").click();
    browser.waitFor("the alert's progress page", d -> d.getCurrentUrl().contains("#/alerts/"));
    String alertId = browser.driver.getCurrentUrl().replaceAll(".*#/alerts/", "");
    assertEquals("寒潮黄色预警（已核对）", admin.get("/api/v1/alerts/" + alertId).body().getString("title"));
    TestAlerts.awaitPlayedEverywhere(admin, alertId, WAIT);
    Await.until("the warning is decided", WAIT, () -> admin.get("/api/v1/cap/queue?state=sent").body().getJsonArray("items").stream()
        .anyMatch(i -> alertId.equals(((JsonObject) i).getString("alertId"))));
  }

  @Test
  void theAlertFormStartsFromAPastedCapDocument() {
    browser.login("county-op", PASSWORD);
    browser.find("#nav-send").click();
    browser.find("#cap-start summary").click();
    String xml = TestCap.warning("p-1", "Extreme", "211282", "暴雨红色预警（粘贴）");
    // set the text directly: typing 1,500 characters key by key is slow and tests nothing more
    ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('cap-xml').value = arguments[0]", xml);
    browser.find("#cap-preview").click();
    assertTrue(browser.text("#cap-preview-text").contains("暴雨红色预警（粘贴）"), browser.text("#cap-preview-text"));
    browser.find("#cap-use").click();
    browser.waitFor("the title filled in", d -> "暴雨红色预警（粘贴）".equals(browser.find("#alert-title").getAttribute("value")));
    assertTrue(browser.find("#level-red").isSelected());
    assertTrue(browser.find("#alert-text").getAttribute("value").contains("减少外出"));
    // bad XML: the hub's refusal is shown ("填入表单" closed the box: open it again)
    browser.find("#cap-start summary").click();
    ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('cap-xml').value = '<alert>'");
    browser.find("#cap-preview").click();
    browser.waitFor("the refusal", d -> !d.findElements(By.cssSelector("#cap-preview-result .field-error")).isEmpty());
  }
}
