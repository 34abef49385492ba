package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.coverage.AlertFacts;
import org.dalaba.hub.coverage.AlertTimeline;
import org.dalaba.hub.coverage.CoverageFigures;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Honest coverage (到达率: played ÷ targets, coverage/CoverageFigures) and the incident timeline:
 * {@code GET /api/v1/alerts/{id}/coverage} (per township and total), {@code …/coverage.csv},
 * {@code GET /api/v1/alerts/{id}/timeline}, and over a period {@code GET /api/v1/coverage} and {@code /coverage.csv}
 * (filters as the alert history: from, to, level, township, limit). Scoped as {@code GET /api/v1/alerts/{id}}: a
 * user sees the alerts that reach their scope, with figures of their villages only. Exercises are listed apart and
 * never counted in the period's totals. Records are decoded and counted on a worker.
 */
public final class CoverageRoutes implements HttpApi.ApiRoutes {
  private static final int HISTORY_SCAN = org.dalaba.hub.config.Limits.ALERT_HISTORY_SCAN;
  private static final int NOTIFICATIONS = org.dalaba.hub.config.Limits.TIMELINE_NOTIFICATIONS;

  private final Vertx vertx;
  private final Supplier<Directory> directory;
  private final AlertStore store;
  private final RedisStore redis;
  private final Times times;

  public CoverageRoutes(Vertx vertx, Supplier<Directory> directory, AlertStore store, RedisStore redis, Times times) {
    this.vertx = vertx;
    this.directory = directory;
    this.store = store;
    this.redis = redis;
    this.times = times;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/alerts/:id/coverage").handler(this::alertCoverage);
    router.get("/api/v1/alerts/:id/coverage.csv").handler(this::alertCoverageCsv);
    router.get("/api/v1/alerts/:id/timeline").handler(this::timeline);
    router.get("/api/v1/coverage").handler(this::period);
    router.get("/api/v1/coverage.csv").handler(this::periodCsv);
  }

  /** One alert with the delivery records the scope may see. */
  record Loaded(Alert alert, AlertFacts facts, Map<String, DeliveryRecord> records) {
    long startedAt() {
      return facts.sentAt() > 0 ? facts.sentAt() : alert.createdAt();
    }
  }

