package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.alert.TargetsParser;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.directory.Directory;

/**
 * Checks a schedule request field by field ({@code POST}/{@code PUT /api/v1/schedules}) and names the
 * first field at fault. Whether the programme exists is checked by the caller (it needs Redis).
 */
public final class ScheduleRequests {
  private final Clock clock;
  private final ZoneId defaultZone;

  public ScheduleRequests(Clock clock, ZoneId defaultZone) {
    this.clock = clock;
    this.defaultZone = defaultZone;
  }

  /** A schedule from the body; {@code id}, {@code createdAt}, {@code createdBy} come from the caller. */
  public Schedule parse(JsonObject body, Directory directory, String id, long createdAt, String createdBy, boolean paused) {
    String name = text(body, "name", 100);
    if (!(body.getValue("programmeId") instanceof String programmeId) || programmeId.isBlank()) {
      throw ApiError.badField("programmeId", "必填", "is required");
    }
    Targets targets = TargetsParser.parse(body.getValue("targets"), directory);
    ZoneId zone = zone(body.getValue("zone"));
    Recurrence recurrence = recurrence(body.getValue("recurrence"), zone);
    LocalDate startDate = date(body.getValue("startDate"), "startDate");
    LocalDate endDate = date(body.getValue("endDate"), "endDate");
    if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
      throw ApiError.badField("endDate", "不能早于开始日期（" + startDate + "）", "must not be before the start date (" + startDate + ")");
    }
    Set<LocalDate> skipDates = new TreeSet<>();
    Object skips = body.getValue("skipDates");
    if (skips != null) {
      if (!(skips instanceof JsonArray array)) {
        throw ApiError.badField("skipDates", "必须是日期数组，如 [\"2026-12-01\"]", "must be an array of dates, e.g. [\"2026-12-01\"]");
      }
      array.forEach(d -> skipDates.add(date(d, "skipDates")));
    }
    int priority = integer(body.getValue("priority"), "priority", 0, 100, 10);
    PreemptPolicy onPreempt = onPreempt(body.getValue("onPreempt"));
    long now = clock.millis();
    Schedule schedule = new Schedule(id, name, programmeId, targets, recurrence, startDate, endDate, skipDates, zone, priority,
        onPreempt, paused, createdAt, createdBy, now);
    if (FireTimes.nextAfter(schedule, clock.instant()).isEmpty()) {
      throw ApiError.badField("recurrence", "在起止日期内没有任何将来的播出时间", "gives no future broadcast time within the dates");
    }
    return schedule;
  }

  private Recurrence recurrence(Object value, ZoneId zone) {
    if (!(value instanceof JsonObject json) || !(json.getValue("type") instanceof String type)) {
      throw ApiError.badField("recurrence.type", "必填：once、daily、weekly 或 cron", "is required: once, daily, weekly or cron");
    }
    return switch (type) {
      case "once" -> new Recurrence.Once(localDateTime(json.getValue("at"), zone));
      case "daily" -> new Recurrence.Daily(times(json.getValue("times")));
      case "weekly" -> new Recurrence.Weekly(weekdays(json.getValue("weekdays")), times(json.getValue("times")));
      case "cron" -> {
        if (!(json.getValue("expression") instanceof String expression) || expression.isBlank()) {
          throw ApiError.badField("recurrence.expression", "必填：5 段 cron 表达式，如 \"30 6 * * 1-5\"",
              "is required: a 5-field cron expression, e.g. \"30 6 * * 1-5\"");
        }
        try {
          FireTimes.checkCron(expression.strip());
        } catch (IllegalArgumentException e) {
          // the parser's own text (English, about its internals) is no help to an operator: say what is expected
          throw ApiError.badField("recurrence.expression", "“" + shown(expression) + "”不是有效的 cron 表达式：应为 5 段（分 时 日 月 周），如 30 6 * * 1-5",
              "\"" + shown(expression) + "\" is not a valid cron expression: it needs 5 fields (minute hour day month weekday), e.g. 30 6 * * 1-5");
        }
        yield new Recurrence.Cron(expression.strip());
      }
      default -> throw ApiError.badField("recurrence.type", "必须是 once、daily、weekly 或 cron", "must be once, daily, weekly or cron");
    };
  }

  private LocalDateTime localDateTime(Object value, ZoneId zone) {
    if (value instanceof String s) {
      try {
        return LocalDateTime.parse(s);
      } catch (DateTimeException e) {
        try {
          return OffsetDateTime.parse(s).atZoneSameInstant(zone).toLocalDateTime();
        } catch (DateTimeException e2) {
          // fall through to the error below
        }
      }
    }
    throw ApiError.badField("recurrence.at", "时间格式应为 2026-11-26T06:30（所在时区的当地时间）", "must be a local date-time, e.g. 2026-11-26T06:30");
  }

  private static List<LocalTime> times(Object value) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw ApiError.badField("recurrence.times", "必填：时间数组，如 [\"06:30\",\"18:00\"]", "is required: an array of times, e.g. [\"06:30\",\"18:00\"]");
    }
    List<LocalTime> times = new ArrayList<>();
    for (Object item : array) {
      try {
        times.add(LocalTime.parse(String.valueOf(item)));
      } catch (DateTimeException e) {
        throw ApiError.badField("recurrence.times", "时间格式应为 HH:mm：" + item, "must be times as HH:mm: " + item);
      }
    }
    return times;
  }

  private static Set<DayOfWeek> weekdays(Object value) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw ApiError.badField("recurrence.weekdays", "必填：如 [\"mon\",\"wed\"] 或 [1,3]", "is required, e.g. [\"mon\",\"wed\"] or [1,3]");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Object item : array) {
      DayOfWeek day = Weekdays.parse(String.valueOf(item));
      if (day == null) {
        throw ApiError.badField("recurrence.weekdays", "不是星期几：" + item + "（mon…sun 或 1…7）", "is not a weekday: " + item + " (mon…sun or 1…7)");
      }
      days.add(day);
    }
    return days;
  }

  private ZoneId zone(Object value) {
    if (value == null) {
      return defaultZone;
    }
    try {
      return ZoneId.of(String.valueOf(value));
    } catch (DateTimeException e) {
      throw ApiError.badField("zone", "不是有效的时区，如 Asia/Shanghai", "is not a time zone, e.g. Asia/Shanghai");
    }
  }

  private static LocalDate date(Object value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(String.valueOf(value));
    } catch (DateTimeException e) {
      throw ApiError.badField(field, "日期格式应为 2026-12-01：" + value, "must be a date like 2026-12-01: " + value);
    }
  }

  private static PreemptPolicy onPreempt(Object value) {
    if (value == null) {
      return PreemptPolicy.RESUME;
    }
    for (PreemptPolicy policy : PreemptPolicy.values()) {
      if (policy.wire().equals(value)) {
        return policy;
      }
    }
    throw ApiError.badField("onPreempt", "必须是 resume、restart 或 drop", "must be resume, restart or drop");
  }

  static String text(JsonObject body, String field, int max) {
    if (!(body.getValue(field) instanceof String s) || s.isBlank()) {
      throw ApiError.badField(field, "必填，且不能为空", "is required and must not be empty");
    }
    String trimmed = s.strip();
    if (trimmed.codePointCount(0, trimmed.length()) > max) {
      throw ApiError.badField(field, "不能超过 " + max + " 个字符", "must be at most " + max + " characters");
    }
    return trimmed;
  }

  static int integer(Object value, String field, int min, int max, int absent) {
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < min || n.intValue() > max) {
      throw ApiError.badField(field, "必须是 " + min + " 到 " + max + " 的整数", "must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  /** An operator's expression echoed in a message: stripped and cut short, so a message stays a message. */
  private static String shown(String expression) {
    String stripped = expression.strip();
    return stripped.codePointCount(0, stripped.length()) <= 40 ? stripped
        : stripped.substring(0, stripped.offsetByCodePoints(0, 40)) + "…";
  }
}
