package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.directory.DirectoryParser;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert view's escalation panel in Chromium: after a red alert to an offline village misses its target, the
 * operator sees each step and notification with its outcome in Chinese, and the village listed for a phone call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EscalationConsoleIT {
  private static final String VILLAGE = ConsoleHub.QINGYUN + "007";

  @TempDir
  static Path dataDir;
  Vertx receiverVertx;
  HttpServer receiver;
  ConsoleHub console;

  @BeforeAll
  void start() throws Exception {
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> r.response().end("{\"errcode\":0}")))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    JsonArray channels = new JsonArray().add(new JsonObject().put("id", "township-wecom").put("type", "wecom")
        .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/wecom?key=k"));
    console = ConsoleHub.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.ESCALATION_TARGET_RED, "95/4",
        ConfigKey.ESCALATION_STEPS, "resend:0,notify:0,phone_followup:1", ConfigKey.NOTIFY_CHANNELS, channels.encode())),
        running -> TestFleet.start(running, 0.1, 60));
    JsonObject directory = DirectoryParser.toJsonObject(console.hub.directory());
    directory.getJsonArray("townships").stream().map(JsonObject.class::cast)
        .flatMap(t -> t.getJsonArray("villages").stream().map(JsonObject.class::cast))
        .filter(v -> v.getString("id").equals(VILLAGE)).findFirst().orElseThrow()
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "李网格").put("role", "网格员").put("phone", "13800000001")
            .put("notify", new JsonArray().add("township-wecom"))));
    assertEquals(200, console.admin.postText("/api/v1/directory", "application/json", directory.encode()).status());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (console != null) {
        console.close();
      }
    } finally {
      receiverVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theAlertViewListsTheEscalationStepsTheirOutcomesAndTheVillageToPhone() throws Exception {
    console.endpoint(VILLAGE).disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ApiClient.Reply sent = console.admin.post("/api/v1/alerts", new JsonObject().put("title", "山洪红色预警").put("text", "请立即转移")
        .put("level", "red").put("targets", new JsonObject().put("villages", new JsonArray().add(VILLAGE).add(ConsoleHub.QINGYUN + "008")))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    Browser browser = console.browser;
    browser.login("qingyun-op", ConsoleHub.PASSWORD);
    browser.driver.get(browser.driver.getCurrentUrl().replaceAll("#.*", "") + "#/alerts/" + sent.body().getString("id"));

    // THEN the panel fills in by itself (events), Chinese first: the re-send, the WeCom notification sent, the call listing
    browser.waitFor("the WeCom notification shown as sent", d -> rows(browser).stream()
        .anyMatch(row -> row.contains("通知联系人") && row.contains("企业微信") && row.contains("成功") && row.contains("李网格（网格员）")));
    browser.waitFor("the village listed for a phone call", d -> followUp(browser).contains("待电话通知"));
    List<String> rows = rows(browser);
    assertTrue(rows.stream().anyMatch(r -> r.contains("重发")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.contains("列入电话跟进")), rows.toString());
    // AND the village that played is in none of it
    assertTrue(rows.stream().noneMatch(r -> r.contains(console.hub.directory().village(ConsoleHub.QINGYUN + "008").orElseThrow().name())),
        rows.toString());
    browser.driver.executeScript("document.getElementById('escalation').scrollIntoView()");
    browser.screenshot("alert-escalation");
  }

  /** The panel's rows, read in one script: it redraws whenever the alert changes, so elements found earlier go stale. */
  @SuppressWarnings("unchecked")
  private static List<String> rows(Browser browser) {
    return (List<String>) browser.driver.executeScript(
        "return [...document.querySelectorAll('#escalation-items tbody tr')].map(r => r.innerText)");
  }

  private static String followUp(Browser browser) {
    Object text = browser.driver.executeScript("const li = document.querySelector(\"#escalation-follow-up li[data-village='" + VILLAGE
        + "']\"); return li ? li.innerText : ''");
    return String.valueOf(text);
  }
}
