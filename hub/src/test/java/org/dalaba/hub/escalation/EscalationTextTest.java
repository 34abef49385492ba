package org.dalaba.hub.escalation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.Targets;
import org.junit.jupiter.api.Test;

/** What a notified person reads; a drill says so at the start and the end. */
class EscalationTextTest {
  private static final Alert ALERT = new Alert("a-1", "暴雪", "请减少外出", AlertLevel.RED, Targets.fromJson(
      new io.vertx.core.json.JsonObject().put("all", true)), List.of("dlb/v1/cmd/all"), 20, 0, "admin", 3_600_000, 1, 3000,
      AlertState.ACTIVE, 0, null);

  @Test
  void theTextNamesTheAlertTheVillageWhatIsMissingAndWhatToDo() {
    String text = EscalationText.of(ALERT, false, "庆云堡镇", "吴家堡村", 2, 13, DeliveryTarget.parse("95/120"));
    assertTrue(text.startsWith("红色预警「暴雪」未按时送达：庆云堡镇吴家堡村有 2 个喇叭没有播放"), text);
    assertTrue(text.contains("120 秒内 95% 播放") && text.contains("现 65%") && text.contains("a-1"), text);
    assertFalse(text.contains("演练"), text);
  }

  @Test
  void aDrillIsMarkedAtTheStartAndTheEnd() {
    String text = EscalationText.of(ALERT, true, "庆云堡镇", "吴家堡村", 2, 13, DeliveryTarget.parse("95/120"));
    assertTrue(text.startsWith("【演练】") && text.endsWith("（演练，非真实预警）"), text);
  }
}
