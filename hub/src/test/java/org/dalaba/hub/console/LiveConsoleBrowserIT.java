package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.dalaba.hub.console.ConsoleHub.ZHONGGU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
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
import org.openqa.selenium.interactions.Actions;

/**
 * 喊话 from the console (issue 14, item 1), in Chromium against a real hub and the 113 simulated villages:
 * Chromium's fake microphone plays a tone from a WAV made here, a township operator holds the talk
 * button (and then Space) and every village of the township, and no other, reports the live command
 * received, started and finished; the session's recording lasts about as long as the browser streamed.
 * A township operator is offered, and allowed, no other township.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveConsoleBrowserIT {
  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser browser;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    // what the fake microphone says: a 440 Hz tone (Chromium loops the file)
    Path microphone = Files.write(dataDir.resolve("microphone.wav"), TestAudio.wav(10_000));
    console = ConsoleHub.start(TestHubs.config(dataDir.resolve("hub")), running -> TestFleet.start(running, running.mqttPort()),
        List.of("--use-file-for-fake-audio-capture=" + microphone));
    admin = console.admin;
    browser = console.browser;
  }

  @AfterEach
  void logOut() {
    if (browser != null) {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
      browser.forgetSession();
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  private static boolean hasLive(SimEndpoint endpoint) {
    return endpoint.receivedCommands().stream().anyMatch(c -> "live".equals(c.getString("type")));
  }

  /** Seconds of audio the page has encoded and sent so far (0 before the first page). */
  private double streamedSeconds() {
    String seconds = browser.find("#live-panel").findElement(org.openqa.selenium.By.id("live-encode")).getAttribute("data-seconds");
    return seconds == null ? 0 : Double.parseDouble(seconds);
  }

  private void waitUntilStreamed(double seconds) {
    browser.waitFor(seconds + " s streamed", d -> streamedSeconds() >= seconds);
  }

  @Test
  void aTownshipOperatorSpeaksPushToTalkToItsVillagesAndOnlyThoseHearIt() throws Exception {
    // GIVEN a township operator of 庆云堡镇 (18 villages) on the 喊话 screen
    browser.login("qingyun-op", PASSWORD);
    browser.find("#nav-live").click();
    browser.find("#target-township-" + QINGYUN).click();
    assertTrue(browser.find("#live-level-routine").isSelected(), "a routine announcement unless the operator picks a level");
    assertTrue(browser.find("#live-mode-ptt").isSelected(), "push-to-talk by default");

    // WHEN the session opens
    browser.find("#live-start").click();
    WebElement talk = browser.find("#live-talk");
    browser.waitFor("the source is connected", d -> talk.isEnabled());
    browser.waitForText("#live-onair", "待讲：按住按钮或空格键讲话");
    String id = browser.find("#live-panel").getAttribute("data-session");
    assertTrue(browser.text("#live-countdown").startsWith("剩余 "), browser.text("#live-countdown"));

    // AND the operator holds the talk button for a while: ON AIR while it is held, the meter moves
    new Actions(browser.driver).clickAndHold(talk).perform();
    browser.waitForText("#live-onair", "● 正在播音 ON AIR");
    assertEquals("true", talk.getAttribute("aria-pressed"));
    browser.waitFor("the level meter shows the microphone", d -> browser.script(
        "return Number(document.getElementById('live-meter').dataset.level) > 30"));
    browser.screenshot("live-on-air");
    double pressedAt = streamedSeconds();
    waitUntilStreamed(pressedAt + 3);
    new Actions(browser.driver).release(talk).perform();
    browser.waitForText("#live-onair", "待讲：按住按钮或空格键讲话");
    // AND then holds Space for a second
    new Actions(browser.driver).keyDown(Keys.SPACE).perform();
    browser.waitForText("#live-onair", "● 正在播音 ON AIR");
    double spaceAt = streamedSeconds();
    waitUntilStreamed(spaceAt + 1);
    new Actions(browser.driver).keyUp(Keys.SPACE).perform();
    browser.waitForText("#live-onair", "待讲：按住按钮或空格键讲话");

    // THEN while live the villages of the township report it and the session shows its progress
    Await.until("the township's 18 villages received the live command", Duration.ofSeconds(60),
        () -> admin.get("/api/v1/live/" + id).body().getJsonObject("counts").getInteger("received", 0)
            + admin.get("/api/v1/live/" + id).body().getJsonObject("counts").getInteger("playing", 0) >= 18);
    browser.waitFor("the counts on the screen", d -> "18".equals(browser.text("#live-count-targets")));

    // WHEN the operator stops
    double streamed = streamedSeconds();
    String p50 = browser.find("#live-encode").getAttribute("data-p50");
    String p95 = browser.find("#live-encode").getAttribute("data-p95");
    String arrivalP50 = browser.find("#live-encode").getAttribute("data-arrival-p50");
    String arrivalP95 = browser.find("#live-encode").getAttribute("data-arrival-p95");
    String droppedMs = browser.find("#live-encode").getAttribute("data-dropped-ms");
    JsonObject during = admin.get("/api/v1/live/" + id).body();
    browser.find("#live-stop").click();
    browser.waitForText("#live-onair", "喊话已结束");
    System.out.printf("browser: capture stamp -> script p50 %s ms, p95 %s ms; capture stamp -> encoded packet p50 %s ms, p95 %s ms"
        + " (20 ms Opus frames); %s ms dropped; %.1f s streamed; hub lag %s%n", arrivalP50, arrivalP95, p50, p95, droppedMs, streamed,
        during.getJsonObject("lag"));
    assertTrue(Double.parseDouble(p50) > 0 && Double.parseDouble(p95) >= Double.parseDouble(p50), p50 + " " + p95);

    // THEN every village of 庆云堡镇 reports it finished, and no village elsewhere got anything
    Await.until("all 18 villages finished", Duration.ofSeconds(60),
        () -> admin.get("/api/v1/live/" + id).body().getJsonObject("counts").getInteger("played", 0) == 18);
    JsonObject session = admin.get("/api/v1/live/" + id).body();
    assertEquals(18, session.getJsonObject("counts").getInteger("targets"), session.encode());
    for (SimEndpoint endpoint : console.fleet.fleet().endpoints()) {
      boolean inTownship = endpoint.spec().townshipId().equals(QINGYUN);
      assertEquals(inTownship, hasLive(endpoint), endpoint.id() + (inTownship ? " got the live command" : " is outside the township"));
    }
    // AND the session's recording lasts about as long as the browser streamed
    JsonObject recording = session.getJsonObject("recording");
    assertTrue(recording != null, "the session names its recording: " + session.encode());
    long durationMs = recording.getLong("durationMs");
    assertEquals(streamed * 1000, durationMs, 1500, "recording " + durationMs + " ms, streamed " + streamed + " s");
    assertEquals(200, admin.get("/api/v1/media/" + recording.getString("sha256")).status());
  }

  @Test
  void aTownshipOperatorCannotPickOrOpenAnotherTownship() throws Exception {
    // GIVEN the township operator of 庆云堡镇 on a phone
    browser.driver.manage().window().setSize(new Dimension(360, 740));
    browser.login("qingyun-op", PASSWORD);
    browser.find("#nav-live").click();
    browser.find("#target-township-" + QINGYUN);
    // THEN the picker offers its own township only, and the screen fits the phone
    assertFalse(browser.present("#target-township-" + ZHONGGU), "中固镇 is not offered");
    assertFalse(browser.present("#target-all"), "the whole county is not offered");
    assertEquals(1, browser.all(".target-township").size());
    browser.waitFor("the page fits the phone", d -> browser.script("return document.documentElement.scrollWidth <= window.innerWidth"));
    assertTrue(browser.find("#live-start").isDisplayed());
    browser.screenshot("live-phone");
    // AND the hub refuses it a session to another township, whatever the page sends
    ApiClient asOperator = new ApiClient(console.hub.httpPort()).withToken(browser.sessionToken());
    ApiClient.Reply refused = asOperator.post("/api/v1/live", new JsonObject().put("level", "routine").put("title", "越权")
        .put("maxSeconds", 60).put("targets", new JsonObject().put("townships", new JsonArray().add(ZHONGGU))));
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("targets", refused.body().getString("field"), refused.toString());
    for (SimEndpoint endpoint : console.fleet.fleet().endpoints()) {
      assertFalse(endpoint.spec().townshipId().equals(ZHONGGU) && hasLive(endpoint), endpoint.id());
    }

    // AND on the phone its own township's session shows the ON AIR state and a thumb-sized talk button, without sideways scrolling
    browser.find("#target-township-" + QINGYUN).click();
    browser.find("#live-mode-open").click();
    browser.find("#live-start").click();
    browser.waitForText("#live-onair", "● 正在播音 ON AIR");
    WebElement talk = browser.find("#live-panel");
    assertTrue(browser.all("#live-talk").stream().noneMatch(WebElement::isDisplayed), "open microphone: no talk button");
    browser.find("#live-mode-ptt").click();
    browser.waitForText("#live-onair", "待讲：按住按钮或空格键讲话");
    assertTrue(browser.find("#live-talk").getSize().getHeight() >= 48, "a talk button a thumb can hold");
    assertTrue(browser.script("return document.documentElement.scrollWidth <= window.innerWidth") != null, "fits the phone while live");
    browser.screenshot("live-phone-on-air");
    browser.find("#live-stop").click();
    browser.waitForText("#live-onair", "喊话已结束");
    assertTrue(talk.isDisplayed());
  }
}
