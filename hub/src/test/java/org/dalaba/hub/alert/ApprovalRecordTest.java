package org.dalaba.hub.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two-person rule's configuration and its record on a stored alert, and the drill flag's. */
class ApprovalRecordTest {

  @Test
  void levelsParseCommaSeparatedAndAnythingElseIsRefusedByName() {
    assertEquals(Set.of(AlertLevel.ORANGE, AlertLevel.RED), ApprovalPolicy.parseLevels("orange, red"));
    assertEquals(Set.of(), ApprovalPolicy.parseLevels(""));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ApprovalPolicy.parseLevels("red,purple"));
    assertTrue(bad.getMessage().contains("purple"), bad.getMessage());
    ApprovalPolicy shipped = new ApprovalPolicy(ApprovalPolicy.parseLevels("orange,red"), 600_000);
    assertTrue(shipped.required(AlertLevel.RED));
    assertFalse(shipped.required(AlertLevel.YELLOW));
    assertFalse(ApprovalPolicy.none().required(AlertLevel.RED));
  }

  @Test
  void aStoredAlertKeepsItsDrillApprovalAndOverride() {
    Alert alert = new Alert("a-1", "t", "x", AlertLevel.RED, Targets.everyone(), List.of("dalaba/v1/cmd/all"), 3, 10, "sender", 1000,
        1, 2000, AlertState.ACTIVE, 0, null, null, true, Approval.overridden("sender", 10, "堤坝决口"),
        new EmergencyOverride("sender", 10, "堤坝决口"), null);
    Alert read = Alert.fromJson(new JsonObject(alert.toJson().encode()));
    assertEquals(alert, read);
    assertTrue(read.exercise());
    assertEquals("overridden", read.approval().state());
    assertEquals("堤坝决口", read.override().reason());
  }

  @Test
  void anAlertStoredBeforeTheRuleIsARealAlertThatNeededNoApproval() {
    JsonObject old = new Alert("a-2", "t", "x", AlertLevel.RED, Targets.everyone(), List.of(), 1, 10, "admin", 1000, 1, 2000,
        AlertState.COMPLETED, 20, null).toJson();
    old.remove("exercise");
    old.remove("approval");
    Alert read = Alert.fromJson(old);
    assertFalse(read.exercise());
    assertEquals(Approval.NOT_REQUIRED, read.approval().state());
    assertNull(read.override());
    assertFalse(read.command().containsKey("exercise"));
  }

  @Test
  void aDrillIsVoicedBetweenTheDrillWords() {
    Alert drill = new Alert("a-3", "防汛演练", "请到村委会集合。", AlertLevel.RED, Targets.everyone(), List.of(), 1, 10, "admin",
        1000, 1, 2000, AlertState.ACTIVE, 0, null, null, true, null, null, null);
    String spoken = AlertVoicing.spokenText(drill);
    assertTrue(spoken.startsWith("演练") && spoken.endsWith("演练。"), spoken);
    assertEquals("防汛演练。请到村委会集合。", AlertVoicing.spokenText(new Alert("a-4", "防汛演练", "请到村委会集合。", AlertLevel.RED,
        Targets.everyone(), List.of(), 1, 10, "admin", 1000, 1, 2000, AlertState.ACTIVE, 0, null)));
    assertEquals(true, drill.command().getBoolean("exercise"));
  }
}
