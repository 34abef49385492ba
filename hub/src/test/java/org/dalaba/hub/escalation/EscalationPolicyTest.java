package org.dalaba.hub.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.ConfigLoader;
import org.dalaba.hub.escalation.EscalationPolicy.Kind;
import org.junit.jupiter.api.Test;

/** Delivery targets per level and the timed escalation steps, against a fake clock. */
class EscalationPolicyTest {
  private static final long ACCEPTED = Instant.parse("2026-12-02T03:00:00Z").toEpochMilli();

  @Test
  void theDefaultsAreRed95In120sAndResendThenNotifyThenPhone() {
    EscalationPolicy policy = ConfigLoader.defaults().escalationPolicy();
    assertEquals(new DeliveryTarget(95, 120_000), policy.target(AlertLevel.RED));
    assertEquals(new DeliveryTarget(90, 300_000), policy.target(AlertLevel.ORANGE));
    assertEquals(new DeliveryTarget(80, 600_000), policy.target(AlertLevel.YELLOW));
    assertEquals(new DeliveryTarget(80, 900_000), policy.target(AlertLevel.BLUE));
    assertEquals(List.of(Kind.RESEND, Kind.NOTIFY, Kind.PHONE_FOLLOWUP), policy.steps().stream().map(EscalationPolicy.Step::kind).toList());
  }

  @Test
  void stepsFallDueOneByOneAfterTheTargetsDeadline() {
    EscalationPolicy policy = new EscalationPolicy(Map.of(AlertLevel.RED, DeliveryTarget.parse("95/120")),
        EscalationPolicy.parseSteps("resend:0,notify:60,phone_followup:300"));
    Clock start = Clock.fixed(Instant.ofEpochMilli(ACCEPTED), ZoneOffset.UTC);
    assertEquals(ACCEPTED + 120_000, policy.deadline(AlertLevel.RED, ACCEPTED));
    assertEquals(List.of(), due(policy, Clock.offset(start, Duration.ofSeconds(119))));
    assertEquals(List.of(Kind.RESEND), due(policy, Clock.offset(start, Duration.ofSeconds(120))));
    assertEquals(List.of(Kind.RESEND), due(policy, Clock.offset(start, Duration.ofSeconds(179))));
    assertEquals(List.of(Kind.RESEND, Kind.NOTIFY), due(policy, Clock.offset(start, Duration.ofSeconds(180))));
    assertEquals(List.of(Kind.RESEND, Kind.NOTIFY, Kind.PHONE_FOLLOWUP), due(policy, Clock.offset(start, Duration.ofSeconds(420))));
    // a level without a target never escalates
    assertEquals(-1, policy.deadline(AlertLevel.BLUE, ACCEPTED));
    assertEquals(List.of(), policy.due(AlertLevel.BLUE, ACCEPTED, ACCEPTED + 86_400_000));
  }

  private static List<Kind> due(EscalationPolicy policy, Clock clock) {
    return policy.due(AlertLevel.RED, ACCEPTED, clock.millis()).stream().map(EscalationPolicy.Step::kind).toList();
  }

  @Test
  void aTargetIsMetAtItsPercentOfTheTargets() {
    DeliveryTarget target = DeliveryTarget.parse("95/120");
    assertTrue(target.metBy(95, 100));
    assertFalse(target.metBy(94, 100));
    assertTrue(target.metBy(19, 20));
    assertFalse(target.metBy(18, 20));
    assertTrue(target.metBy(0, 0));
    assertNull(DeliveryTarget.parse(""));
  }

  @Test
  void badTargetsAndStepsStopTheStartNamingTheKey() {
    for (String bad : List.of("95", "0/120", "101/120", "95/0", "x/y")) {
      assertThrows(IllegalArgumentException.class, () -> DeliveryTarget.parse(bad), bad);
    }
    for (String bad : List.of("notify", "call:10", "notify:60,resend:0", "resend:-1", "resend:x")) {
      assertThrows(IllegalArgumentException.class, () -> EscalationPolicy.parseSteps(bad), bad);
    }
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> ConfigLoader.defaults().with(ConfigKey.ESCALATION_TARGET_RED, "95%"));
    assertTrue(e.getMessage().contains("escalation.target.red"), e.getMessage());
    RuntimeException channels = assertThrows(RuntimeException.class, () -> ConfigLoader.defaults().with(ConfigKey.NOTIFY_CHANNELS,
        "[{\"id\":\"d\",\"type\":\"dingtalk\",\"url\":\"https://x/?access_token=T0KEN\",\"secret\":\"S3CRET\",\"bad\":1}]"));
    assertTrue(channels.getMessage().contains("notify.channels") && channels.getMessage().contains("unknown field bad"), channels.getMessage());
    assertFalse(channels.getMessage().contains("T0KEN") || channels.getMessage().contains("S3CRET"), channels.getMessage());
    assertEquals(List.of(), EscalationPolicy.parseSteps(""));
  }
}
