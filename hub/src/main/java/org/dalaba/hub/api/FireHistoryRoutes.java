package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.schedule.Fire;
import org.dalaba.hub.schedule.ProgrammeStore;
import org.dalaba.hub.schedule.RoutineService;
import org.dalaba.hub.schedule.Schedule;

/**
 * {@code GET /api/v1/fires}: the routine broadcasts (fires) of every schedule the caller may see, newest
 * first, a page at a time, with counts made from the villages of the caller's scope (and of
 * {@code township}, if given). {@code from}/{@code to} days as for alerts, {@code limit} 1–100 (default
 * 50), {@code before} the {@code next} cursor of the page before. One request instead of one per
 * schedule and one per fire from the browser.
 */
public final class FireHistoryRoutes implements HttpApi.ApiRoutes {
  static final int DEFAULT_LIMIT = org.dalaba.hub.config.Limits.FIRE_HISTORY_DEFAULT;
  static final int MAX_LIMIT = org.dalaba.hub.config.Limits.FIRE_HISTORY_MAX;
  /** Fires read per schedule: a schedule's newest; older ones are reached by narrowing the dates. */
  static final int PER_SCHEDULE = 500;

  private final Supplier<Directory> directory;
  private final ProgrammeStore store;
  private final RoutineService routine;
  private final ZoneId zone;
  private final Times times;

  private final io.vertx.core.Vertx vertx;

  /** @param vertx its workers count each fire's records for the caller's scope (a county-wide fire has 10,000) */
  public FireHistoryRoutes(io.vertx.core.Vertx vertx, Supplier<Directory> directory, ProgrammeStore store, RoutineService routine, ZoneId zone, Times times) {
    this.vertx = vertx;
    this.directory = directory;
    this.store = store;
    this.routine = routine;
    this.zone = zone;
    this.times = times;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/fires").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    Directory dir = directory.get();
    HistoryQuery query = HistoryQuery.read(ctx, zone, dir);
    int limit = Http.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    Cursor before = Cursor.parse(ctx.request().getParam("before"));
    Scope township = query.township() == null ? null : Scope.township(query.township());
    Http.reply(ctx, 200, store.schedules().compose(schedules -> {
      List<Future<List<String>>> idLists = new ArrayList<>();
      for (Schedule s : schedules) {
        if (user.scope().touches(s.targets(), dir) && (township == null || township.touches(s.targets(), dir))) {
          idLists.add(routine.fireIds(s.id(), PER_SCHEDULE));
        }
      }
      return Future.all(idLists);
    }).compose(lists -> {
      List<Future<Fire>> fires = new ArrayList<>();
      for (int i = 0; i < lists.size(); i++) {
        for (String id : lists.<List<String>>resultAt(i)) {
          fires.add(routine.fire(id));
        }
      }
      return Future.all(fires);
    }).compose(loaded -> {
      List<Fire> inRange = new ArrayList<>();
      for (int i = 0; i < loaded.size(); i++) {
        Fire f = loaded.resultAt(i);
        if (f != null && f.scheduledAt() >= query.fromMs() && f.scheduledAt() <= query.toMs() && before.isAfter(f)) {
          inRange.add(f);
        }
      }
      inRange.sort(Comparator.comparingLong(Fire::scheduledAt).reversed().thenComparing(Fire::id));
      List<Fire> page = inRange.subList(0, Math.min(limit, inRange.size()));
      List<Future<JsonObject>> items = new ArrayList<>();
      page.forEach(f -> items.add(routine.plays().records(f.id())
          .compose(records -> vertx.executeBlocking(() -> item(f, records, user.scope(), township, dir), false))));
      boolean more = inRange.size() > limit;
      return Future.all(items).map(done -> {
        JsonArray list = new JsonArray();
        for (int i = 0; i < done.size(); i++) {
          JsonObject item = done.resultAt(i);
          if (item != null) {
            list.add(item);
          }
        }
        return new JsonObject().put("fires", list)
            .put("next", more ? Cursor.of(page.get(page.size() - 1)) : null);
      });
    }));
  }

  /** The fire with counts of the villages the caller may see (within the township asked for); null if none. */
  private JsonObject item(Fire fire, Map<String, DeliveryRecord> records, Scope scope, Scope township, Directory dir) {
    Map<String, Long> counts = new HashMap<>();
    java.util.Set<String> villages = new java.util.HashSet<>();
    long targets = 0;
    for (Map.Entry<String, DeliveryRecord> e : records.entrySet()) {
      String villageId = dir.endpoint(e.getKey()).map(ep -> ep.villageId()).orElse(null);
      if (villageId == null || !scope.includesVillage(villageId, dir) || township != null && !township.includesVillage(villageId, dir)) {
        continue;
      }
      targets++;
      villages.add(villageId);
      counts.merge(e.getValue().state().wire(), 1L, Long::sum);
    }
    if (targets == 0 && !records.isEmpty()) {
      return null;
    }
    counts.put("targets", targets);
    return new JsonObject().put("id", fire.id()).put("scheduleId", fire.scheduleId()).put("scheduleName", fire.scheduleName())
        .put("programmeId", fire.programmeId()).put("programmeName", fire.programmeName()).put("state", fire.state())
        .put("scheduledAt", times.iso(fire.scheduledAt())).put("firedAt", times.iso(fire.firedAt()))
        .put("villages", villages.size())
        .put("counts", AlertView.counts(counts, DeliveryState.PLAYBACK, (int) targets));
  }

  /** Where a page ended: the last fire's time and id (fires are ordered newest first, then by id). */
  private record Cursor(long at, String id) {
    static final Cursor NONE = new Cursor(Long.MAX_VALUE, "");

    static String of(Fire fire) {
      return fire.scheduledAt() + "~" + fire.id();
    }

    static Cursor parse(String value) {
      if (value == null || value.isEmpty()) {
        return NONE;
      }
      int tilde = value.indexOf('~');
      try {
        if (tilde > 0 && value.length() <= 100) {
          return new Cursor(Long.parseLong(value.substring(0, tilde)), value.substring(tilde + 1));
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw ApiError.badField("before", "应为上一页返回的 next 值", "must be the next value of the page before");
    }

    /** Whether the fire comes after this cursor in the listing's order. */
    boolean isAfter(Fire fire) {
      return fire.scheduledAt() < at || fire.scheduledAt() == at && fire.id().compareTo(id) > 0;
    }
  }
}
