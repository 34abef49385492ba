package org.dalaba.hub.live;

import java.util.Locale;

/**
 * How urgent a live session is: a routine announcement, or an emergency at an alert's level. Ranks routine < blue <
 * yellow < orange < red; on an endpoint a live session preempts routine plays always, and alerts of a lower level
 * (docs/protocol.md, "live").
 */
public enum LiveLevel {
  ROUTINE, BLUE, YELLOW, ORANGE, RED;

  public String wire() { return name().toLowerCase(Locale.ROOT); }

  public int rank() { return ordinal(); }

  /** @return the level, or null for anything else */
  public static LiveLevel parse(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    for (LiveLevel level : values()) {
      if (level.wire().equals(s)) {
        return level;
      }
    }
    return null;
  }
}
