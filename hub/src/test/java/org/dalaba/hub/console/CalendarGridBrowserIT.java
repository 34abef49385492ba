package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The routine week calendar as an hour grid (issue 16, item 5), in Chromium against a real hub: a fire sits
 * in its day's column at its start time, is as tall as its programme plays, shares the width with a fire it
 * overlaps, opens its schedule from the keyboard, and on a 360 px phone the grid scrolls inside its own box.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CalendarGridBrowserIT {
  private static final ZoneId COUNTY = ZoneId.of("Asia/Shanghai");
  /** 90 minutes of Ogg Opus (granule minus the pre-skip of 312, at 48 kHz): 07:30 to 09:00. */
  private static final long NINETY_MINUTES_GRANULE = 90L * 60 * 48_000 + 312;

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

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  private String schedule(String name, String programmeId, String at) {
    ApiClient.Reply created = admin.post("/api/v1/schedules", new JsonObject().put("name", name).put("programmeId", programmeId)
        .put("targets", new JsonObject().put("townships", new JsonArray().add(QINGYUN)))
        .put("recurrence", new JsonObject().put("type", "daily").put("times", new JsonArray().add(at))));
    assertEquals(201, created.status(), created.toString());
    return created.body().getString("id");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Number> box(WebElement element) {
    return (Map<String, Number>) ((JavascriptExecutor) browser.driver).executeScript(
        "const r = arguments[0].getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, width: r.width};",
        element);
  }

  private static double at(Map<String, Number> box, String key) {
    return box.get(key).doubleValue();
  }

  @Test
  void aFireSitsAtItsHourInItsDayAsTallAsItPlaysAndThePhoneNeverScrollsSideways() throws Exception {
    // GIVEN a programme of 90 minutes played daily at 07:30, and a short one daily at 07:40 that overlaps it
    ApiClient.Reply media = admin.postBytes("/api/v1/media?name=long", "audio/ogg", TestAudio.opus(NINETY_MINUTES_GRANULE));
    assertEquals(201, media.status(), media.toString());
    ApiClient.Reply longProgramme = admin.post("/api/v1/programmes", new JsonObject().put("name", "长节目")
        .put("items", new JsonArray().add(new JsonObject().put("media", media.body().getString("sha256")))));
    assertEquals(201, longProgramme.status(), longProgramme.toString());
    assertEquals(5_400_000, longProgramme.body().getLong("durationMs"), 1_000, longProgramme.toString());
    ApiClient.Reply shortProgramme = admin.post("/api/v1/programmes", new JsonObject().put("name", "短通知")
        .put("items", new JsonArray().add(new JsonObject().put("text", "今天停水。"))));
    assertEquals(201, shortProgramme.status(), shortProgramme.toString());
    String morning = schedule("早间长播", longProgramme.body().getString("id"), "07:30");
    String notice = schedule("停水通知", shortProgramme.body().getString("id"), "07:40");

    // WHEN a county operator opens next week's calendar (a whole week after both schedules were made)
    browser.login("county-op", PASSWORD);
    browser.find("#nav-programmes").click();
    browser.find(".calendar .hour[data-hour='7']");
    browser.find("#week-next").click();
    String wednesday = LocalDate.now(COUNTY).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusDays(2).toString();
    String fireCss = ".calendar .day[data-day='" + wednesday + "'] .fire[data-schedule='" + morning + "']";
    WebElement fire = browser.find(fireCss);
    WebElement short_ = browser.find(".calendar .day[data-day='" + wednesday + "'] .fire[data-schedule='" + notice + "']");
    browser.screenshot("calendar-hour-grid");

    // THEN it starts half way between the 07:00 and 08:00 row lines and is one and a half hours tall
    Map<String, Number> seven = box(browser.find(".calendar .hour[data-hour='7']"));
    Map<String, Number> eight = box(browser.find(".calendar .hour[data-hour='8']"));
    double hour = at(eight, "top") - at(seven, "top");
    assertTrue(hour >= 30, "an hour row is tall enough to read: " + hour);
    Map<String, Number> f = box(fire);
    assertEquals(at(seven, "top") + hour / 2, at(f, "top"), 2, "07:30 is half way between the 07:00 and 08:00 lines");
    assertEquals(1.5 * hour, at(f, "height"), 2, "90 minutes are one and a half hour rows");
    // AND it lies in Wednesday's column, beside (not over) the 07:40 fire it overlaps
    Map<String, Number> column = box(browser.find(".calendar .day[data-day='" + wednesday + "'] .hours"));
    Map<String, Number> s = box(short_);
    assertTrue(at(f, "left") >= at(column, "left") - 1 && at(f, "right") <= at(column, "right") + 1, "in Wednesday's column: " + f + " " + column);
    assertTrue(at(s, "left") >= at(column, "left") - 1 && at(s, "right") <= at(column, "right") + 1, "in Wednesday's column: " + s + " " + column);
    assertTrue(at(s, "left") >= at(f, "right") - 1 || at(f, "left") >= at(s, "right") - 1, "overlapping fires side by side: " + f + " " + s);
    assertEquals(at(seven, "top") + hour * 40 / 60, at(s, "top"), 2, "07:40 two thirds into the 07:00 row");
    assertTrue(at(s, "height") >= hour / 2 - 1, "a short play keeps a tappable height: " + at(s, "height"));
    // AND a screen reader hears its title, time and targets
    String label = fire.getAttribute("aria-label");
    assertTrue(label.contains("早间长播") && label.contains("07:30–09:00") && label.contains("庆云堡镇"), label);

    // WHEN it is reached with the keyboard and Enter is pressed, THEN its schedule opens in the form
    ((JavascriptExecutor) browser.driver).executeScript("arguments[0].focus();", fire);
    fire.sendKeys(Keys.ENTER);
    browser.waitFor("the form shows the schedule", d -> "早间长播".equals(browser.find("#schedule-name").getAttribute("value")));

    // WHEN the calendar is on a 360 × 740 phone, THEN the page never scrolls sideways; the grid scrolls in its box
    browser.driver.manage().window().setSize(new Dimension(360, 740));
    browser.driver.navigate().refresh();
    browser.find(".calendar .hour[data-hour='7']");
    browser.waitFor("the page fits the phone", d -> browser.script("return document.documentElement.scrollWidth <= window.innerWidth"));
    browser.script("const c = document.getElementById('calendar'); c.scrollLeft = c.scrollWidth; return true;");
    assertTrue(browser.script("return document.documentElement.scrollWidth <= window.innerWidth") != null,
        "scrolling the grid does not widen the page");
    assertTrue(browser.script("const c = document.getElementById('calendar'); return c.getBoundingClientRect().right <= window.innerWidth + 0.5") != null,
        "the grid's box fits the screen");
    assertTrue(browser.script("const a = document.querySelector('.calendar .hour[data-hour=\"7\"]').getBoundingClientRect();"
        + " const c = document.getElementById('calendar').getBoundingClientRect(); return a.width > 0 && a.left >= c.left - 1 && a.right <= c.right") != null,
        "the time axis stays in sight when the grid is scrolled to Sunday");
    browser.screenshot("calendar-hour-grid-phone");
  }
}
