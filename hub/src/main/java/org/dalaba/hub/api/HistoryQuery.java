package org.dalaba.hub.api;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.directory.Directory;

/**
 * The filters of {@code GET /api/v1/alerts}: {@code from}/{@code to} dates (YYYY-MM-DD, whole days in
 * the county's zone, both included), {@code level}, {@code township}, {@code limit} (1–500, default 50).
 */
record HistoryQuery(long fromMs, long toMs, AlertLevel level, String township, int limit) {
  static final int DEFAULT_LIMIT = org.dalaba.hub.config.Limits.ALERT_HISTORY_DEFAULT;
  static final int MAX_LIMIT = org.dalaba.hub.config.Limits.ALERT_HISTORY_MAX;

  static HistoryQuery read(RoutingContext ctx, ZoneId zone, Directory directory) {
    long from = date(ctx, "from").map(d -> d.atStartOfDay(zone).toInstant().toEpochMilli()).orElse(0L);
    long to = date(ctx, "to").map(d -> d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() - 1)
        .orElse(Long.MAX_VALUE);
    if (to < from) {
      throw ApiError.badField("to", "不能早于开始日期", "must not be before from");
    }
    String levelParam = ctx.request().getParam("level");
    AlertLevel level = null;
    if (levelParam != null && !levelParam.isEmpty()) {
      level = AlertLevel.parse(levelParam);
      if (level == null) {
        throw ApiError.badField("level", "必须是 blue、yellow、orange、red 之一", "must be one of blue, yellow, orange, red");
      }
    }
    String township = ctx.request().getParam("township");
    if (township != null && township.isEmpty()) {
      township = null;
    }
    if (township != null && directory.township(township).isEmpty()) {
      throw ApiError.badField("township", "没有这个乡镇：" + township, "no township with id " + township);
    }
    int limit = Http.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    return new HistoryQuery(from, to, level, township, limit);
  }

  private static java.util.Optional<LocalDate> date(RoutingContext ctx, String field) {
    String value = ctx.request().getParam(field);
    if (value == null || value.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw ApiError.badField(field, "日期格式应为 2026-11-25", "must be a date like 2026-11-25");
    }
  }

  /** Whether the alert passes the level and township filters and the caller may see it. */
  boolean accepts(Alert alert, Scope callerScope, Directory directory) {
    return (level == null || alert.level() == level)
        && (township == null || Scope.township(township).touches(alert.targets(), directory))
        && callerScope.touches(alert.targets(), directory);
  }
}
