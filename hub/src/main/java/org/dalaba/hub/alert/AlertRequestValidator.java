package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.dalaba.hub.directory.Directory;

/**
 * Checks a {@code POST /api/v1/alerts} body field by field and names the first field at fault.
 * {@code expiresAt} is ISO-8601 with an offset (e.g. 2026-11-25T20:00:00+08:00) or epoch milliseconds.
 */
public final class AlertRequestValidator {
  static final int MAX_TITLE = org.dalaba.hub.config.Limits.ALERT_TITLE_CHARS;
  static final int MAX_TEXT = org.dalaba.hub.config.Limits.ALERT_TEXT_CHARS;

  private final Clock clock;
  private final Duration defaultExpiry;
  private final Duration maxExpiry;
  private final int maxRepeat;
  private final Duration maxAir;
  private final DurationEstimate durationEstimate;

  /** @param maxAir the longest one alert may occupy a speaker: one pass ({@code durationEstimate}) × repeat */
  public AlertRequestValidator(Clock clock, Duration defaultExpiry, Duration maxExpiry, int maxRepeat, Duration maxAir,
                               DurationEstimate durationEstimate) {
    this.clock = clock;
    this.defaultExpiry = defaultExpiry;
    this.maxExpiry = maxExpiry;
    this.maxRepeat = maxRepeat;
    this.maxAir = maxAir;
    this.durationEstimate = durationEstimate;
  }

  public AlertRequest validate(JsonObject body, Directory directory) {
    if (body == null) {
      throw AlertRefused.invalidRequest("请求体必须是 JSON 对象", "the request body must be a JSON object");
    }
    String title = text(body, "title", MAX_TITLE);
    String text = text(body, "text", MAX_TEXT);
    Object levelValue = body.getValue("level");
    AlertLevel level = levelValue instanceof String s ? AlertLevel.parse(s) : null;
    if (level == null) {
      throw AlertRefused.invalid("level", "必须是 blue、yellow、orange、red 之一", "must be one of blue, yellow, orange, red");
    }
    Targets targets = TargetsParser.parse(body.getValue("targets"), directory);
    long now = clock.millis();
    long expiresAt = expiresAt(body.getValue("expiresAt"), now);
    int repeat = repeat(body.getValue("repeat"));
    checkAirTime(title, text, repeat);
    return new AlertRequest(title, text, level, targets, expiresAt, repeat, exercise(body.getValue("exercise")));
  }

  private static String text(JsonObject body, String field, int max) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw AlertRefused.invalid(field, "必填，且不能为空", "is required and must not be empty");
    }
    String trimmed = s.strip();
    if (trimmed.codePointCount(0, trimmed.length()) > max) {
      throw AlertRefused.invalid(field, "不能超过 " + max + " 个字符", "must be at most " + max + " characters");
    }
    return trimmed;
  }

  /** A long low-level alert would hold every speaker it reaches; it is bounded so nothing waits too long. */
  private void checkAirTime(String title, String text, int repeat) {
    long passMs = durationEstimate.of(title, text);
    long airMs = passMs * repeat;
    if (airMs > maxAir.toMillis()) {
      throw AlertRefused.invalid("repeat", "预警播放总时长约 " + spoken(airMs) + "（每遍约 " + spoken(passMs) + " × " + repeat
              + " 遍），超过上限 " + spoken(maxAir.toMillis()) + "。请缩短正文或减少重复次数",
          "total air time of about " + airMs / 1000 + " s (" + passMs / 1000 + " s a pass × " + repeat
              + ") is over the limit of " + maxAir.toSeconds() + " s; shorten the text or repeat it fewer times");
    }
  }

  /** e.g. "10 分钟", "8 分 20 秒", "45 秒" (rounded up to the second). */
  private static String spoken(long ms) {
    long seconds = (ms + 999) / 1000;
    if (seconds < 60) {
      return seconds + " 秒";
    }
    return seconds % 60 == 0 ? seconds / 60 + " 分钟" : seconds / 60 + " 分 " + seconds % 60 + " 秒";
  }

  private long expiresAt(Object value, long now) {
    if (value == null) {
      return now + defaultExpiry.toMillis();
    }
    long at;
    if (value instanceof Number n) {
      at = n.longValue();
    } else if (value instanceof String s) {
      try {
        at = OffsetDateTime.parse(s).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        throw AlertRefused.invalid("expiresAt", "时间格式应为 2026-11-25T20:00:00+08:00", "must be ISO-8601 with offset, e.g. 2026-11-25T20:00:00+08:00");
      }
    } else {
      throw AlertRefused.invalid("expiresAt", "时间格式应为 2026-11-25T20:00:00+08:00", "must be ISO-8601 with offset, e.g. 2026-11-25T20:00:00+08:00");
    }
    if (at <= now) {
      throw AlertRefused.invalid("expiresAt", "必须晚于当前时间", "must be in the future");
    }
    if (at > now + maxExpiry.toMillis()) {
      throw AlertRefused.invalid("expiresAt", "不能晚于 " + maxExpiry.toHours() + " 小时之后", "must be within " + maxExpiry.toHours() + " hours");
    }
    return at;
  }

  /** A drill (演练): true or false, absent is false; fixed once accepted. */
  private static boolean exercise(Object value) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw AlertRefused.invalid("exercise", "应为 true（演练）或 false（真实预警）", "must be true (a drill) or false (a real alert)");
    }
    return b;
  }

  private int repeat(Object value) {
    if (value == null) {
      return 1;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1 || n.intValue() > maxRepeat) {
      throw AlertRefused.invalid("repeat", "必须是 1 到 " + maxRepeat + " 的整数", "must be a whole number from 1 to " + maxRepeat);
    }
    return n.intValue();
  }
}
