package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.coverage.CoverageFigures;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.schedule.Fire;
import org.dalaba.hub.schedule.ProgrammeStore;
import org.dalaba.hub.schedule.RoutineService;
import org.dalaba.hub.schedule.Schedule;

/**
 * {@code GET /api/v1/reports/daily?date=YYYY-MM-DD&township=ID}: the printable daily report (HTML, A4) of one
 * township — or of the caller's whole scope without {@code township} — listing that day's alerts and routine plays
 * (fires) with their coverage, exercises apart and not counted. A township operator may ask only for their township,
 * a village operator for their village's (and sees their village's figures). Counting runs on a worker.
 */
public final class DailyReportRoutes implements HttpApi.ApiRoutes {
  private static final int FIRES = org.dalaba.hub.config.Limits.DAILY_REPORT_FIRES;
  private static final int PER_SCHEDULE = FireHistoryRoutes.PER_SCHEDULE;

  private final Vertx vertx;
  private final Supplier<Directory> directory;
  private final CoverageRoutes coverage;
  private final ProgrammeStore programmes;
  private final RoutineService routine;
  private final Times times;

  public DailyReportRoutes(Vertx vertx, Supplier<Directory> directory, CoverageRoutes coverage, ProgrammeStore programmes,
                           RoutineService routine, Times times) {
    this.vertx = vertx;
    this.directory = directory;
    this.coverage = coverage;
    this.programmes = programmes;
    this.routine = routine;
    this.times = times;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/reports/daily").handler(this::daily);
  }

  private void daily(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    Directory dir = directory.get();
    LocalDate date = date(ctx.request().getParam("date"));
    Scope view = view(user.scope(), ctx.request().getParam("township"), dir);
    boolean en = Http.english(ctx);
    long from = date.atStartOfDay(times.zone()).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(times.zone()).toInstant().toEpochMilli() - 1;
    HistoryQuery day = new HistoryQuery(from, to, null, null, HistoryQuery.MAX_LIMIT);
    Future<JsonObject> alerts = coverage.summary(day, view);
    CoverageFigures playsTotal = new CoverageFigures();
    Future<List<DailyReportPage.Row>> plays = fires(from, to, view, dir, en, playsTotal);
    Future.all(alerts, plays).compose(all -> vertx.executeBlocking(() -> {
      JsonObject summary = all.resultAt(0);
      return new DailyReportPage(en).render(place(view, dir), date.toString(), java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(java.time.ZonedDateTime.now(times.zone())),
          user.username(), rows(summary.getJsonArray("alerts"), en), summary.getJsonObject("total"), all.resultAt(1),
          playsTotal.total(), rows(summary.getJsonArray("exercises"), en));
    }, false)).onComplete(r -> {
      if (r.failed()) {
        Http.fail(ctx, r.cause());
      } else if (!ctx.response().ended()) {
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(r.result());
      }
    });
  }

  private static LocalDate date(String value) {
    if (value == null || value.isEmpty()) {
      throw ApiError.badField("date", "请选择日期，格式如 2026-11-25", "give a date like 2026-11-25");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.badField("date", "日期格式应为 2026-11-25", "must be a date like 2026-11-25");
    }
  }

  /** What the report covers: the township asked for within the caller's scope (a village operator: their village). */
  static Scope view(Scope scope, String township, Directory dir) {
    if (township == null || township.isEmpty()) {
      return scope;
    }
    if (dir.township(township).isEmpty()) {
      throw ApiError.badField("township", "没有这个乡镇：" + township, "no township with id " + township);
    }
    if (scope.isCounty()) {
      return Scope.township(township);
    }
    if (!township.equals(scope.townshipId(dir))) {
      throw ApiError.forbidden("township", "该乡镇不在您的管辖范围内", "this township lies outside your scope");
    }
    return scope;
  }

  private static String place(Scope view, Directory dir) {
    return dir.countyName() + (view.isCounty() ? "" : " " + AlertRoutes.scopeName(view, dir));
  }

  private List<DailyReportPage.Row> rows(io.vertx.core.json.JsonArray alerts, boolean en) {
    List<DailyReportPage.Row> rows = new ArrayList<>();
    for (Object item : alerts) {
      JsonObject a = (JsonObject) item;
      rows.add(new DailyReportPage.Row(a.getString("alertId"), clock(a.getString("sentAt") != null ? a.getString("sentAt") : a.getString("createdAt")),
          a.getString("title"), en ? a.getString("level") : a.getString("levelName"), en ? a.getString("state") : StateNames.alert(a.getString("state")),
          a.getJsonObject("total")));
    }
    return rows;
  }

  /** HH:MM:SS of an API time. */
  private static String clock(String iso) {
    return iso == null ? "" : iso.substring(11, 19);
  }

  /**
   * The day's fires of the schedules the view touches, oldest first, each counted over the view's villages; all of
   * them are also counted into {@code total} (one fire at a time, on a worker).
   */
  private Future<List<DailyReportPage.Row>> fires(long from, long to, Scope view, Directory dir, boolean en, CoverageFigures total) {
    return programmes.schedules().compose(schedules -> {
      List<Future<List<String>>> idLists = new ArrayList<>();
      for (Schedule s : schedules) {
        if (view.touches(s.targets(), dir)) {
          idLists.add(routine.fireIds(s.id(), PER_SCHEDULE));
        }
      }
      return Future.all(idLists);
    }).compose(lists -> {
      List<Future<Fire>> fires = new ArrayList<>();
      for (int i = 0; i < lists.size(); i++) {
        lists.<List<String>>resultAt(i).forEach(id -> fires.add(routine.fire(id)));
      }
      return Future.all(fires);
    }).compose(loaded -> {
      List<Fire> day = new ArrayList<>();
      for (int i = 0; i < loaded.size(); i++) {
        Fire f = loaded.resultAt(i);
        if (f != null && f.scheduledAt() >= from && f.scheduledAt() <= to) {
          day.add(f);
        }
      }
      day.sort(Comparator.comparingLong(Fire::scheduledAt).thenComparing(Fire::id));
      Future<List<DailyReportPage.Row>> chain = Future.succeededFuture(new ArrayList<>());
      for (Fire f : day.subList(0, Math.min(FIRES, day.size()))) {
        chain = chain.compose(rows -> routine.plays().storedRecords(f.id()).compose(stored -> vertx.executeBlocking(() -> {
          var records = ScopedDeliveries.of(AlertStore.decodeRecords(stored), java.util.Map.of(), view, dir).records();
          if (!records.isEmpty() || stored.isEmpty()) {
            long start = f.firedAt() > 0 ? f.firedAt() : f.scheduledAt();
            total.add(records, start, dir);
            rows.add(new DailyReportPage.Row(f.id(), clock(times.iso(f.scheduledAt())), f.scheduleName() + " / " + f.programmeName(),
                en ? "routine" : "日常", fireState(f.state(), en), new CoverageFigures().add(records, start, dir).total()));
          }
          return rows;
        }, false)));
      }
      return chain;
    });
  }

  private static String fireState(String state, boolean en) {
    if (en) {
      return state;
    }
    return switch (state) {
      case Fire.FIRED -> "播放中";
      case Fire.COMPLETED -> "已完成";
      case Fire.MISSED -> "错过（未播出）";
      default -> state;
    };
  }
}