  /** The alert and its records in the scope; 404 if unknown, 403 if it reaches no village of the scope. */
  Future<Loaded> load(String id, Scope scope) {
    return store.getStored(id).compose(stored -> {
      if (stored == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      Alert alert = stored.decode();
      Directory dir = directory.get();
      if (!scope.touches(alert.targets(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警不在您的管辖范围内", "this alert lies outside your scope"));
      }
      return loadRecords(alert, new JsonObject(stored.alert()), scope, dir);
    });
  }

  private Future<Loaded> loadRecords(Alert alert, JsonObject stored, Scope scope, Directory dir) {
    return Future.all(store.counts(alert.id()), store.storedRecords(alert.id())).compose(all -> vertx.executeBlocking(() ->
        new Loaded(alert, AlertFacts.of(stored), ScopedDeliveries.of(AlertStore.decodeRecords(all.resultAt(1)), all.resultAt(0), scope,
            dir).records()), false));
  }

  private JsonObject head(Loaded loaded) {
    Alert a = loaded.alert();
    return new JsonObject().put("alertId", a.id()).put("title", a.title()).put("level", a.level().wire())
        .put("levelName", a.level().chinese + "预警").put("state", a.state().wire()).put("exercise", loaded.facts().exercise())
        .put("createdAt", times.iso(a.createdAt())).put("sentAt", times.iso(loaded.facts().sentAt()));
  }

  /** Figures of one loaded alert: run on a worker. */
  private JsonObject figures(Loaded loaded, Directory dir) {
    return head(loaded).mergeIn(new CoverageFigures().add(loaded.records(), loaded.startedAt(), dir).toJson(dir));
  }

  private void alertCoverage(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    Directory dir = directory.get();
    Http.reply(ctx, 200, load(ctx.pathParam("id"), user.scope()).compose(l -> vertx.executeBlocking(() -> figures(l, dir), false)));
  }

  private void alertCoverageCsv(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    boolean en = Http.english(ctx);
    Directory dir = directory.get();
    Http.csv(ctx, id + "-coverage.csv", load(id, user.scope()).compose(l -> vertx.executeBlocking(() -> {
      JsonObject f = figures(l, dir);
      Csv csv = new Csv().row(header(en, en ? "township" : "乡镇"));
      for (Object row : f.getJsonArray("townships")) {
        JsonObject r = (JsonObject) row;
        csv.row(cells(r.getString("townshipName") == null ? (en ? "(not in the directory)" : "（目录中已无）") : r.getString("townshipName"), r));
      }
      csv.row(cells(en ? "total" : "合计", f.getJsonObject("total")));
      return csv.toString();
    }, false)));
  }

  static List<String> header(boolean en, String first) {
    return en ? List.of(first, "targets", "played", "coverage %", "failed", "expired", "cancelled", "unconfirmed",
        "p50 s", "p90 s", "p99 s", "max s")
        : List.of(first, "目标终端", "已播放", "到达率 %", "失败", "过期", "已撤销", "未确认", "p50 秒", "p90 秒", "p99 秒", "最长 秒");
  }

  static List<Object> cells(String first, JsonObject row) {
    JsonObject t = row.getJsonObject("timeToPlayed");
    List<Object> cells = new ArrayList<>(List.of(first, row.getLong("targets"), row.getLong("played"), percent(row.getDouble("coverage")),
        row.getLong("failed"), row.getLong("expired"), row.getLong("cancelled"), row.getLong("unconfirmed")));
    for (String key : List.of("p50Ms", "p90Ms", "p99Ms", "maxMs")) {
      cells.add(seconds(t.getLong(key)));
    }
    return cells;
  }

  /** A ratio as a percentage with one decimal ({@code 95.2}); empty when there were no targets. */
  static String percent(Double ratio) {
    return ratio == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", ratio * 100);
  }

  static String seconds(Long ms) {
    return ms == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0);
  }

  private void timeline(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    Directory dir = directory.get();
    Http.reply(ctx, 200, load(id, user.scope()).compose(l -> notifications(id).compose(list -> vertx.executeBlocking(() ->
        AlertTimeline.of(l.alert(), l.facts(), l.records(), inScope(decoded(list), user.scope(), dir), times::iso), false))));
  }

  /** The notifications of villages in the scope (and those of no village): a contact elsewhere is not the caller's to see. */
  private static List<JsonObject> inScope(List<JsonObject> notifications, Scope scope, Directory dir) {
    return notifications.stream().filter(n -> !(n.getValue("village") instanceof String village) || scope.includesVillage(village, dir))
        .toList();
  }

  /** The alert's escalation steps and notifications (written by the escalation policy) as stored, oldest first. */
  private Future<List<String>> notifications(String id) {
    return redis.send(Command.LRANGE, Keys.alertNotifications(id), 0, NOTIFICATIONS - 1).map(r -> {
      List<String> list = new ArrayList<>();
      if (r != null) {
        r.forEach(item -> list.add(item.toString()));
      }
      return list;
    });
  }

  /** Decoded on a worker; an entry that is not JSON (not written by the escalation policy) is left out. */
  private static List<JsonObject> decoded(List<String> stored) {
    List<JsonObject> list = new ArrayList<>();
    for (String entry : stored) {
      try {
        list.add(new JsonObject(entry));
      } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
        // left out of the timeline
      }
    }
    return list;
  }

  /** The alerts of a period the user may see (history filters), oldest first, each with its total; exercises apart. */
  Future<JsonObject> summary(HistoryQuery query, Scope scope) {
    Directory dir = directory.get();
    return store.idsBetween(query.fromMs(), query.toMs(), HISTORY_SCAN).compose(ids -> {
      List<Future<AlertStore.Stored>> loaded = new ArrayList<>();
      ids.forEach(id -> loaded.add(store.getStored(id)));
      return Future.all(loaded);
    }).compose(all -> vertx.executeBlocking(() -> {
      List<Object[]> found = new ArrayList<>();
      for (int i = 0; i < all.size() && found.size() < query.limit(); i++) {
        AlertStore.Stored stored = all.resultAt(i);
        Alert alert = stored == null ? null : stored.decode();
        if (alert != null && query.accepts(alert, scope, dir)) {
          found.add(new Object[] {alert, new JsonObject(stored.alert())});
        }
      }
      java.util.Collections.reverse(found); // oldest first, as a report reads
      return found;
    }, false)).compose(found -> {
      CoverageFigures real = new CoverageFigures();
      CoverageFigures drills = new CoverageFigures();
      JsonArray alerts = new JsonArray();
      JsonArray exercises = new JsonArray();
      Future<Void> chain = Future.succeededFuture();
      // one alert at a time: a period's records are never all in memory at once
      for (Object[] item : found) {
        chain = chain.compose(v -> loadRecords((Alert) item[0], (JsonObject) item[1], scope, dir)).compose(l -> vertx.executeBlocking(() -> {
          (l.facts().exercise() ? drills : real).add(l.records(), l.startedAt(), dir);
          (l.facts().exercise() ? exercises : alerts).add(head(l).put("total",
              new CoverageFigures().add(l.records(), l.startedAt(), dir).total()));
          return null;
        }, false)).mapEmpty();
      }
      return chain.compose(v -> vertx.executeBlocking(() -> real.toJson(dir).put("alerts", alerts).put("exercises", exercises)
          .put("exerciseTotal", drills.total()).put("from", times.iso(query.fromMs()))
          .put("to", query.toMs() == Long.MAX_VALUE ? null : times.iso(query.toMs())), false));
    });
  }

  private void period(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    HistoryQuery query = HistoryQuery.read(ctx, times.zone(), directory.get());
    Http.reply(ctx, 200, summary(query, narrowed(user.scope(), query)));
  }

  /** With {@code township}, the figures are of that township (within the caller's scope, else 403). */
  private Scope narrowed(Scope scope, HistoryQuery query) {
    return DailyReportRoutes.view(scope, query.township(), directory.get());
  }

  private void periodCsv(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    boolean en = Http.english(ctx);
    HistoryQuery query = HistoryQuery.read(ctx, times.zone(), directory.get());
    Http.csv(ctx, "coverage.csv", summary(query, narrowed(user.scope(), query)).compose(s ->
        vertx.executeBlocking(() -> {
          List<String> header = new ArrayList<>(List.of(en ? "id" : "编号", en ? "sent" : "发布时间", en ? "level" : "级别"));
          header.addAll(header(en, en ? "title" : "标题"));
          Csv csv = new Csv().row(header);
          for (Object a : s.getJsonArray("alerts")) {
            csv.row(alertCells((JsonObject) a, en));
          }
          List<Object> total = new ArrayList<>(List.of(en ? "total" : "合计", "", ""));
          total.addAll(cells(en ? s.getJsonArray("alerts").size() + " alerts" : s.getJsonArray("alerts").size() + " 条预警", s.getJsonObject("total")));
          csv.row(total);
          if (!s.getJsonArray("exercises").isEmpty()) {
            csv.row(en ? "exercises (not counted above)" : "演练（不计入以上统计）");
            for (Object a : s.getJsonArray("exercises")) {
              csv.row(alertCells((JsonObject) a, en));
            }
          }
          return csv.toString();
        }, false)));
  }

  private static List<Object> alertCells(JsonObject a, boolean en) {
    List<Object> cells = new ArrayList<>(List.of(a.getString("alertId"), a.getString("createdAt"),
        en ? a.getString("level") : a.getString("levelName")));
    cells.addAll(cells(a.getString("title"), a.getJsonObject("total")));
    return cells;
  }
}
