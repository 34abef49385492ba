package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.dalaba.hub.console.ConsoleHub.ZHONGGU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.testing.ApiClient;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console as a duty room (issue 16), in Chromium against a real hub and the 113 simulated villages,
 * playing at a tenth of real time with heartbeats once a minute as in the field: the incident view with
 * villages offline, live state from delivery events, the forms, the exports, every screen on a phone,
 * the wall screen, and the banner when the hub is gone. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DutyRoomBrowserIT {
  private static final ZoneId COUNTY = ZoneId.of("Asia/Shanghai");
  /** About 100 s of speech: 10 s at the fleet's speed, long enough to watch it play or cancel it. */
  private static final String LONG_TEXT = "请注意，".repeat(100);

  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser browser;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(dataDir, running -> TestFleet.start(running, 0.1, 60));
    admin = console.admin;
    browser = console.browser;
  }

  @AfterEach
  void logOut() {
    browser.driver.manage().window().setSize(new Dimension(1366, 900));
    if (console.hub != null) {
      browser.forgetSession();
    }
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

  private void disconnect(String villageId) throws Exception {
    endpoint(villageId).disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Connects the village's endpoint again, unless it is connected already. */
  private void reconnect(String villageId) throws Exception {
    if (!endpoint(villageId).isConnected()) {
      endpoint(villageId).connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private String sendAlert(String title, String text, JsonObject targets) {
    return sendAlert(title, text, targets, 1);
  }

  private String sendAlert(String title, String text, JsonObject targets, int repeat) {
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", title).put("text", text).put("level", "orange")
        .put("targets", targets).put("repeat", repeat).put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    return sent.body().getString("id");
  }

  private void open(String hash) {
    browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*", "") + hash);
  }

  private long overflow() {
    return ((Number) browser.driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
  }

  @Test
  @Order(1)
  void theIncidentViewListsTheVillagesThatCannotBeReachedFirstWithWhyAndWhomToCall() throws Exception {
    // GIVEN two villages of 庆云堡镇 offline since now
    disconnect(QINGYUN + "001");
    disconnect(QINGYUN + "002");
    try {
      incidentWithTwoVillagesOffline(LocalTime.now(COUNTY).format(DateTimeFormatter.ofPattern("HH:mm")));
    } finally {
      reconnect(QINGYUN + "001");
      reconnect(QINGYUN + "002");
    }
  }

  private void incidentWithTwoVillagesOffline(String since) throws Exception {
    // WHEN the township's operator sends the blizzard warning with one tap and confirms
    browser.login("qingyun-op", PASSWORD);
    browser.find("#nav-send").click();
    browser.find("#preset-blizzard").click();
    browser.waitFor("the confirmation counts 18 villages", d -> browser.find("#confirm-counts").getText().contains("18 个村"));
    browser.find("#alert-send").click();
    // THEN the result has the focus, not <body>
    browser.find("#incident-summary");
    browser.waitFor("focus on the progress heading", d -> "progress-heading".equals(browser.driver.switchTo().activeElement().getAttribute("id")));
    // AND one line says it all, once the reachable villages have played it
    browser.waitForText("#incident-summary", "可达的 16 村已播完 · 2 村联系不上");
    // AND the two offline villages come first, with the reason and a call button
    List<WebElement> cards = browser.all("#call-list li.call-card");
    assertEquals(2, cards.size());
    for (WebElement card : cards) {
      String reason = card.findElement(org.openqa.selenium.By.cssSelector(".reach-reason")).getText();
      assertTrue(reason.matches("终端离线（自 \\d\\d:\\d\\d）"), reason);
      String at = reason.replaceAll("\\D+", " ").trim().replace(' ', ':');
      assertTrue(Math.abs(Duration.between(LocalTime.parse(since), LocalTime.parse(at)).toMinutes()) <= 1, at + " vs " + since);
      assertTrue(card.findElement(org.openqa.selenium.By.cssSelector("a.call-button")).getAttribute("href").startsWith("tel:024"));
    }
    assertTrue(browser.find("#alert-cancel").isDisplayed(), "the township's operator may cancel the township's alert");
    browser.screenshot("incident-view");
    // AND a village can be marked as phoned
    cards.get(0).findElement(org.openqa.selenium.By.cssSelector(".mark-phoned")).click();
    browser.waitFor("marked as phoned", d -> "true".equals(browser.find("#call-list li .mark-phoned").getAttribute("aria-pressed")));
    // AND once both are back and have played it, the alert shows as ended, with nothing left to cancel
    reconnect(QINGYUN + "001");
    reconnect(QINGYUN + "002");
    browser.waitForText("#progress-played", "18");
    browser.waitForText("#alert-state", "已完成");
    browser.find("#all-confirmed");
    assertFalse(browser.text("#incident-summary").contains("联系不上"));
    assertFalse(browser.all("#alert-cancel").get(0).isDisplayed());
  }

  @Test
  @Order(2)
  void cancelIsOfferedOnlyToThoseWhoMayCancelAndACancelledAlertNeverSaysAllPlayed() throws Exception {
    // GIVEN an alert to a village of 庆云堡镇 and one of 中固镇, still playing
    String county = sendAlert("跨乡镇测试", LONG_TEXT, new JsonObject().put("villages", new JsonArray().add(QINGYUN + "004").add(ZHONGGU + "004")));
    // WHEN a township operator and a viewer open it, THEN neither is offered cancel (the hub would refuse them)
    for (String user : List.of("qingyun-op", "watcher")) {
      browser.login(user, PASSWORD);
      open("#/alerts/" + county);
      browser.find("#incident-summary");
      assertFalse(browser.all("#alert-cancel").get(0).isDisplayed(), user + " is offered cancel");
      browser.forgetSession();
    }
    // AND the county operator is, and cancels it
    browser.login("county-op", PASSWORD);
    open("#/alerts/" + county);
    browser.find("#alert-cancel").click();
    browser.driver.switchTo().alert().accept();
    // THEN it says cancelled, how many had played, and never that every village played
    browser.waitForText("#alert-state", "已撤销");
    browser.find("#alert-cancelled-note");
    assertTrue(browser.text("#incident-summary").startsWith("已撤销："), browser.text("#incident-summary"));
    assertFalse(browser.present("#all-confirmed"), "a cancelled alert says all played");
    browser.screenshot("incident-cancelled");
  }

  @Test
  @Order(3)
  void whatPlaysIsShownFromDeliveryEventsWithItsTitleAndTheMapExplainsItself() throws Exception {
    // GIVEN the county operator on the overview list, heartbeats a minute apart
    browser.login("county-op", PASSWORD);
    browser.waitForText("#count-online", "113");
    browser.find("#show-list").click();
    // WHEN an alert starts playing in 中固镇
    // (five times over: 50 s at the fleet's speed, so that every speaker is still playing when the last one starts)
    String id = sendAlert("长时间播放测试", LONG_TEXT, new JsonObject().put("townships", new JsonArray().add(ZHONGGU)), 5);
    // THEN the playing count follows the delivery events (what the hub's records say plays), not the next heartbeat
    long sent = System.currentTimeMillis();
    browser.waitFor("the console counts what the hub's records say plays", d -> {
      long playing = admin.get("/api/v1/alerts/" + id).body().getJsonObject("counts").getLong("playing");
      return playing >= 5 && browser.text("#count-playing").equals(String.valueOf(playing)) ? true : null;
    });
    assertTrue(System.currentTimeMillis() - sent < 30_000, "seen within 30 s, not with the next heartbeat");
    // AND the list names what plays by its title, never by the command id
    String row = "#village-list tr[data-village='" + ZHONGGU + "001']";
    browser.waitFor("the title in the now-playing column", d -> browser.find(row).getText().contains("长时间播放测试"));
    assertFalse(browser.text("#village-list").contains(id), "a raw id is shown");
    browser.screenshot("overview-playing");
    // AND on the map, playing villages carry a shape as well as a colour, and a legend says what each means
    browser.find("#show-map").click();
    browser.waitFor("playing villages marked", d -> browser.all("#county-map circle.village.playing").size()
        == admin.get("/api/v1/alerts/" + id).body().getJsonObject("counts").getLong("playing"));
    assertEquals(6, browser.all("#map-legend li:not(#legend-cluster)").size()); // and groups of villages, where there are any
    assertTrue(browser.script("return [...document.querySelectorAll('#county-map text.glyph')].filter(g => g.textContent === '▶').length"
        + " === document.querySelectorAll('#county-map circle.village.playing').length"));
    browser.screenshot("overview-map-playing");
    admin.post("/api/v1/alerts/" + id + "/cancel", new JsonObject());
    browser.waitForText("#count-playing", "0");
  }

  @Test
  @Order(4)
  void theSendFormKeepsWhatTheOperatorTyped() {
    browser.login("qingyun-op", PASSWORD);
    browser.find("#nav-send").click();
    // GIVEN the blizzard template, with its text edited
    browser.find("#alert-template option[value=blizzard]").click();
    browser.find("#alert-text").sendKeys("（村里已加派人手）");
    // WHEN the level is changed
    browser.find("label.level-red").click();
    // THEN the edited text stays, and the operator is told; the untouched title follows the level
    assertTrue(browser.find("#alert-text").getAttribute("value").endsWith("（村里已加派人手）"));
    assertEquals("暴雪红色预警", browser.find("#alert-title").getAttribute("value"));
    assertTrue(browser.find("#level-kept").isDisplayed());
    // AND switching the language keeps the half-filled form
    browser.find("#target-township-" + QINGYUN).click();
    browser.find("#lang").click();
    browser.waitFor("the page in English", d -> browser.find("#nav-send").getText().equals("Send alert"));
    browser.waitFor("the text kept", d -> browser.find("#alert-text").getAttribute("value").endsWith("（村里已加派人手）"));
    assertEquals("暴雪红色预警", browser.find("#alert-title").getAttribute("value"));
    assertTrue(browser.find("#target-township-" + QINGYUN).isSelected());
    assertTrue(browser.find("#level-red").isSelected());
    browser.find("#lang").click();
    browser.waitFor("the page in Chinese", d -> browser.find("#nav-send").getText().equals("发布预警"));
    // AND an error names no API field
    browser.find("#alert-title").clear();
    browser.find("#alert-next").click();
    String error = browser.find(".field:has(#alert-title) .field-error").getText();
    assertTrue(error.contains("必填") && !error.contains("title"), error);
    // AND a long village name wraps without squeezing its checkbox
    browser.driver.manage().window().setSize(new Dimension(360, 740));
    browser.script("const label = document.querySelector('.target-village').parentElement;"
        + "label.lastChild.textContent = '一个名字非常非常非常长的村民委员会（样例）第二村民小组'; return true;");
    Number width = (Number) browser.driver.executeScript("return document.querySelector('.target-village').getBoundingClientRect().width");
    assertTrue(width.doubleValue() >= 12, "the checkbox is " + width + " px wide");
  }

  @Test
  @Order(5)
  void aScheduleErrorIsInOperatorWordsAndTheMapIsOneTabStop() throws Exception {
    assertEquals(201, admin.post("/api/v1/programmes", new JsonObject().put("name", "天气预报")
        .put("items", new JsonArray().add(new JsonObject().put("text", "今天白天晴。")))).status());
    browser.login("qingyun-op", PASSWORD);
    browser.find("#nav-programmes").click();
    String today = java.time.LocalDate.now(COUNTY).toString();
    browser.find("#day-add-" + today).click();
    browser.find("#schedule-name").sendKeys("错误测试");
    browser.find("#target-township-" + QINGYUN).click();
    new Select(browser.find("#schedule-type")).selectByValue("cron");
    browser.find("#schedule-cron").clear();
    browser.find("#schedule-cron").sendKeys("61 * * * *");
    browser.find("#schedule-save").click();
    String error = browser.find(".field:has(#schedule-cron) .field-error").getText();
    assertTrue(error.contains("cron 表达式") && error.contains("61 * * * *"), error);
    assertFalse(error.contains("recurrence") || error.contains("Failed") || error.contains("parse"), error);
    browser.forgetSession();
    // GIVEN a viewer on the map, WHEN Tab reaches a village and is pressed again, THEN it leaves the map
    browser.login("watcher", PASSWORD);
    browser.find("#show-map").click();
    browser.waitFor("113 dots", d -> browser.all("#county-map circle.village").size() == 113);
    browser.waitFor("tab reaches the first village", d -> {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      return "circle".equals(browser.driver.switchTo().activeElement().getTagName()) ? true : null;
    });
    String first = browser.driver.switchTo().activeElement().getAttribute("data-village");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    String second = browser.driver.switchTo().activeElement().getAttribute("data-village");
    assertTrue(second != null && !second.equals(first), "the arrow moves to the next village");
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertFalse("circle".equals(browser.driver.switchTo().activeElement().getTagName()), "Tab walks through the dots");
  }

  @Test
  @Order(6)
  void exportsKeepTheByteOrderMarkSpeakChineseAndAJsonDirectoryImports() throws Exception {
    browser.login("county-op", PASSWORD);
    browser.find("#nav-history").click();
    browser.find("#history-results table");
    browser.find("#history-export").click();
    byte[] csv = Files.readAllBytes(browser.download(".csv"));
    assertTrue(csv.length > 3 && (csv[0] & 0xff) == 0xEF && (csv[1] & 0xff) == 0xBB && (csv[2] & 0xff) == 0xBF, "no UTF-8 byte-order mark");
    String text = new String(csv, StandardCharsets.UTF_8);
    assertTrue(text.contains(",已撤销,"), text);
    assertFalse(text.contains(",cancelled,") || text.contains(",completed,") || text.contains(",active,"), text);
    // AND the CSV the browser builds for routine fires guards against formulas as the hub's does
    Object guarded = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "import('/js/fires.js').then(m => done([m.cell('=HYPERLINK(\"x\")'), m.cell('@SUM(A1)'), m.cell('-12'), m.cell('庆云村')]));");
    assertEquals(List.of("\"'=HYPERLINK(\"\"x\"\")\"", "\"'@SUM(A1)\"", "\"-12\"", "\"庆云村\""), guarded);
    browser.forgetSession();
    // AND the directory as JSON previews (it was encoded a second time before)
    Path file = Files.createTempFile("directory-", ".json");
    Files.writeString(file, DirectoryParser.toJson(console.hub.directory()));
    browser.login("admin", TestHubs.ADMIN_PASSWORD);
    browser.find("#nav-directory").click();
    browser.find("#directory-file").sendKeys(file.toAbsolutePath().toString());
    browser.find("#directory-preview-button").click();
    browser.find("#directory-apply");
    assertFalse(browser.present(".field-error"), browser.find("#main").getText());
    Files.delete(file);
  }

  @Test
  @Order(7)
  void theWallScreenShowsActiveAlertsTheVillagesToCallAndTodaysRoutine() throws Exception {
    // GIVEN a village offline, an alert playing in its township, and a daily schedule
    disconnect(QINGYUN + "003");
    JsonObject programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "早间新闻")
        .put("items", new JsonArray().add(new JsonObject().put("text", "早上好。")))).body();
    assertEquals(201, admin.post("/api/v1/schedules", new JsonObject().put("name", "早间广播").put("programmeId", programme.getString("id"))
        .put("targets", new JsonObject().put("townships", new JsonArray().add(QINGYUN)))
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add("00:00").add("23:59")))).status());
    String id = sendAlert("大屏测试预警", LONG_TEXT, new JsonObject().put("townships", new JsonArray().add(QINGYUN)));
    try {
      // WHEN the county operator opens the wall screen
      browser.login("county-op", PASSWORD);
      browser.find("#nav-wall").click();
      // THEN the map, the alert with its coverage, the village to call and today's routine are there
      browser.waitFor("113 villages on the wall map", d -> browser.all("#wall-map circle.village").size() == 113);
      browser.waitFor("the alert", d -> browser.find("#wall-alerts [data-alert='" + id + "']").getText().contains("大屏测试预警"));
      browser.waitFor("the village to call", d -> browser.find("#wall-calls li[data-village='" + QINGYUN + "003']").getText()
          .contains("终端离线"));
      browser.waitFor("today's routine", d -> browser.find("#wall-routine").getText().contains("早间广播"));
      double heading = Double.parseDouble(((String) browser.driver.executeScript(
          "return getComputedStyle(document.querySelector('.wall-alert-title')).fontSize")).replace("px", ""));
      assertTrue(heading >= 20, "alert titles readable across a room: " + heading + " px");
      browser.screenshot("wall-screen");
    } finally {
      admin.post("/api/v1/alerts/" + id + "/cancel", new JsonObject());
      reconnect(QINGYUN + "003");
    }
  }

  @Test
  @Order(8)
  void onA360PixelPhoneNoScreenScrollsSideways() throws Exception {
    String alertId = admin.get("/api/v1/alerts?limit=1").body().getJsonArray("alerts").getJsonObject(0).getString("id");
    browser.driver.manage().window().setSize(new Dimension(360, 740));
    browser.login("admin", TestHubs.ADMIN_PASSWORD);
    List<String> screens = List.of("#/overview", "#/send", "#/live", "#/history", "#/wall", "#/programmes/schedules", "#/programmes/programmes",
        "#/programmes/media", "#/directory", "#/users", "#/audit", "#/password", "#/alerts/" + alertId);
    for (String screen : screens) {
      open(screen);
      browser.find("#main h1");
      browser.waitFor(screen + " drawn", d -> browser.script("return document.querySelectorAll('#main *').length > 3"));
      assertTrue(overflow() <= 0, screen + " scrolls sideways by " + overflow() + " px");
      // no table column so narrow that its heading stands one character per line
      // (narrower than four characters and three lines or more of its own text: a cell is as tall as its row)
      Object squeezed = browser.driver.executeScript("return [...document.querySelectorAll('#main th')].filter(th => {"
          + " if (!th.offsetParent || th.textContent.trim().length < 3) return false;"
          + " const r = document.createRange(); r.selectNodeContents(th); const box = r.getBoundingClientRect();"
          + " const em = parseFloat(getComputedStyle(th).fontSize);"
          + " return box.height > 2.5 * em * 1.5 && box.width < 4 * em; })"
          + ".map(th => th.textContent)");
      assertEquals(List.of(), squeezed, screen);
    }
    // AND the header leaves room for the page
    Number header = (Number) browser.driver.executeScript("return document.querySelector('header.top').getBoundingClientRect().height");
    assertTrue(header.doubleValue() <= 110, "the header is " + header + " px tall");
    // AND the audit log is paged
    open("#/audit");
    browser.find("#audit-pager");
    Number height = (Number) browser.driver.executeScript("return document.documentElement.scrollHeight");
    assertTrue(height.longValue() < 9000, "the audit page is " + height + " px tall");
    browser.forgetSession();
    // AND a tapped village's card comes into view
    browser.login("county-op", PASSWORD);
    browser.find("#show-map").click();
    browser.waitFor("113 dots", d -> browser.all("#county-map circle.village").size() == 113);
    Number dot = (Number) browser.driver.executeScript("return document.querySelector('#county-map circle.village').getBoundingClientRect().width");
    assertTrue(dot.doubleValue() >= 12, "a village dot is " + dot + " px");
    browser.driver.executeScript("document.querySelector('#county-map circle.village').dispatchEvent(new MouseEvent('click', {bubbles: true}))");
    // (> -1: the page scrolls by whole pixels, so a card at a fractional offset may start a fraction of one above the top)
    browser.waitFor("the card on screen", d -> browser.script("const r = document.getElementById('village-detail').getBoundingClientRect();"
        + "return r.top > -1 && r.top < window.innerHeight - 40 && document.getElementById('village-detail').textContent.includes('联系人')"));
    browser.screenshot("phone-village-card");
    open("#/send");
    browser.find("#preset-blizzard");
    browser.driver.executeScript("window.scrollTo(0, 0)");
    browser.screenshot("phone-send");
    // AND the console has its own icon
    assertTrue(browser.script("return fetch('/favicon.svg').then(r => r.ok && document.querySelector('link[rel=icon]') !== null)"));
  }

  @Test
  @Order(9)
  void theRoutineHistoryIsOnePagedRequestScopedToTheCaller() throws Exception {
    // GIVEN a programme played once in 中固镇, three seconds from now
    JsonObject programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "村务通知")
        .put("items", new JsonArray().add(new JsonObject().put("text", "今晚七点开会。")))).body();
    String at = java.time.OffsetDateTime.now(COUNTY).plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    JsonObject schedule = admin.post("/api/v1/schedules", new JsonObject().put("name", "中固通知").put("programmeId", programme.getString("id"))
        .put("targets", new JsonObject().put("townships", new JsonArray().add(ZHONGGU)))
        .put("recurrence", new JsonObject().put("type", "once").put("at", at))).body();
    String fireId = org.dalaba.hub.testing.Await.until("the fire", Duration.ofSeconds(30), () -> admin.get("/api/v1/fires?limit=5").body()
        .getJsonArray("fires"), fires -> fires.stream().map(JsonObject.class::cast)
        .anyMatch(f -> f.getString("scheduleId").equals(schedule.getString("id")))).stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("scheduleId").equals(schedule.getString("id"))).findFirst().orElseThrow().getString("id");
    // WHEN the county operator lists the routine broadcasts
    browser.login("county-op", PASSWORD);
    browser.find("#nav-history").click();
    new Select(browser.find("#history-kind")).selectByValue("fires");
    // THEN the fire is there, from one request to the hub's paged route, not one per schedule and per fire
    browser.waitFor("the fire listed", d -> browser.find("#history-fires tr[data-fire='" + fireId + "']").getText().contains("中固通知"));
    assertTrue(browser.script("const r = performance.getEntriesByType('resource').map(e => e.name);"
        + "return r.some(n => n.includes('/api/v1/fires?')) && !r.some(n => n.includes('/api/v1/schedules/') && n.includes('/fires'))"));
    // AND a township operator elsewhere does not see it; a bad cursor is refused in words
    ApiClient qingyun = new ApiClient(console.hub.httpPort()).login("qingyun-op", PASSWORD);
    assertTrue(qingyun.get("/api/v1/fires").body().getJsonArray("fires").stream().map(JsonObject.class::cast)
        .noneMatch(f -> f.getString("id").equals(fireId)));
    ApiClient.Reply bad = qingyun.get("/api/v1/fires?before=nonsense");
    assertEquals(400, bad.status(), bad.toString());
    assertEquals("before", bad.body().getString("field"));
    // AND paging one at a time walks every fire once
    JsonObject first = admin.get("/api/v1/fires?limit=1").body();
    assertEquals(1, first.getJsonArray("fires").size());
    if (first.getString("next") != null) {
      JsonObject second = admin.get("/api/v1/fires?limit=1&before=" + java.net.URLEncoder.encode(first.getString("next"),
          StandardCharsets.UTF_8)).body();
      assertFalse(second.getJsonArray("fires").isEmpty() && second.getString("next") != null);
      second.getJsonArray("fires").forEach(f -> assertFalse(((JsonObject) f).getString("id")
          .equals(first.getJsonArray("fires").getJsonObject(0).getString("id"))));
    }
  }

  @Test
  @Order(10)
  void theRoutineViewsShowLatenessInterruptionsRecordingNamesAndEveryScheduleField() throws Exception {
    // GIVEN the fire of the last test, a recording in a programme, and a schedule made today
    String fireId = admin.get("/api/v1/fires?limit=1").body().getJsonArray("fires").getJsonObject(0).getString("id");
    String sha = admin.postBytes("/api/v1/media?name=" + java.net.URLEncoder.encode("村歌", StandardCharsets.UTF_8), "audio/wav",
        org.dalaba.hub.media.TestAudio.wav(400)).body().getString("sha256");
    JsonObject programme = admin.post("/api/v1/programmes", new JsonObject().put("name", "村歌节目")
        .put("items", new JsonArray().add(new JsonObject().put("media", sha)))).body();
    JsonObject schedule = admin.get("/api/v1/schedules").body().getJsonArray("schedules").stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("name").equals("早间广播")).findFirst().orElseThrow();
    // WHEN the county operator opens the fire, THEN prefetch, lateness and each village's start offset are shown
    browser.login("county-op", PASSWORD);
    open("#/fires/" + fireId);
    browser.waitFor("the lateness summary", d -> browser.find("#fire-lateness").getText().contains("中位"));
    browser.find("#fire-prefetch");
    assertTrue(browser.all("#fire-villages td.lateness").stream().allMatch(td -> td.getText().matches("[+-]\\d+\\.\\d s")),
        browser.find("#fire-villages").getText());
    assertTrue(browser.present("#fire-villages td.preemption"));
    browser.screenshot("fire-detail");
    browser.forgetSession();
    // AND the programme names its recording, not its hash
    browser.login("qingyun-op", PASSWORD);
    open("#/programmes/programmes");
    String row = "#programme-list tr[data-programme='" + programme.getString("id") + "']";
    browser.waitFor("the recording's name", d -> browser.find(row).getText().contains("♪ 村歌"));
    assertFalse(browser.find(row).getText().contains(sha.substring(0, 12)));
    // AND the calendar shows no play of the schedule on a day before it existed
    open("#/programmes/schedules");
    String today = java.time.LocalDate.now(COUNTY).toString();
    browser.find(".calendar .day.today[data-day='" + today + "']");
    String yesterday = java.time.LocalDate.now(COUNTY).minusDays(1).toString();
    if (browser.present(".calendar .day[data-day='" + yesterday + "']")) {
      assertTrue(browser.all(".calendar .day[data-day='" + yesterday + "'] .fire[data-schedule='" + schedule.getString("id") + "']").isEmpty(),
          "a play shown before the schedule existed");
    }
    // AND its end date and skipped dates can be edited
    browser.find("#schedule-list tr[data-schedule='" + schedule.getString("id") + "'] button.link").click();
    String end = java.time.LocalDate.now(COUNTY).plusDays(30).toString();
    String skip = java.time.LocalDate.now(COUNTY).plusDays(3).toString();
    browser.driver.executeScript("document.getElementById('schedule-end').value = arguments[0];", end);
    browser.find("#schedule-skip").sendKeys(skip);
    browser.find("#schedule-save").click();
    if (browser.present("#overlap-warning")) {
      browser.find("#schedule-save").click();
    }
    org.dalaba.hub.testing.Await.until("the end and skip dates saved", Duration.ofSeconds(10), () -> {
      JsonObject saved = admin.get("/api/v1/schedules/" + schedule.getString("id")).body();
      return end.equals(saved.getString("endDate")) && saved.getJsonArray("skipDates").contains(skip);
    });
  }

  @Test
  @Order(11)
  void aVillageThatCannotBeReachedOffersACallButtonForEachOfItsContacts() throws Exception {
    // GIVEN the directory with a village cadre and a grid worker for one village of 中固镇, imported as JSON
    String village = ZHONGGU + "005";
    JsonObject directory = DirectoryParser.toJsonObject(console.hub.directory());
    directory.getJsonArray("townships").stream().map(JsonObject.class::cast)
        .flatMap(t -> t.getJsonArray("villages").stream().map(JsonObject.class::cast))
        .filter(v -> v.getString("id").equals(village)).findFirst().orElseThrow()
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "王主任").put("role", "村干部").put("phone", "139 0000 0001"))
            .add(new JsonObject().put("name", "李网格").put("role", "网格员").put("phone", "138-0000-0002")));
    ApiClient.Reply imported = admin.postText("/api/v1/directory", "application/json", directory.encode());
    assertEquals(200, imported.status(), imported.toString());
    // AND that village offline when an alert goes to it
    disconnect(village);
    try {
      String id = sendAlert("联系人测试", "请注意。", new JsonObject().put("villages", new JsonArray().add(village)));
      browser.login("duty", PASSWORD);
      open("#/alerts/" + id);
      // THEN its card has a call button for the main contact and for each further contact, by role
      browser.waitFor("three call buttons", d -> browser.all("#call-list li[data-village='" + village + "'] a.call-button").size() == 3);
      List<String> calls = browser.all("#call-list a.call-button").stream().map(a -> a.getText() + " " + a.getAttribute("href")).toList();
      assertTrue(calls.get(1).contains("王主任（村干部）") && calls.get(1).endsWith("tel:13900000001"), calls.toString());
      assertTrue(calls.get(2).contains("李网格（网格员）") && calls.get(2).endsWith("tel:13800000002"), calls.toString());
      browser.screenshot("incident-contacts");
    } finally {
      reconnect(village);
    }
  }

  @Test
  @Order(99)
  void whenTheHubGoesAwayABannerSaysSoAndTheFiguresAreMarkedStale() throws Exception {
    browser.login("county-op", PASSWORD);
    browser.waitForText("#count-online", "113");
    assertFalse(browser.find("body").getAttribute("class") != null && browser.find("body").getAttribute("class").contains("hub-lost"));
    // WHEN the hub stops
    console.stopHub();
    // THEN a banner says the console has lost it, and the figures are marked as possibly stale
    WebElement banner = browser.find("#hub-lost");
    assertTrue(banner.getText().contains("与平台失去连接") && banner.getText().contains("可能已过时"), banner.getText());
    assertTrue(browser.find("body").getAttribute("class").contains("hub-lost"));
    browser.screenshot("hub-lost");
  }
}
