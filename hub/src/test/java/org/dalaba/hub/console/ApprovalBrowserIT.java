package org.dalaba.hub.console;

import static org.dalaba.hub.console.ConsoleHub.PASSWORD;
import static org.dalaba.hub.console.ConsoleHub.QINGYUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
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

/**
 * The two-person rule in Chromium, with two people in two browser sessions against a real hub (the rule as shipped:
 * orange and red wait) and the 113 simulated villages: the township operator sends a red alert and sees it wait; the
 * county operator, on another screen, is told at once (event stream, with a beep), sees exactly what will be sent and
 * where, and approves; the sender watches it go out. A drill is marked 演练 wherever it is shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApprovalBrowserIT {
  @TempDir
  static Path dataDir;
  ConsoleHub console;
  Browser sender;
  Browser approver;

  @BeforeAll
  void start() throws Exception {
    console = ConsoleHub.start(TestHubs.withApproval(dataDir, 600), running -> TestFleet.start(running, 0.01, 60));
    sender = console.browser;
    approver = Browser.open(console.hub.httpPort());
  }

  @AfterEach
  void logOut() {
    sender.forgetSession();
    approver.forgetSession();
  }

  @AfterAll
  void stop() throws Exception {
    if (approver != null) {
      approver.close();
    }
    if (console != null) {
      console.close();
    }
  }

  @Test
  @Order(1)
  void aRedAlertWaitsOnTheSendersScreenAndIsApprovedFromAnotherUsersScreen() throws Exception {
    // GIVEN the county operator (who may approve anything) on the overview, and the township operator sending
    approver.login("county-op", PASSWORD);
    approver.find("#count-online");
    sender.login("qingyun-op", PASSWORD);
    sender.find("#nav-send").click();
    sender.find("#alert-template option[value=blizzard]").click();
    sender.find("label.level-red").click();
    sender.find("#target-township-" + QINGYUN).click();
    sender.find("#alert-next").click();
    sender.waitFor("the confirmation counts 18 villages", d -> sender.find("#confirm-counts").getText().contains("18 个村"));

    // WHEN the township operator sends a red alert
    sender.find("#alert-send").click();

    // THEN the sender sees it waiting (等待审批), not sent
    sender.waitForText("#alert-state", "等待审批");
    assertTrue(sender.text("#approval-pending").startsWith("等待审批：这条预警尚未发出"), sender.text("#approval-pending"));
    String id = sender.driver.getCurrentUrl().replaceAll(".*#/alerts/", "");
    sender.waitFor("the sender's bar shows it waiting", d -> sender.find("#approvals-bar li[data-approval='" + id + "']").getText()
        .contains("等待审批"));
    sender.screenshot("approval-sender-waiting");

    // AND the approver's screen shows it at once through the event stream, with a beep
    approver.waitFor("the pending approval on the approver's screen", d -> approver.find("#review-" + id));
    approver.waitFor("a beep for it", d -> Integer.parseInt(approver.find("#approvals-bar").getAttribute("data-beeps")) >= 1);
    approver.screenshot("approval-bar");

    // WHEN the approver opens it: exactly what will be sent, and where
    approver.find("#review-" + id).click();
    approver.waitForText("#approval-title", "暴雪红色预警");
    assertTrue(approver.text("#approval-text").startsWith("气象部门发布暴雪红色预警"), approver.text("#approval-text"));
    assertEquals("1", approver.text("#approval-repeat"));
    assertEquals("庆云堡镇", approver.text("#approval-places"));
    assertEquals("共 18 个终端", approver.text("#approval-endpoints"));
    assertTrue(approver.text("#approval-voiced").startsWith("暴雪红色预警。气象部门发布"), approver.text("#approval-voiced"));
    approver.screenshot("approval-screen");
    approver.find("#approve-alert").click();

    // THEN the approver lands on its progress, and the sender watches it go out and play in all 18 villages
    approver.find("#alert-progress");
    sender.waitForText("#progress-played", "18");
    assertEquals("审批人 county-op", sender.text("#approval-approved"));
    sender.waitFor("nothing waits any more", d -> sender.script("return document.getElementById('approvals-bar').hidden"));
    sender.screenshot("approval-sender-sent");
  }

  @Test
  @Order(2)
  void aRejectionNeedsAReasonAndTheSenderSeesIt() {
    String id = console.admin.post("/api/v1/alerts", new io.vertx.core.json.JsonObject().put("title", "洪水红色预警")
        .put("text", "请沿河村民立即转移。").put("level", "red")
        .put("targets", new io.vertx.core.json.JsonObject().put("townships", new io.vertx.core.json.JsonArray().add(QINGYUN))))
        .body().getString("id");
    approver.login("qingyun-op", PASSWORD);
    approver.find("#review-" + id).click();
    approver.find("#reject-alert").click();
    approver.waitForText(".field-error", "驳回须填写理由");
    approver.find("#reject-reason").sendKeys("水位已回落，无需转移");
    approver.find("#reject-alert").click();
    approver.waitFor("the rejection shown", d -> approver.find("#approval-rejected").getText()
        .equals("已被 qingyun-op 驳回：水位已回落，无需转移"));
    approver.waitForText("#alert-state", "已驳回");
  }

  @Test
  @Order(3)
  void aDrillIsMarkedEverywhereItIsShown() throws Exception {
    sender.login("qingyun-op", PASSWORD);
    sender.find("#nav-send").click();
    sender.find("#alert-template option[value=blizzard]").click();
    sender.find("label.level-blue").click(); // blue goes at once
    sender.find("#target-township-" + QINGYUN).click();
    sender.find("#alert-exercise").click();
    assertTrue(sender.text("#speech-preview").contains("演练，演练。这是一次演练。"), sender.text("#speech-preview"));
    sender.find("#alert-next").click();
    sender.waitFor("the confirmation marks the drill", d -> sender.find("#confirm-title .badge.exercise").getText().equals("演练"));
    sender.find("#alert-send").click();
    sender.waitForText("#progress-played", "18");
    assertEquals("演练", sender.text("#progress-heading .badge.exercise"));
    assertTrue(sender.find("#alert-progress").getAttribute("class").contains("is-exercise"));
    String id = sender.driver.getCurrentUrl().replaceAll(".*#/alerts/", "");
    sender.find("#nav-history").click();
    sender.find("#history-search").click();
    sender.waitFor("the history row marked as a drill", d -> sender.find("tr[data-alert='" + id + "'] .badge.exercise").getText()
        .equals("演练"));
    sender.screenshot("history-drill");
  }
}
