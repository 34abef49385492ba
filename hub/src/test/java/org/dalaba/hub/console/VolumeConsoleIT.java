package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** A township operator sets their township's volume in the console (Chromium) and sees every endpoint confirm it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VolumeConsoleIT {
  static final String QINGYUN = "211282101"; // 庆云堡镇, 18 villages
  static final String ZHONGGU = "211282102";
  static final String PASSWORD = "console-test-password";

  @TempDir
  static Path dataDir;
  private final Teardown teardown = new Teardown();
  RunningHub hub;
  Browser browser;

  @BeforeAll
  void start() throws Exception {
    Browser.requirePrograms();
    hub = teardown.add(Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD));
    teardown.add(TestFleet.start(hub, hub.mqttPort()));
    ApiClient admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    ApiClient.Reply created = admin.post("/api/v1/users", new JsonObject().put("username", "qingyun-op").put("password", PASSWORD)
        .put("role", "township_operator").put("scope", new JsonObject().put("kind", "township").put("id", QINGYUN)));
    assertEquals(201, created.status(), created.toString());
    Await.until("all 113 endpoints online", Duration.ofSeconds(45),
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
    browser = Browser.open(hub.httpPort());
    teardown.add(browser);
  }

  @AfterAll
  void stop() throws Exception {
    teardown.close();
  }

  @Test
  void aTownshipOperatorSetsTheTownshipsVolumeAndSeesEachEndpointConfirmIt() throws Exception {
    long endpoints = hub.directory().township(QINGYUN).orElseThrow().villages().stream().mapToLong(v -> v.endpoints().size()).sum();
    // GIVEN a township operator on the overview: the volume panel offers only their township and its villages
    browser.login("qingyun-op", PASSWORD);
    WebElement target = browser.find("#volume-target");
    assertTrue(browser.present("#volume-target option[value='township:" + QINGYUN + "']"));
    assertFalse(browser.present("#volume-target option[value='township:" + ZHONGGU + "']"), "another township is offered");
    assertFalse(browser.present("#volume-target option[value='all']"), "the whole county is offered");
    // WHEN they set the whole township to 45
    new Select(target).selectByValue("township:" + QINGYUN);
    WebElement volume = browser.find("#volume-value");
    volume.clear();
    volume.sendKeys("45");
    browser.find("#volume-set").click();
    // THEN every endpoint of the township shows as applied, and the summary says so
    browser.waitFor("every endpoint confirmed", d -> browser.all("#volume-endpoints tr[data-state=played]").size() == endpoints);
    assertTrue(browser.find("#volume-summary").getText().contains(endpoints + "/" + endpoints), browser.find("#volume-summary").getText());
    browser.screenshot("volume-township-confirmed");
    // AND the list shows the new volume the speakers report
    browser.find("#show-list").click();
    browser.waitFor("the list shows volume 45 for every village of the township", d -> {
      var rows = browser.all("#village-list section[data-township='" + QINGYUN + "'] tbody tr");
      return !rows.isEmpty() && rows.stream().allMatch(r -> r.findElements(org.openqa.selenium.By.cssSelector("td")).get(3)
          .getText().trim().equals("45"));
    });
    browser.screenshot("volume-township-list");
    // AND a value out of range (past the form's own check) is refused by the hub with a message in Chinese
    browser.driver.executeScript("document.getElementById('volume-value').removeAttribute('max')");
    volume = browser.find("#volume-value");
    volume.clear();
    volume.sendKeys("150");
    browser.find("#volume-set").click();
    browser.waitFor("the refusal is shown", d -> browser.find("#volume-form").getText().contains("0 到 100"));
  }
}
