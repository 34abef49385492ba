package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (Debian Chromium, headless) against a real hub with the 113 sample
 * villages simulated over MQTT. Each test leaves a screenshot under target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleBrowserIT {
  static final String QINGYUN = ConsoleHub.QINGYUN;
  static final String ZHONGGU = ConsoleHub.ZHONGGU;
  static final String PASSWORD = ConsoleHub.PASSWORD;
  static final Map<String, List<String>> USERS = ConsoleHub.USERS;

  @TempDir
  static Path dataDir;
  ConsoleHub console;
  RunningHub hub;
  TestFleet fleet;
  Browser browser;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(dataDir, running -> TestFleet.start(running, running.mqttPort()));
    hub = console.hub;
    fleet = console.fleet;
    admin = console.admin;
    browser = console.browser;
  }

  @AfterEach
  void logOut() {
    if (browser != null) {
      browser.forgetSession();
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  @Test
  @Order(1)
  void everyRoleLogsInAndSeesOnlyWhatItMayUse() throws Exception {
    // GIVEN one user per role, WHEN each logs in, THEN the header names the role and the menu fits it
    for (Map.Entry<String, List<String>> user : USERS.entrySet()) {
      browser.login(user.getKey(), PASSWORD);
      browser.waitFor("header names the role of " + user.getKey(), d -> browser.find("#who").getText().contains(user.getValue().get(3)));
      boolean sends = !user.getValue().get(0).equals("viewer");
      assertEquals(sends, browser.present("#nav-send"), user.getKey() + " send menu");
      assertFalse(browser.present("#nav-users"), user.getKey() + " has no user management");
      browser.screenshot("login-" + user.getValue().get(0));
      browser.logout();
    }
    browser.login("admin", TestHubs.ADMIN_PASSWORD);
    browser.find("#nav-users").click();
    browser.find("#user-list tr[data-user=qingyun-op]");
    browser.find("#nav-audit").click();
    browser.waitFor("the audit log lists the logins", d -> browser.find("#audit-results").getText().contains("qingyun-op"));
    browser.screenshot("login-admin-audit");
  }

  @Test
  @Order(2)
  void aCountyOperatorSendsARedAlertToOneTownshipAndWatchesItPlay() throws Exception {
    // GIVEN a county operator on the overview, with all 113 villages online on the map
    browser.login("county-op", PASSWORD);
    browser.waitForText("#count-online", "113");
    browser.waitFor("113 villages on the map", d -> browser.all("#county-map circle.village.online").size() == 113);
    browser.screenshot("overview-map");
    browser.find("#show-list").click();
    browser.find("#village-list section[data-township='" + ZHONGGU + "']");
    browser.screenshot("overview-list");
    // AND one village of 庆云堡镇 offline
    SimEndpoint offline = fleet.fleet().endpoint(QINGYUN + "001-01");
    offline.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    browser.waitForText("#count-offline", "1");
    // WHEN they send a red blizzard warning to 庆云堡镇 after confirming 18 villages
    browser.find("#nav-send").click();
    browser.find("#alert-template option[value=blizzard]").click();
    browser.find("label.level-red").click();
    browser.find("#target-township-" + QINGYUN).click();
    if (new java.io.File("/usr/bin/espeak-ng").canExecute()) { // the hub voices the text for a preview
      browser.find("#listen").click();
      browser.waitFor("the spoken preview", d -> browser.find("#speech-audio").getAttribute("src").startsWith("blob:"));
    }
    browser.find("#alert-next").click();
    browser.waitFor("the confirmation counts 18 villages", d -> browser.find("#confirm-counts").getText().contains("18 个村"));
    browser.screenshot("alert-confirm");
    browser.find("#alert-send").click();
    // THEN the progress view shows 17 played and the offline village, with its contact, as one to call
    browser.waitForText("#progress-targets", "18");
    browser.waitForText("#progress-played", "17");
    WebElement unconfirmed = browser.find("#call-list li[data-village='" + QINGYUN + "001']");
    assertTrue(unconfirmed.getText().contains("024-0000-0001"), unconfirmed.getText());
    browser.screenshot("alert-progress");
    // AND once the village is back, progress reaches the township's 18 villages
    offline.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    browser.waitForText("#progress-played", "18");
    browser.find("#all-confirmed");
    browser.screenshot("alert-progress-complete");
    // AND the village export has one row per village of the township
    browser.find("#export-villages").click();
    Path csv = browser.download("-villages.csv");
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertEquals(1 + 18, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("乡镇") && lines.get(1).contains("庆云堡镇"), lines.get(0) + " / " + lines.get(1));
    assertTrue(lines.stream().skip(1).allMatch(l -> l.contains("已播放")), "every village played");
  }

  @Test
  @Order(3)
  void aTownshipOperatorCannotSeeOrTargetAnotherTownship() throws Exception {
    // GIVEN the operator of 庆云堡镇
    browser.login("qingyun-op", PASSWORD);
    browser.waitForText("#count-villages", "18");
    browser.find("#show-list").click();
    // THEN only its township is listed and offered as a target
    browser.find("#village-list section[data-township='" + QINGYUN + "']");
    assertEquals(1, browser.all("#village-list section.township").size());
    browser.find("#nav-send").click();
    browser.find("#target-township-" + QINGYUN);
    assertFalse(browser.present("#target-all"));
    assertFalse(browser.present("#target-township-" + ZHONGGU));
    browser.screenshot("township-operator-send");
    // AND the API refuses a request forced with its session
    ApiClient forced = new ApiClient(hub.httpPort()).withToken(browser.sessionToken());
    ApiClient.Reply refused = forced.post("/api/v1/alerts", new JsonObject().put("title", "越权测试").put("text", "不应播出")
        .put("level", "red").put("targets", new JsonObject().put("townships", new JsonArray().add(ZHONGGU))));
    assertEquals(403, refused.status(), refused.toString());
    assertEquals(403, forced.get("/api/v1/audit").status());
  }

  @Test
  @Order(4)
  void formErrorsAppearNextToTheFieldInThePagesLanguage() throws Exception {
    // GIVEN emergency staff on the send page, with nothing filled in but a target
    browser.login("duty", PASSWORD);
    browser.find("#nav-send").click();
    browser.find("#target-township-" + ZHONGGU).click();
    // WHEN they go on without a title, THEN the error stands in the title's field, in Chinese
    browser.find("#alert-next").click();
    WebElement error = browser.find("#alert-title + .field-error, .field:has(#alert-title) .field-error");
    assertTrue(error.getText().contains("必填"), error.getText());
    assertEquals("true", browser.find("#alert-title").getAttribute("aria-invalid"));
    browser.screenshot("form-error-zh");
    // AND in English after switching, which keeps the half-filled form (the township stays chosen)
    browser.find("#lang").click();
    browser.waitFor("the township still chosen", d -> browser.find("#target-township-" + ZHONGGU).isSelected());
    browser.find("#alert-title").sendKeys("Test");
    browser.find("#alert-next").click();
    WebElement english = browser.find(".field:has(#alert-text) .field-error");
    assertTrue(english.getText().contains("required"), english.getText());
    browser.screenshot("form-error-en");
    browser.find("#lang").click();
  }

  @Test
  @Order(5)
  void theKeyboardAlonePicksAVillageOnTheMap() throws Exception {
    // GIVEN the login form, used with the keyboard only
    browser.home();
    browser.find("input[name=username]").sendKeys("watcher", Keys.TAB, PASSWORD, Keys.ENTER);
    browser.find("#logout");
    // WHEN a village dot is reached by Tab and opened with Enter
    browser.waitForText("#count-online", "113");
    browser.find("#show-map").click();
    WebElement dot = browser.find("#county-map circle.village");
    browser.waitFor("tab reaches the first village", d -> {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      return "circle".equals(browser.driver.switchTo().activeElement().getTagName()) ? true : null;
    });
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    // THEN its details are shown
    browser.waitFor("village details", d -> browser.find("#village-detail").getText().contains("联系人"));
    browser.screenshot("keyboard-village-detail");
    assertTrue(dot.isDisplayed());
    assertFalse(browser.present("#nav-send"), "a viewer cannot send");
    browser.driver.findElement(By.cssSelector("#nav-history")).click();
    browser.find("#history-results table");
  }

  @Test
  @Order(6)
  void onAPhoneThePagesFitTheScreenWidth() throws Exception {
    // GIVEN a phone-sized window
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      browser.login("qingyun-op", PASSWORD);
      browser.waitForText("#count-villages", "18");
      browser.find("#show-list").click();
      browser.find("#village-list section.township");
      // THEN nothing makes the page scroll sideways (wide tables scroll inside their own box)
      for (String page : List.of("#/overview", "#/send", "#/history")) {
        browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*", "") + page);
        browser.find("#main h1");
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser.driver)
            .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) overflow).longValue() <= 0, page + " overflows by " + overflow + " px");
      }
      browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*", "") + "#/overview");
      browser.find("#show-list").click();
      browser.find("#village-list section.township");
      browser.screenshot("phone-overview-list");
    } finally {
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    }
  }

  @Test
  @Order(7)
  void anAdministratorPreviewsADirectoryImportAndDownloadsEndpointCredentials() throws Exception {
    // GIVEN the sample directory as CSV with one more village
    Path file = Files.createTempFile("directory-", ".csv");
    Files.writeString(file, org.dalaba.hub.directory.DirectoryParser.toCsv(hub.directory())
        + "211282105,马家寨镇,211282105099,新建村（样例）,,村委会（样例）,024-0000-0999,42.6,124.1,true\r\n");
    browser.login("admin", TestHubs.ADMIN_PASSWORD);
    browser.find("#nav-directory").click();
    // WHEN it is previewed
    browser.find("#directory-file").sendKeys(file.toAbsolutePath().toString());
    browser.find("#directory-preview-button").click();
    // THEN the preview names the change, and nothing changed yet
    browser.waitFor("the preview lists one new village", d -> browser.find("#directory-preview").getText().contains("新增村：1"));
    browser.screenshot("directory-preview");
    assertEquals(113, hub.directory().villages().size());
    // AND an endpoint's provisioning file downloads with its secret
    new org.openqa.selenium.support.ui.Select(browser.find("#credential-endpoint")).selectByValue(QINGYUN + "002-01");
    browser.find("#credential-download").click();
    JsonObject credentials = new JsonObject(Files.readString(browser.download(QINGYUN + "002-01.json")));
    assertEquals(hub.credentials().endpointSecrets().get(QINGYUN + "002-01"), credentials.getString("password"));
    Files.delete(file);
  }

  @Test
  @Order(8)
  void anAdministratorCreatesATownshipOperatorWhoThenLogsIn() throws Exception {
    browser.login("admin", TestHubs.ADMIN_PASSWORD);
    browser.find("#nav-users").click();
    browser.find("#user-new").click();
    browser.find("#user-username").sendKeys("zhonggu-op");
    new org.openqa.selenium.support.ui.Select(browser.find("#user-role")).selectByValue("township_operator");
    new org.openqa.selenium.support.ui.Select(browser.find("#user-scope")).selectByValue("township:" + ZHONGGU);
    // WHEN the password is too short, THEN the error stands next to the password
    browser.find("#user-password").sendKeys("short");
    browser.find("#user-save").click();
    WebElement error = browser.find(".field:has(#user-password) .field-error");
    assertTrue(error.getText().contains("至少 10"), error.getText());
    browser.screenshot("users-form-error");
    // AND with a good one the user is listed and can log in, seeing 中固镇 only
    browser.find("#user-password").sendKeys("-is-now-long-enough");
    browser.find("#user-save").click();
    browser.find("#user-list tr[data-user=zhonggu-op]");
    browser.logout();
    browser.login("zhonggu-op", "short-is-now-long-enough");
    browser.waitForText("#count-villages", "15");
  }

  @Test
  @Order(9)
  void anUploadedRecordingPlaysBackInTheBrowser() throws Exception {
    // GIVEN a county operator in the media library and a three-second WAV on disk
    Path wav = dataDir.resolve("tone.wav");
    Files.write(wav, TestAudio.wav(3_000));
    browser.login("county-op", PASSWORD);
    browser.find("#nav-programmes").click();
    browser.find("#tab-media").click();
    // WHEN they upload it and press play
    browser.find("#media-file").sendKeys(wav.toAbsolutePath().toString());
    browser.find("#media-name").clear();
    browser.find("#media-name").sendKeys("试音");
    browser.find("#media-upload").click();
    browser.waitFor("the upload is listed", d -> browser.find("#media-list").getText().contains("试音"));
    browser.find("#media-list tr:first-child .media-play").click();
    // THEN the browser plays it: the audio element's time advances (or it has already ended)
    browser.waitFor("the recording plays", d -> browser.script(
        "const a = document.getElementById('media-player'); return a.ended || a.currentTime > 0.2;"));
    assertTrue(browser.find("#media-now").getText().contains("试音"));
    browser.screenshot("routine-media-playback");
  }

  @Test
  @Order(10)
  void aScheduleCreatedFromTheCalendarAppearsInTheApi() throws Exception {
    // GIVEN a programme, an evening schedule for one village, and a township operator on this week's calendar
    ApiClient.Reply programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "早间节目")
        .put("items", new JsonArray().add(new JsonObject().put("text", "今天白天晴。"))));
    assertEquals(201, programme.status(), programme.toString());
    assertEquals(201, admin.post("/api/v1/schedules", new JsonObject().put("name", "晚间广播").put("programmeId", programme.body().getString("id"))
        .put("targets", new JsonObject().put("villages", new JsonArray().add(QINGYUN + "002")))
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("18:00")))).status());
    browser.login("qingyun-op", PASSWORD);
    browser.find("#nav-programmes").click();
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    browser.find(".calendar .day.today[data-day='" + today + "']");
    // WHEN they add a schedule on today's column without a name, THEN the error stands next to the name
    browser.find("#day-add-" + today).click();
    browser.find("#target-township-" + QINGYUN).click();
    new Select(browser.find("#schedule-type")).selectByValue("daily");
    browser.find("#schedule-times").clear();
    browser.find("#schedule-times").sendKeys("06:30, 18:00");
    browser.find("#schedule-save").click();
    assertTrue(browser.find(".field:has(#schedule-name) .field-error").getText().contains("必填"));
    // AND once named, the overlap with the evening schedule is shown before anything is saved
    browser.find("#schedule-name").sendKeys("每日广播");
    browser.find("#schedule-save").click();
    assertTrue(browser.find("#overlap-warning").getText().contains("晚间广播"), browser.find("#overlap-warning").getText());
    assertEquals(1, admin.get("/api/v1/schedules").body().getJsonArray("schedules").size(), "nothing saved before confirming");
    browser.script("document.getElementById('overlap-warning').scrollIntoView({block: 'center'}); return true;");
    browser.screenshot("routine-overlap-warning");
    // AND saved anyway, it shows on the calendar and is in the API with its targets
    browser.find("#schedule-save").click();
    browser.find("#schedule-list tr[data-schedule]");
    browser.screenshot("routine-calendar");
    browser.find("#week-next").click(); // next week is whole whatever day it is today: two fires a day
    browser.waitFor("next week shows both schedules' daily fires", d -> browser.all(".calendar .fire").size() == 21);
    JsonObject schedule = admin.get("/api/v1/schedules").body().getJsonArray("schedules").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals("每日广播")).findFirst().orElseThrow();
    assertEquals(new JsonArray().add(QINGYUN), schedule.getJsonObject("targets").getJsonArray("townships"));
    assertEquals("daily", schedule.getJsonObject("recurrence").getString("type"));
    // AND filtering by another village hides the evening schedule; pausing the new one is seen by the API
    new Select(browser.find("#calendar-filter")).selectByValue("village:" + QINGYUN + "001");
    browser.waitFor("village 001 has only the township's fires", d -> browser.all(".calendar .fire").size() == 14);
    browser.find("#schedule-list tr[data-schedule='" + schedule.getString("id") + "'] .schedule-toggle").click();
    Await.until("the schedule is paused", Duration.ofSeconds(10),
        () -> admin.get("/api/v1/schedules/" + schedule.getString("id")).body().getBoolean("paused"));
  }

  @Test
  @Order(11)
  void theHistoryListsAScheduledFireWithEachVillagesOutcome() throws Exception {
    // GIVEN a short recording scheduled once, three seconds ahead, for 中固镇
    String sha = admin.postBytes("/api/v1/media?name=notice", "audio/wav", TestAudio.wav(400)).body().getString("sha256");
    ApiClient.Reply programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "村务通知")
        .put("items", new JsonArray().add(new JsonObject().put("media", sha))));
    assertEquals(201, programme.status(), programme.toString());
    String at = OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).toString();
    ApiClient.Reply schedule = admin.post("/api/v1/schedules", new JsonObject().put("name", "中固通知").put("programmeId",
        programme.body().getString("id")).put("targets", new JsonObject().put("townships", new JsonArray().add(ZHONGGU)))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at)));
    assertEquals(201, schedule.status(), schedule.toString());
    // WHEN it fires and every target has played it
    String fireId = Await.until("the fire", Duration.ofSeconds(30), () -> admin.get("/api/v1/schedules/" + schedule.body().getString("id")
        + "/fires").body().getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
    JsonObject fire = Await.until("every target played", Duration.ofSeconds(30), () -> admin.get("/api/v1/fires/" + fireId).body(),
        f -> f.getJsonObject("counts").getLong("targets") > 0
            && f.getJsonObject("counts").getLong("played").equals(f.getJsonObject("counts").getLong("targets")));
    int villages = fire.getJsonArray("villages").size();
    // THEN the history's routine-programme list shows it
    browser.login("county-op", PASSWORD);
    browser.find("#nav-history").click();
    new Select(browser.find("#history-kind")).selectByValue("fires");
    WebElement row = browser.find("#history-fires tr[data-fire='" + fireId + "']");
    assertTrue(row.getText().contains("中固通知") && row.getText().contains("村务通知"), row.getText());
    assertTrue(row.getText().contains(villages + "/" + villages), row.getText());
    browser.screenshot("history-fires");
    // AND its detail lists every village of 中固镇 as played
    row.findElement(By.cssSelector("a")).click();
    browser.waitForText("#fire-played", String.valueOf(fire.getJsonObject("counts").getLong("targets")));
    List<WebElement> rows = browser.all("#fire-villages tbody tr");
    assertEquals(villages, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.getText().contains("中固镇") && r.getText().contains("已播放")));
    browser.screenshot("history-fire-detail");
    // AND its CSV has one row per village
    browser.find("#fire-export").click();
    List<String> lines = Files.readAllLines(browser.download(fireId + "-villages.csv"), StandardCharsets.UTF_8);
    assertEquals(1 + villages, lines.size(), String.join("\n", lines));
    assertTrue(lines.stream().skip(1).allMatch(l -> l.contains("中固镇") && l.contains("已播放")), String.join("\n", lines));
  }

  @Test
  @Order(12)
  void aTitleOfSupplementaryPlaneCharactersIsTakenWholeUpToTheHubsLimit() {
    // GIVEN emergency staff on the send page
    browser.login("duty", PASSWORD);
    browser.find("#nav-send").click();
    // WHEN they enter, through the input method, a title of 100 CJK Extension B characters (𠀀 is two
    // UTF-16 units; chromedriver's sendKeys cannot type it, an input method commit can)
    browser.find("#alert-title").click();
    browser.driver.executeCdpCommand("Input.insertText", java.util.Map.of("text", "\uD840\uDC00".repeat(100)));
    // THEN the field keeps all 100: the limit counts characters, as the hub does, not UTF-16 units
    Object kept = browser.driver.executeScript("return [...document.getElementById('alert-title').value].length");
    assertEquals(100L, kept);
    // AND one more is refused by the hub, next to the field, in Chinese
    browser.driver.executeCdpCommand("Input.insertText", java.util.Map.of("text", "\uD840\uDC00"));
    browser.find("#alert-text").sendKeys("请注意。");
    browser.find("#target-township-" + ZHONGGU).click();
    browser.find("#alert-next").click();
    browser.waitFor("the title's length refused", d -> browser.find(".field:has(#alert-title) .field-error").getText()
        .contains("100"));
  }

  @Test
  @Order(30)
  void anEmergencyOfficerRecordsAMessageListensToItAndSendsItAsTheAlertsAudio() throws Exception {
    // GIVEN the duty officer of 中固镇 (who may send alerts but not manage programmes) on the send form
    browser.login("duty", PASSWORD);
    browser.find("#nav-send").click();
    browser.find("#alert-template option[value=blizzard]").click();
    browser.find("label.level-orange").click();
    browser.find("#target-township-" + ZHONGGU).click();
    // WHEN they record a message with the microphone and listen to it
    browser.find("#alert-record").click();
    browser.waitFor("the microphone answers", d -> !browser.find("#alert-recording-status").getText().equals("未附录音"));
    assertEquals("正在录音……", browser.find("#alert-recording-status").getText());
    long started = System.currentTimeMillis();
    browser.waitFor("1.5 s of recording", d -> System.currentTimeMillis() - started > 1500);
    browser.find("#alert-record").click();
    browser.waitFor("the recording can be listened to", d -> browser.script(
        "const a = document.getElementById('alert-recording-audio'); return a != null && a.duration > 1;"));
    browser.screenshot("alert-recording");
    // AND send the alert with it
    browser.find("#alert-next").click();
    browser.find("#confirm-recording");
    browser.find("#alert-send").click();
    browser.waitForText("#progress-played", "15");
    // THEN the alert's audio is the attention signal and that recording, which every village played
    JsonObject latest = admin.get("/api/v1/alerts?limit=1").body().getJsonArray("alerts").getJsonObject(0);
    JsonObject media = admin.get("/api/v1/alerts/" + latest.getString("id")).body().getJsonObject("media");
    JsonObject item = admin.get("/api/v1/media/" + media.getString("sha256")).body();
    assertEquals("alert-recording", item.getString("origin"), item.encode());
    assertTrue(fleet.fleet().endpoints().stream().filter(e -> e.id().startsWith(ZHONGGU))
        .allMatch(e -> e.playLog().stream().anyMatch(p -> media.getString("sha256").equals(p.mediaSha256()))), "each village played it");
  }
}
