package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.dalaba.hub.console.ConsoleHub.ZHONGGU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Past live sessions in the console (issue 14, item 4), in Chromium on a phone against a real hub and the 113
 * simulated villages: a county operator streams a WAV over HTTP to 庆云堡镇; when it has ended, the township's
 * operator finds it in 喊话记录 in Chinese with its duration and counts, opens it, plays its recording (the audio
 * element loads it and it lasts what was streamed) and sees the villages' records. An operator of another township
 * neither sees it nor fetches its recording, by the live route or the media library's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveHistoryBrowserIT {
  static final int STREAMED_MS = 6_000;
  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser browser;
  ApiClient admin;
  String id;
  String sha256;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(TestHubs.config(dataDir.resolve("hub")), running -> TestFleet.start(running, running.mqttPort()));
    admin = console.admin;
    browser = console.browser;
    TestUsers.create(admin, console.hub.httpPort(), "zhonggu-op", PASSWORD, "township_operator",
        new JsonObject().put("kind", "township").put("id", ZHONGGU));
    // a county operator speaks to 庆云堡镇 from a line-in box: a WAV streamed over HTTP
    ApiClient county = new ApiClient(console.hub.httpPort()).login("county-op", PASSWORD);
    ApiClient.Reply created = county.post("/api/v1/live", new JsonObject().put("level", "routine").put("title", "村民大会通知")
        .put("maxSeconds", 60).put("targets", new JsonObject().put("townships", new JsonArray().add(QINGYUN))));
    assertEquals(201, created.status(), created.toString());
    id = created.body().getString("id");
    HttpResponse<String> streamed = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
        .newBuilder(URI.create("http://127.0.0.1:" + console.hub.httpPort() + "/api/v1/live/" + id + "/audio"))
        .header("Authorization", "Bearer " + county.token()).header("Content-Type", "audio/wav").timeout(Duration.ofSeconds(60))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(TestAudio.wav(STREAMED_MS))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, streamed.statusCode(), streamed.body());
    JsonObject ended = Await.until("the 18 villages played it and the recording is stored", Duration.ofSeconds(60),
        () -> admin.get("/api/v1/live/" + id).body(),
        s -> s.getJsonObject("counts").getInteger("played") == 18 && s.getJsonObject("recording") != null);
    sha256 = ended.getJsonObject("recording").getString("sha256");
  }

  @AfterEach
  void logOut() {
    if (console != null) {
      console.resetBrowser();
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close(); // the browser, the fleet, the hub
    }
  }

  private void openLiveHistory() {
    browser.find("#nav-history").click();
    new Select(browser.find("#history-kind")).selectByValue("live");
  }

  private boolean fitsThePhone() {
    return browser.script("return document.documentElement.scrollWidth <= window.innerWidth") != null;
  }

  @Test
  void theTownshipsOperatorFindsThePastSessionAndPlaysItsRecordingOnAPhone() throws Exception {
    // GIVEN the operator of 庆云堡镇 on a phone, in 历史记录 → 喊话记录
    browser.driver.manage().window().setSize(new Dimension(360, 740));
    browser.login("qingyun-op", PASSWORD);
    openLiveHistory();

    // THEN the session is listed in Chinese: subject, level, who, where, when, how long, how it ended, counts, lag
    WebElement row = browser.find("tr[data-live='" + id + "']");
    String text = browser.waitFor("the session's row", d -> row.getText());
    for (String expected : List.of("村民大会通知", "日常广播", "county-op", "庆云堡镇", "0:06", "讲话端结束", "18/18")) {
      assertTrue(text.contains(expected), "the row shows " + expected + ": " + text);
    }
    String started = row.findElement(By.cssSelector(".live-started")).getText();
    assertTrue(started.matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}"), "started, in the county's time: " + started);
    assertTrue(row.findElement(By.cssSelector(".live-lag")).getText().matches("\\d+ 毫秒"), "the lag's p95: " + text);
    assertTrue(fitsThePhone(), "the list fits the phone (the table scrolls inside its box)");
    browser.screenshot("live-history-phone");

    // WHEN the operator opens it
    row.findElement(By.cssSelector("a")).click();
    browser.find("#live-detail");
    assertEquals("#/live/" + id, ((JavascriptExecutor) browser.driver).executeScript("return location.hash"));

    // THEN the recording loads in the player and lasts what was streamed
    browser.waitFor("the recording loaded in the player", d -> browser.script(
        "const a = document.getElementById('live-recording'); return !!a && a.readyState >= 1 && isFinite(a.duration)"));
    double duration = ((Number) ((JavascriptExecutor) browser.driver).executeScript(
        "return document.getElementById('live-recording').duration")).doubleValue();
    assertEquals(STREAMED_MS / 1000.0, duration, 1.5, "the recording lasts the " + STREAMED_MS + " ms streamed: " + duration + " s");
    // AND the records name every village of the township, each played
    Set<String> villages = console.hub.directory().township(QINGYUN).orElseThrow().villages().stream()
        .map(v -> v.name()).collect(Collectors.toSet());
    List<WebElement> rows = browser.waitFor("18 village records", d -> {
      List<WebElement> found = browser.all("#live-villages tbody tr");
      return found.size() == 18 ? found : null;
    });
    Set<String> shown = rows.stream().map(r -> r.findElement(By.cssSelector("th")).getText()).collect(Collectors.toSet());
    assertEquals(villages, shown);
    assertTrue(rows.stream().allMatch(r -> r.getText().contains("已播放")), "every village played it");
    assertEquals("18", browser.text("#live-detail-played"));
    assertTrue(fitsThePhone(), "the session fits the phone");
    browser.screenshot("live-detail-phone");

    // AND in English too
    browser.find("#lang").click();
    browser.find("#live-detail");
    browser.waitFor("the English reason", d -> browser.text("#live-detail-reason").contains("the source ended"));
  }

  @Test
  void anOperatorOfAnotherTownshipNeitherSeesItNorFetchesItsRecording() throws Exception {
    // GIVEN the operator of 中固镇
    ApiClient other = new ApiClient(console.hub.httpPort()).login("zhonggu-op", PASSWORD);
    // THEN the hub refuses it the session and its recording, by the live route and the media library's
    JsonArray items = other.get("/api/v1/live").body().getJsonArray("items");
    assertTrue(items.stream().noneMatch(i -> id.equals(((JsonObject) i).getString("id"))), items.encode());
    assertEquals(403, other.get("/api/v1/live/" + id).status());
    int live = other.get("/api/v1/live/" + id + "/recording").status();
    assertTrue(live == 403 || live == 404, "the live route's recording: " + live);
    int media = other.get("/api/v1/media/" + sha256 + "/audio").status();
    assertTrue(media == 403 || media == 404, "the media library's file of the recording: " + media);
    assertTrue(other.get("/api/v1/media").body().getJsonArray("media").stream()
        .noneMatch(m -> sha256.equals(((JsonObject) m).getString("sha256"))), "the media library does not list it");
    assertTrue(other.get("/api/v1/media/" + sha256).status() >= 403, "nor describes it");
    // nor may it play the recording in a programme of its own, knowing its sha256
    ApiClient.Reply programme = other.post("/api/v1/programmes", new JsonObject().put("name", "借用录音")
        .put("items", new io.vertx.core.json.JsonArray().add(new JsonObject().put("media", sha256))));
    assertEquals(400, programme.status(), "a programme of another township's live recording: " + programme);

    // AND its console's 喊话记录 does not show it
    browser.login("zhonggu-op", PASSWORD);
    openLiveHistory();
    browser.waitFor("the list has loaded", d -> browser.present("#history-live") || browser.present("#history-empty"));
    assertFalse(browser.present("tr[data-live='" + id + "']"), "a session to another township is not listed");

    // while the township it went to may fetch it
    ApiClient qingyun = new ApiClient(console.hub.httpPort()).login("qingyun-op", PASSWORD);
    assertEquals(200, qingyun.get("/api/v1/live/" + id + "/recording").status());
  }
}
