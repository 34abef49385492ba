package org.dalaba.hub.schedule;

import java.time.DayOfWeek;
import java.util.Map;

/** Weekday names in requests: {@code mon … sun}, or ISO numbers 1 (Monday) … 7 (Sunday). */
final class Weekdays {
  private static final Map<String, DayOfWeek> NAMES = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
      "sun", DayOfWeek.SUNDAY);

  private Weekdays() {
  }

  /** @return the day, or null when the text names none */
  static DayOfWeek parse(String text) {
    DayOfWeek named = NAMES.get(text.toLowerCase());
    if (named != null) {
      return named;
    }
    return text.matches("[1-7]") ? DayOfWeek.of(Integer.parseInt(text)) : null;
  }
}
