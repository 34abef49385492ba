package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.cap.CapDocuments;
import org.dalaba.hub.cap.CapMessage;
import org.dalaba.hub.cap.CapParser;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestAlerts;
import org.dalaba.hub.testing.TestFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * An operator in Chromium reads in the alert history where each alert came from (typed in, or imported as CAP from
 * the weather office, a drill marked), and saves an alert as CAP 1.2, which validates against the shipped schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CapHistoryBrowserIT {
  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser browser;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(dataDir, running -> TestFleet.start(running, 0.1, 60));
    browser = console.browser;
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void theHistoryShowsTheSourceAndSavesTheCapExport() throws Exception {
    // GIVEN an alert typed in and a drill imported from the weather office's CAP message
    String typed = TestAlerts.toVillages(console.admin, "村委会通知", "211282101001");
    ApiClient.Reply imported = console.admin.postBytes("/api/v1/cap", "application/cap+xml",
        CapDocuments.bytes("blizzard-townships-geocode.xml", Map.of("status", "Exercise")));
    assertEquals(201, imported.status(), imported.toString());
    String drill = imported.body().getString("id");

    // WHEN the county operator opens the history
    browser.login("county-op", ConsoleHub.PASSWORD);
    browser.find("#nav-history").click();
    WebElement drillRow = browser.find("tr[data-alert='" + drill + "']");
    WebElement typedRow = browser.find("tr[data-alert='" + typed + "']");

    // THEN each row says where the alert came from, and the drill is marked
    assertTrue(drillRow.findElement(org.openqa.selenium.By.cssSelector(".source")).getText()
        .contains("CAP 导入（sample.kaiyuan.weather@cma.example）"), drillRow.getText());
    assertTrue(drillRow.getText().contains("演练"), drillRow.getText());
    assertEquals("手工录入", typedRow.findElement(org.openqa.selenium.By.cssSelector(".source")).getText());
    browser.screenshot("history-cap-source");

    // AND the CAP button saves the alert as CAP 1.2 that the shipped schema accepts
    drillRow.findElement(org.openqa.selenium.By.cssSelector("button.cap-export")).click();
    Path saved = browser.download(".cap.xml");
    CapMessage message = new CapParser().parse(Files.readAllBytes(saved));
    assertEquals(drill, message.identifier());
    assertEquals("Exercise", message.status());
  }
}
