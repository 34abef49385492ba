package org.dalaba.hub.escalation;

/**
 * An alert level's delivery target: {@code percent} of the alert's endpoints played within {@code withinMs} of its
 * acceptance. Written in the configuration as {@code PERCENT/SECONDS}, e.g. {@code 95/120}; empty: no target.
 */
public record DeliveryTarget(int percent, long withinMs) {

  /** @return the target, or null for an empty text (no target, no escalation) */
  public static DeliveryTarget parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] parts = text.strip().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("must be PERCENT/SECONDS, e.g. 95/120, or empty");
    }
    try {
      int percent = Integer.parseInt(parts[0].strip());
      long seconds = Long.parseLong(parts[1].strip());
      if (percent < 1 || percent > 100 || seconds < 1) {
        throw new IllegalArgumentException("percent must be 1-100 and seconds positive (e.g. 95/120)");
      }
      return new DeliveryTarget(percent, seconds * 1000);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be PERCENT/SECONDS with whole numbers, e.g. 95/120");
    }
  }

  /** Whether {@code played} of {@code total} endpoints meet the target. */
  public boolean metBy(long played, long total) {
    return total == 0 || played * 100 >= (long) percent * total;
  }

  public String describe() {
    return (withinMs / 1000) + " 秒内 " + percent + "% 播放";
  }
}
