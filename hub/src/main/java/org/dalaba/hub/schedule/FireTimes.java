package org.dalaba.hub.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: pure functions of the schedule and an instant (the caller's {@code Clock}
 * supplies "now"). Local dates and times are read in the schedule's zone; a local time that does not
 * exist on a day (a daylight-saving gap) moves forward by the gap, as {@link ZonedDateTime#of} does.
 */
public final class FireTimes {
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  /** How far ahead an open-ended schedule is searched for its next fire. */
  static final int SEARCH_DAYS = 366 * 5;
  private static final int MAX_CRON_STEPS = 100_000;

  private FireTimes() {
  }

  /** Throws {@link IllegalArgumentException} with the parser's explanation if the expression is not valid. */
  public static void checkCron(String expression) {
    CRON.parse(expression).validate();
  }

  /** The first fire strictly after {@code after}, if there is one. */
  public static Optional<Instant> nextAfter(Schedule schedule, Instant after) {
    ZonedDateTime from = after.atZone(schedule.zone());
    LocalDate firstDay = from.toLocalDate();
    if (schedule.startDate() != null && schedule.startDate().isAfter(firstDay)) {
      firstDay = schedule.startDate();
    }
    LocalDate lastDay = schedule.endDate() != null ? schedule.endDate() : firstDay.plusDays(SEARCH_DAYS);
    Recurrence recurrence = schedule.recurrence();
    if (recurrence instanceof Recurrence.Once once) {
      Instant at = once.at().atZone(schedule.zone()).toInstant();
      return at.isAfter(after) && allowed(schedule, once.at().toLocalDate()) ? Optional.of(at) : Optional.empty();
    }
    if (recurrence instanceof Recurrence.Cron cron) {
      return nextCron(schedule, cron, from, firstDay, lastDay);
    }
    List<LocalTime> times = recurrence instanceof Recurrence.Daily daily ? daily.times() : ((Recurrence.Weekly) recurrence).times();
    for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
      if (!allowed(schedule, day)
          || recurrence instanceof Recurrence.Weekly weekly && !weekly.weekdays().contains(day.getDayOfWeek())) {
        continue;
      }
      for (LocalTime time : times) {
        Instant at = ZonedDateTime.of(day, time, schedule.zone()).toInstant();
        if (at.isAfter(after)) {
          return Optional.of(at);
        }
      }
    }
    return Optional.empty();
  }

  /** Fires in ({@code fromExclusive}, {@code toInclusive}], at most {@code max} of them, in order. */
  public static List<Instant> between(Schedule schedule, Instant fromExclusive, Instant toInclusive, int max) {
    List<Instant> fires = new ArrayList<>();
    Instant cursor = fromExclusive;
    while (fires.size() < max) {
      Optional<Instant> next = nextAfter(schedule, cursor);
      if (next.isEmpty() || next.get().isAfter(toInclusive)) {
        break;
      }
      fires.add(next.get());
      cursor = next.get();
    }
    return fires;
  }

  private static Optional<Instant> nextCron(Schedule schedule, Recurrence.Cron cron, ZonedDateTime from, LocalDate firstDay,
                                            LocalDate lastDay) {
    ExecutionTime execution = ExecutionTime.forCron(CRON.parse(cron.expression()));
    ZonedDateTime cursor = from;
    ZonedDateTime firstDayStart = firstDay.atStartOfDay(schedule.zone());
    if (firstDayStart.isAfter(from)) {
      cursor = firstDayStart.minusSeconds(1);
    }
    for (int step = 0; step < MAX_CRON_STEPS; step++) {
      Optional<ZonedDateTime> next = execution.nextExecution(cursor);
      if (next.isEmpty() || next.get().toLocalDate().isAfter(lastDay)) {
        return Optional.empty();
      }
      LocalDate day = next.get().toLocalDate();
      if (allowed(schedule, day)) {
        return Optional.of(next.get().toInstant());
      }
      cursor = day.plusDays(1).atStartOfDay(schedule.zone()).minusSeconds(1); // skip the rest of a skipped day
    }
    return Optional.empty();
  }

  private static boolean allowed(Schedule schedule, LocalDate day) {
    return (schedule.startDate() == null || !day.isBefore(schedule.startDate()))
        && (schedule.endDate() == null || !day.isAfter(schedule.endDate()))
        && !schedule.skipDates().contains(day);
  }
}
