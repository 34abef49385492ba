package org.dalaba.hub.escalation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.AlertLevel;

/**
 * Per level a delivery target, and one escalation policy of timed steps taken once a target is missed: each step
 * {@code KIND:SECONDS} after the target's deadline, e.g. {@code resend:0,notify:60,phone_followup:300}
 * (configuration {@code escalation.steps}). Pure: {@link #due} answers from the alert's acceptance time and a clock
 * reading, so the timing is tested with a fake clock.
 */
public record EscalationPolicy(Map<AlertLevel, DeliveryTarget> targets, List<Step> steps) {

  /** What a step does. */
  public enum Kind {
    /** record the engine's re-sends to the missing endpoints (it re-sends to online ones by itself; offline ones catch up) */
    RESEND,
    /** notify the duty contacts of the villages that have not played, through their channels */
    NOTIFY,
    /** list those villages as needing a phone call (the console's 已电话通知 marks take them off) */
    PHONE_FOLLOWUP;

    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Kind parse(String text) {
      for (Kind kind : values()) {
        if (kind.wire().equals(text)) {
          return kind;
        }
      }
      return null;
    }
  }

  /** One step: what, and how long after the target's deadline; {@code number} counts from 1 in order. */
  public record Step(int number, Kind kind, long afterMs) {
  }

  public EscalationPolicy {
    targets = targets.isEmpty() ? Map.of() : new EnumMap<>(targets);
    steps = List.copyOf(steps);
  }

  /** @throws IllegalArgumentException saying what is wrong */
  public static List<Step> parseSteps(String text) {
    List<Step> steps = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return steps;
    }
    long previous = -1;
    for (String part : text.split(",")) {
      String[] pieces = part.strip().split(":");
      Kind kind = pieces.length == 2 ? Kind.parse(pieces[0].strip()) : null;
      if (kind == null) {
        throw new IllegalArgumentException("each step is KIND:SECONDS with KIND resend, notify or phone_followup, e.g. resend:0,notify:60");
      }
      long seconds;
      try {
        seconds = Long.parseLong(pieces[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a step's SECONDS must be a whole number (" + part.strip() + ")");
      }
      if (seconds < 0 || seconds * 1000 < previous) {
        throw new IllegalArgumentException("steps must be in time order, from 0 seconds on (" + part.strip() + ")");
      }
      previous = seconds * 1000;
      steps.add(new Step(steps.size() + 1, kind, seconds * 1000));
    }
    return steps;
  }

  public DeliveryTarget target(AlertLevel level) {
    return targets.get(level);
  }

  /** When the alert's target is judged (epoch ms); -1 when its level has no target. */
  public long deadline(AlertLevel level, long createdAt) {
    DeliveryTarget target = targets.get(level);
    return target == null ? -1 : createdAt + target.withinMs();
  }

  /** When the last step is due (epoch ms); -1 when its level has no target. */
  public long lastStepDue(AlertLevel level, long createdAt) {
    long deadline = deadline(level, createdAt);
    return deadline < 0 ? -1 : deadline + steps.stream().mapToLong(Step::afterMs).max().orElse(0);
  }

  /** The steps due at {@code now} for an alert whose target was missed, in order, whether done or not. */
  public List<Step> due(AlertLevel level, long createdAt, long now) {
    long deadline = deadline(level, createdAt);
    if (deadline < 0 || now < deadline) {
      return List.of();
    }
    return steps.stream().filter(s -> now >= deadline + s.afterMs()).toList();
  }
}
