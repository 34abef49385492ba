package org.dalaba.hub.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.alert.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Next-fire times against a fixed clock in Asia/Shanghai (UTC+8, no daylight saving). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FireTimesTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static Schedule schedule(Recurrence recurrence, LocalDate start, LocalDate end, Set<LocalDate> skip) {
    return new Schedule("sc-1", "早间新闻", "pg-1", Targets.everyone(), recurrence, start, end, skip, SHANGHAI, 10,
        PreemptPolicy.RESUME, false, 0, "admin", 0);
  }

  static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
  }

  static Clock clockAt(String dateTime) {
    return Clock.fixed(local(dateTime), SHANGHAI);
  }

  @Test
  void aDailyScheduleCrossesMidnightAndTheEndOfTheMonth() {
    // GIVEN a daily schedule at 23:30 and 00:15, and the clock at 23:45 on 31 January
    Schedule daily = schedule(new Recurrence.Daily(List.of(LocalTime.of(23, 30), LocalTime.of(0, 15))), null, null, Set.of());
    Clock clock = clockAt("2026-01-31T23:45");
    // WHEN the next fires are computed
    List<Instant> fires = FireTimes.between(daily, clock.instant(), clock.instant().plus(Duration.ofDays(1)), 10);
    // THEN they are 00:15 on 1 February and 23:30 on 1 February, local time
    assertEquals(List.of(local("2026-02-01T00:15"), local("2026-02-01T23:30")), fires);
    // and 28 February rolls over to 1 March (2026 is not a leap year)
    assertEquals(local("2026-03-01T00:15"), FireTimes.nextAfter(daily, local("2026-02-28T23:31")).orElseThrow());
  }

  @Test
  void anInstantIsReadInTheSchedulesZoneNotUtc() {
    // GIVEN 06:30 daily in Shanghai: 22:30 UTC the day before
    Schedule daily = schedule(new Recurrence.Daily(List.of(LocalTime.of(6, 30))), null, null, Set.of());
    Instant next = FireTimes.nextAfter(daily, Instant.parse("2026-11-30T22:00:00Z")).orElseThrow();
    assertEquals(Instant.parse("2026-11-30T22:30:00Z"), next);
    assertEquals(ZonedDateTime.of(2026, 12, 1, 6, 30, 0, 0, SHANGHAI).toInstant(), next);
  }

  @Test
  void aWeeklyScheduleSkipsOtherDaysAndCrossesTheMonth() {
    // GIVEN Mondays and Fridays at 18:00, clock on Friday 30 October 2026 after 18:00
    Schedule weekly = schedule(new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of(LocalTime.of(18, 0))),
        null, null, Set.of());
    List<Instant> fires = FireTimes.between(weekly, local("2026-10-30T18:01"), local("2026-11-07T00:00"), 10);
    // THEN Monday 2 November and Friday 6 November
    assertEquals(List.of(local("2026-11-02T18:00"), local("2026-11-06T18:00")), fires);
  }

  @Test
  void skippedDatesAndTheDateRangeAreRespected() {
    // GIVEN daily 07:00 from 1 to 5 December, skipping the 2nd and 4th
    Schedule daily = schedule(new Recurrence.Daily(List.of(LocalTime.of(7, 0))), LocalDate.parse("2026-12-01"),
        LocalDate.parse("2026-12-05"), Set.of(LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-04")));
    List<Instant> fires = FireTimes.between(daily, local("2026-11-01T00:00"), local("2027-01-01T00:00"), 100);
    // THEN the 1st, 3rd and 5th only
    assertEquals(List.of(local("2026-12-01T07:00"), local("2026-12-03T07:00"), local("2026-12-05T07:00")), fires);
    assertTrue(FireTimes.nextAfter(daily, local("2026-12-05T07:00")).isEmpty(), "nothing after the end date");
  }

  @Test
  void aCronScheduleFiresOnWorkdaysAndHonoursSkippedDates() {
    // GIVEN "30 6 * * 1-5" (06:30 Monday to Friday), skipping Thursday 31 December 2026
    Schedule cron = schedule(new Recurrence.Cron("30 6 * * 1-5"), null, null, Set.of(LocalDate.parse("2026-12-31")));
    List<Instant> fires = FireTimes.between(cron, local("2026-12-30T07:00"), local("2027-01-05T00:00"), 10);
    // THEN Friday 1 January and Monday 4 January (the weekend and the skipped day produce nothing)
    assertEquals(List.of(local("2027-01-01T06:30"), local("2027-01-04T06:30")), fires);
  }

  @Test
  void anInvalidCronIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> FireTimes.checkCron("61 6 * * *"));
    assertThrows(IllegalArgumentException.class, () -> FireTimes.checkCron("every morning"));
  }

  @Test
  void aOneOffScheduleFiresOnceInTheFuture() {
    Schedule once = schedule(new Recurrence.Once(LocalDateTime.parse("2026-11-26T06:30")), null, null, Set.of());
    assertEquals(local("2026-11-26T06:30"), FireTimes.nextAfter(once, local("2026-11-25T20:00")).orElseThrow());
    assertFalse(FireTimes.nextAfter(once, local("2026-11-26T06:30")).isPresent());
  }

  @Test
  void aMissedFireInsideTheGraceWindowIsPlayedAndTheRestAreRecorded() {
    // GIVEN a hub that was down over 06:30, 12:00 and 18:00 and restarts at 18:03 with 5 minutes' grace
    Schedule daily = schedule(new Recurrence.Daily(List.of(LocalTime.of(6, 30), LocalTime.of(12, 0), LocalTime.of(18, 0))),
        null, null, Set.of());
    Clock restart = clockAt("2026-11-25T18:03");
    List<Instant> due = FireTimes.between(daily, local("2026-11-25T06:00"), restart.instant(), 100);
    // WHEN deciding
    MissedFires decision = MissedFires.decide(due, restart.instant(), Duration.ofMinutes(5));
    // THEN 18:00 plays now, 06:30 and 12:00 are missed
    assertEquals(local("2026-11-25T18:00"), decision.playNow().orElseThrow());
    assertEquals(List.of(local("2026-11-25T06:30"), local("2026-11-25T12:00")), decision.missed());
  }

  @Test
  void aMissedFireOutsideTheGraceWindowIsOnlyRecorded() {
    // GIVEN the same hub restarting at 18:06, one minute past the grace window
    Schedule daily = schedule(new Recurrence.Daily(List.of(LocalTime.of(18, 0))), null, null, Set.of());
    Clock restart = clockAt("2026-11-25T18:06");
    List<Instant> due = FireTimes.between(daily, local("2026-11-25T06:00"), restart.instant(), 100);
    MissedFires decision = MissedFires.decide(due, restart.instant(), Duration.ofMinutes(5));
    // THEN nothing plays: no stale broadcast
    assertTrue(decision.playNow().isEmpty());
    assertEquals(List.of(local("2026-11-25T18:00")), decision.missed());
  }

  @Test
  void overlappingSchedulesOnASharedVillageAreReportedWithTheirTimes() {
    // GIVEN a 10-minute news at 06:30 daily on village A, and a new 5-minute weather at 06:35 on villages A and B
    Schedule news = schedule(new Recurrence.Daily(List.of(LocalTime.of(6, 30))), null, null, Set.of());
    Schedule weather = new Schedule("sc-2", "天气", "pg-2", Targets.everyone(), new Recurrence.Daily(List.of(LocalTime.of(6, 35))),
        null, null, Set.of(), SHANGHAI, 5, PreemptPolicy.DROP, false, 0, "admin", 0);
    Schedule evening = new Schedule("sc-3", "晚间", "pg-3", Targets.everyone(), new Recurrence.Daily(List.of(LocalTime.of(19, 0))),
        null, null, Set.of(), SHANGHAI, 5, PreemptPolicy.DROP, false, 0, "admin", 0);
    Instant now = local("2026-11-25T20:00");
    Overlaps.Candidate candidate = new Overlaps.Candidate(weather, 300_000, Set.of("A", "B"));
    // WHEN checking against the news (shares A) and an evening programme (no overlap in time)
    List<Overlaps.Overlap> found = Overlaps.find(candidate, List.of(new Overlaps.Candidate(news, 600_000, Set.of("A")),
        new Overlaps.Candidate(evening, 600_000, Set.of("A", "B"))), now, Duration.ofDays(2), 10);
    // THEN the two mornings collide with the news, on one shared village
    assertEquals(2, found.size());
    assertEquals("sc-1", found.get(0).scheduleId());
    assertEquals(local("2026-11-26T06:35"), found.get(0).at());
    assertEquals(local("2026-11-26T06:30"), found.get(0).otherAt());
    assertEquals(1, found.get(0).sharedVillages());
    // and a paused schedule or one on other villages does not count
    assertTrue(Overlaps.find(candidate, List.of(new Overlaps.Candidate(news.withPaused(true, 0), 600_000, Set.of("A"))),
        now, Duration.ofDays(2), 10).isEmpty());
    assertTrue(Overlaps.find(candidate, List.of(new Overlaps.Candidate(news, 600_000, Set.of("C"))), now, Duration.ofDays(2), 10).isEmpty());
  }
}
