package org.dalaba.hub.alert;

import java.util.EnumSet;
import java.util.Set;

/**
 * The two-person rule (configuration {@code alert.approvalLevels}, {@code alert.approvalTimeoutSeconds}): which levels
 * wait for a second person before anything is sent, and how long an alert may wait before it ends expired, unsent.
 */
public record ApprovalPolicy(Set<AlertLevel> levels, long timeoutMs) {
  public ApprovalPolicy {
    levels = levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
  }

  /** Nothing waits: every alert goes out at once. */
  public static ApprovalPolicy none() {
    return new ApprovalPolicy(Set.of(), 600_000);
  }

  public boolean required(AlertLevel level) {
    return levels.contains(level);
  }

  /** @throws IllegalArgumentException naming the first word that is not a level */
  public static Set<AlertLevel> parseLevels(String text) {
    Set<AlertLevel> levels = EnumSet.noneOf(AlertLevel.class);
    for (String word : text.split(",")) {
      String trimmed = word.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      AlertLevel level = AlertLevel.parse(trimmed);
      if (level == null) {
        throw new IllegalArgumentException("must list levels among blue, yellow, orange, red, comma-separated (got \"" + trimmed + "\")");
      }
      levels.add(level);
    }
    return levels;
  }
}
