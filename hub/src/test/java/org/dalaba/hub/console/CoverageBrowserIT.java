package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Coverage and the incident timeline as an operator meets them in Chromium: the alert view's timeline (accepted →
 * sent → first played → … → 100 %) and coverage per township, the coverage page over a period with the alert and
 * its figures, the printable daily report opened in a window of its own without the console around it, and the
 * audit page's verification of the hash chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CoverageBrowserIT {
  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser browser;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(dataDir, hub -> TestFleet.start(hub, hub.mqttPort()));
    browser = console.browser;
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  private void go(String hash) {
    browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*", "") + hash);
  }

  @Test
  void theAlertViewTheCoveragePageTheDailyReportAndTheAuditCheckShowWhatTheRecordsSay() throws Exception {
    // GIVEN an alert to 庆云堡镇 that every endpoint there played
    ApiClient admin = console.admin;
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "大风蓝色预警").put("text", "请收好晾晒物品。")
        .put("level", "blue").put("targets", new JsonObject().put("townships", new io.vertx.core.json.JsonArray().add(ConsoleHub.QINGYUN)))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    String alertId = sent.body().getString("id");
    long endpoints = console.hub.directory().township(ConsoleHub.QINGYUN).orElseThrow().villages().size();
    Await.until("every endpoint played", Duration.ofSeconds(60), () -> admin.get("/api/v1/alerts/" + alertId).body()
        .getJsonObject("counts").getLong("played") == endpoints);

    // WHEN a county operator opens the alert
    browser.forgetSession();
    browser.login("county-op", ConsoleHub.PASSWORD);
    go("#/alerts/" + alertId);
    // THEN the timeline lists what happened in order, and the coverage per township is 100 %
    browser.find("#incident-timeline li[data-kind=played_100]");
    List<String> kinds = browser.all("#incident-timeline li").stream().map(li -> li.getAttribute("data-kind")).toList();
    assertEquals(List.of("accepted", "sent", "first_played", "played_50", "played_90", "played_100"), kinds);
    assertTrue(browser.text("#incident-timeline li[data-kind=accepted]").contains("admin"));
    assertTrue(browser.text("#incident-timeline li[data-kind=played_100]").contains(endpoints + "/" + endpoints),
        browser.text("#incident-timeline li[data-kind=played_100]"));
    WebElement row = browser.find("#alert-coverage tr[data-township='" + ConsoleHub.QINGYUN + "']");
    assertTrue(row.getText().contains("庆云堡镇") && row.getText().contains("100.0 %"), row.getText());
    assertTrue(browser.text("#alert-coverage tr[data-township=total]").contains("100.0 %"));
    browser.screenshot("alert-timeline-and-coverage");

    // WHEN they open the coverage page, THEN the alert is listed with its figures
    browser.find("#nav-coverage").click();
    WebElement listed = browser.find("#coverage-alerts tr[data-alert='" + alertId + "']");
    assertTrue(listed.getText().contains("大风蓝色预警") && listed.getText().contains("100.0 %"), listed.getText());
    assertTrue(browser.text("#coverage-townships tr[data-township='" + ConsoleHub.QINGYUN + "']").contains(String.valueOf(endpoints)));
    browser.screenshot("coverage-page");

    // WHEN they print the daily report of 庆云堡镇, THEN it opens in a window of its own, with the alert and no console
    new org.openqa.selenium.support.ui.Select(browser.find("#report-township")).selectByValue(ConsoleHub.QINGYUN);
    String console = browser.driver.getWindowHandle();
    browser.find("#report-open").click();
    browser.waitFor("the report window", d -> d.getWindowHandles().size() == 2);
    String report = browser.driver.getWindowHandles().stream().filter(w -> !w.equals(console)).findFirst().orElseThrow();
    browser.driver.switchTo().window(report);
    try {
      WebElement reportRow = browser.waitFor("the alert in the report", d -> d.findElements(By.cssSelector("tr[data-id='" + alertId + "']"))
          .stream().findFirst().orElse(null));
      assertEquals(String.valueOf(endpoints), reportRow.getAttribute("data-played"));
      assertEquals("100.0", reportRow.getAttribute("data-coverage"));
      assertTrue(browser.driver.findElement(By.cssSelector("h1")).getText().contains("庆云堡镇"));
      assertFalse(browser.present("#nav") || browser.present("#logout"), "no console chrome in the report");
      assertTrue(browser.script("return getComputedStyle(document.querySelector('.report table')).borderCollapse === 'collapse'") != null,
          "the report's stylesheet applies");
      browser.screenshot("daily-report");
      Files.writeString(Browser.SCREENSHOTS.resolve("daily-report.html"), browser.driver.getPageSource());
    } finally {
      browser.driver.close();
      browser.driver.switchTo().window(console);
    }

    // AND an administrator's audit page says the trail's hash chain is intact
    browser.logout();
    browser.login("admin", TestHubs.ADMIN_PASSWORD);
    go("#/audit");
    browser.waitFor("the verification result", d -> "true".equals(browser.find("#audit-verify-result").getAttribute("data-intact")));
    assertTrue(browser.text("#audit-verify-result").contains("审计链完整"), browser.text("#audit-verify-result"));
    browser.screenshot("audit-verified");
  }
}
