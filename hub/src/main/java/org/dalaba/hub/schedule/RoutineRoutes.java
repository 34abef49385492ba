package org.dalaba.hub.schedule;

import static org.dalaba.hub.api.Http.body;
import static org.dalaba.hub.api.Http.reply;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.api.AlertView;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.access.MaterialAccess;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.media.MediaItem;
import org.dalaba.hub.media.MediaLibrary;
import org.dalaba.hub.speech.SpeechSynth;

/**
 * {@code /api/v1/programmes}, {@code /api/v1/schedules} and {@code /api/v1/fires}: routine broadcasting.
 * Every request is checked completely before anything is stored, so a 400 leaves nothing behind.
 */
public final class RoutineRoutes implements HttpApi.ApiRoutes {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration OVERLAP_HORIZON = Duration.ofDays(14);
  private static final int MAX_ITEMS = org.dalaba.hub.config.Limits.PROGRAMME_ITEMS;
  private static final int MAX_UPCOMING = org.dalaba.hub.config.Limits.UPCOMING_FIRES;

  private final Clock clock;
  private final Supplier<Directory> directory;
  private final ProgrammeStore store;
  private final MediaLibrary media;
  private final SpeechSynth speech;
  private final RoutineScheduler scheduler;
  private final RoutineService routine;
  private final ScheduleRequests requests;
  private final AuditLog audit;
  private final Times times;
  private final AlertView deliveryView;
  private final int msPerChar;
  private final int maxSpeechChars;

  public RoutineRoutes(Clock clock, Supplier<Directory> directory, ProgrammeStore store, MediaLibrary media, SpeechSynth speech,
                       RoutineScheduler scheduler, RoutineService routine, ZoneId zone, AuditLog audit, Times times, int msPerChar,
                       int maxSpeechChars) {
    this.clock = clock;
    this.directory = directory;
    this.store = store;
    this.media = media;
    this.speech = speech;
    this.scheduler = scheduler;
    this.routine = routine;
    this.requests = new ScheduleRequests(clock, zone);
    this.audit = audit;
    this.times = times;
    this.deliveryView = new AlertView(times);
    this.msPerChar = msPerChar;
    this.maxSpeechChars = maxSpeechChars;
    media.usage(sha -> store.programmes().map(all -> all.stream()
        .filter(p -> p.items().stream().anyMatch(i -> sha.equals(i.mediaSha256()))).map(Programme::id).toList()));
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/programmes").handler(this::createProgramme);
    router.get("/api/v1/programmes").handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      Directory dir = directory.get();
      reply(ctx, 200, store.programmes().map(list -> {
        JsonArray all = new JsonArray();
        list.stream().filter(p -> MaterialAccess.usable(user, p.scope(), dir)).forEach(p -> all.add(view(p, user, dir)));
        return new JsonObject().put("programmes", all);
      }));
    });
    router.get("/api/v1/programmes/:id").handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      reply(ctx, 200, programme(ctx.pathParam("id")).map(p -> view(usable(user, p), user, directory.get())));
    });
    router.put("/api/v1/programmes/:id").handler(this::updateProgramme);
    router.delete("/api/v1/programmes/:id").handler(this::deleteProgramme);
    router.post("/api/v1/schedules").handler(ctx -> saveSchedule(ctx, null));
    router.get("/api/v1/schedules").handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      reply(ctx, 200, store.schedules().map(list -> {
        JsonArray all = new JsonArray();
        list.stream().filter(s -> visible(user, s)).sorted(Comparator.comparingLong(Schedule::createdAt))
            .forEach(s -> all.add(view(s, user)));
        return new JsonObject().put("schedules", all);
      }));
    });
    router.get("/api/v1/schedules/upcoming").handler(this::upcoming);
    router.get("/api/v1/schedules/:id").handler(ctx -> {
      User user = Http.require(ctx, Permission.VIEW);
      reply(ctx, 200, schedule(ctx.pathParam("id")).map(s -> view(inScope(user, s), user)));
    });
    router.put("/api/v1/schedules/:id").handler(ctx -> saveSchedule(ctx, ctx.pathParam("id")));
    router.post("/api/v1/schedules/:id/pause").handler(ctx -> setPaused(ctx, true));
    router.post("/api/v1/schedules/:id/resume").handler(ctx -> setPaused(ctx, false));
    router.delete("/api/v1/schedules/:id").handler(this::deleteSchedule);
    router.get("/api/v1/schedules/:id/fires").handler(this::history);
    router.get("/api/v1/fires/:id").handler(this::fire);
  }

  /**
   * Whether a schedule reaches any village of the user's scope: then it is listed. Changing it
   * (edit, pause, resume, delete) needs a scope that covers all of its targets ({@link #changeable}).
   */
  private boolean visible(User user, Schedule schedule) {
    return user.scope().touches(schedule.targets(), directory.get());
  }

  /** The schedule, if the user's scope covers every target of it; else 403 (it may play elsewhere too). */
  private Schedule changeable(User user, Schedule schedule) {
    inScope(user, schedule);
    if (!user.scope().covers(schedule.targets(), directory.get())) {
      throw ApiError.forbidden(null, "该排期也在您的管辖范围之外播出，您只能查看，不能修改",
          "this schedule also plays outside your scope: you may see it but not change it");
    }
    return schedule;
  }

  private Programme usable(User user, Programme programme) {
    if (!MaterialAccess.usable(user, programme.scope(), directory.get())) {
      throw ApiError.forbidden(null, "该节目不在您的管辖范围内", "this programme lies outside your scope");
    }
    return programme;
  }

  private JsonObject view(Programme programme, User user, Directory dir) {
    return programme.toJson().put("scope", programme.scope().toJson(dir))
        .put("mayChange", MaterialAccess.changeable(user, programme.scope(), dir));
  }

  private Schedule inScope(User user, Schedule schedule) {
    if (!visible(user, schedule)) {
      throw ApiError.forbidden(null, "该排期不在您的管辖范围内", "this schedule lies outside your scope");
    }
    return schedule;
  }

  // ---- programmes ----

  private void createProgramme(RoutingContext ctx) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    JsonObject body = body(ctx);
    String name = ScheduleRequests.text(body, "name", 100);
    Directory dir = directory.get();
    Future<List<ProgrammeItem>> items = items(body, session, dir);
    String id = newId("pg");
    reply(ctx, 201, items.compose(list -> {
      Programme programme = new Programme(id, name, list, clock.millis(), session.username(), session.scope());
      return store.save(programme)
          .compose(audit.passing(session.username(), "programme.create", v -> new JsonObject().put("programmeId", id).put("name", name)))
          .map(v -> {
            ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/programmes/" + id);
            return view(programme, session, dir);
          });
    }));
  }

  /**
   * {@code PUT /api/v1/programmes/{id}}: a new name and items, validated as for create; its maker, time and scope stay.
   * Whoever may delete it may change it (a scope containing the programme's). Schedules using it play the new items
   * from their next fire.
   */
  private void updateProgramme(RoutingContext ctx) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    String id = ctx.pathParam("id");
    Directory dir = directory.get();
    reply(ctx, 200, programme(id).compose(old -> {
      if (!MaterialAccess.changeable(session, usable(session, old).scope(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该节目属于上级或其他单位，您只能使用，不能修改",
            "this programme belongs to a wider scope: you may use it but not change it"));
      }
      JsonObject body = body(ctx);
      String name = ScheduleRequests.text(body, "name", 100);
      return items(body, session, dir).compose(list -> {
        Programme programme = new Programme(id, name, list, old.createdAt(), old.createdBy(), old.scope());
        return store.save(programme)
            .compose(audit.passing(session.username(), "programme.update", v -> new JsonObject().put("programmeId", id).put("name", name)))
            .map(v -> view(programme, session, dir));
      });
    }));
  }

  /** A programme's items from a request, validated, recordings checked and texts spoken; 400 for what is wrong. */
  private Future<List<ProgrammeItem>> items(JsonObject body, User session, Directory dir) {
    if (!(body.getValue("items") instanceof JsonArray items) || items.isEmpty() || items.size() > MAX_ITEMS) {
      throw ApiError.badField("items", "必填：1 到 " + MAX_ITEMS + " 个节目项", "is required: 1 to " + MAX_ITEMS + " items");
    }
    int spokenChars = 0;
    List<Future<ProgrammeItem>> checked = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String field = "items[" + i + "]";
      if (!(items.getValue(i) instanceof JsonObject item) || item.containsKey("media") == item.containsKey("text")) {
        throw ApiError.badField(field, "必须是 {\"media\":\"sha256\"} 或 {\"text\":\"…\"} 之一", "must be one of {\"media\":\"sha256\"} or {\"text\":\"…\"}");
      }
      if (item.containsKey("text")) {
        String text = ScheduleRequests.text(item, "text", 2000);
        spokenChars += text.codePointCount(0, text.length());
        if (spokenChars > maxSpeechChars) {
          // bounded work per request: the hub would otherwise render unbounded audio for one programme
          throw ApiError.badField("items", "文字节目项合计不能超过 " + maxSpeechChars + " 个字符，请分成几个节目",
              "the text items may have at most " + maxSpeechChars + " characters together; split the programme");
        }
        checked.add(Future.succeededFuture(new ProgrammeItem(text, null, 0, 0)));
      } else {
        String sha = String.valueOf(item.getValue("media"));
        checked.add(media.get(sha).compose(found -> found == null || !org.dalaba.hub.media.MediaAccess.usable(session, found, dir)
            ? Future.failedFuture(ApiError.badField(field + ".media", "没有这个音频：" + sha, "no media with sha256 " + sha))
            : Future.succeededFuture(new ProgrammeItem(null, sha, found.bytes(), found.durationMs()))));
      }
    }
    return Future.all(checked).compose(all -> {
      // one text after the other: one request holds at most one slot of the bounded speech pool
      Future<List<ProgrammeItem>> spoken = Future.succeededFuture(new ArrayList<>());
      for (int i = 0; i < all.size(); i++) {
        ProgrammeItem item = all.resultAt(i);
        spoken = spoken.compose(list -> (item.text() == null ? Future.succeededFuture(item) : speak(item.text(), session, dir))
            .map(done -> {
              list.add(done);
              return list;
            }));
      }
      return spoken;
    });
  }

  /** A text item: spoken by the hub when it can, else sent as text with an estimated duration. */
  private Future<ProgrammeItem> speak(String text, User user, Directory dir) {
    return speech.speak(text, user, dir).map((MediaItem made) -> made == null
        ? new ProgrammeItem(text, null, 0, Math.max(2000L, (long) text.codePointCount(0, text.length()) * msPerChar))
        : new ProgrammeItem(text, made.sha256(), made.bytes(), made.durationMs()));
  }

  private void deleteProgramme(RoutingContext ctx) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    String id = ctx.pathParam("id");
    reply(ctx, 200, programme(id).compose(p -> {
      if (!MaterialAccess.changeable(session, usable(session, p).scope(), directory.get())) {
        return Future.failedFuture(ApiError.forbidden(null, "该节目属于上级或其他单位，您只能使用，不能删除",
            "this programme belongs to a wider scope: you may use it but not delete it"));
      }
      return store.schedules();
    }).compose(schedules -> {
      List<String> users = schedules.stream().filter(s -> s.programmeId().equals(id)).map(Schedule::id).toList();
      if (!users.isEmpty()) {
        return Future.failedFuture(ApiError.conflict("节目仍被播出计划使用：" + String.join("、", users),
            "the programme is still used by schedule(s) " + String.join(", ", users)));
      }
      return store.deleteProgramme(id)
          .compose(audit.passing(session.username(), "programme.delete", v -> new JsonObject().put("programmeId", id))).map(v -> {
        return new JsonObject().put("deleted", id);
      });
    }));
  }

  // ---- schedules ----

  private void saveSchedule(RoutingContext ctx, String existingId) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    JsonObject body = body(ctx);
    Directory dir = directory.get();
    // changing a schedule needs a scope covering its old targets as well as its new ones
    Future<Schedule> previous = existingId == null ? Future.succeededFuture(null)
        : schedule(existingId).map(old -> changeable(session, old));
    // ?dryRun=true checks the body and reports the overlaps without saving: the console warns before saving
    boolean dryRun = "true".equals(ctx.request().getParam("dryRun"));
    reply(ctx, existingId == null && !dryRun ? 201 : 200, previous.compose(old -> {
      Schedule schedule = requests.parse(body, dir, existingId == null ? newId("sc") : existingId,
          old == null ? clock.millis() : old.createdAt(), old == null ? session.username() : old.createdBy(), old != null && old.paused());
      if (!session.scope().covers(schedule.targets(), dir)) {
        throw ApiError.forbidden("targets", "目标超出您的管辖范围", "the targets lie outside your scope (" + session.scope().stored() + ")");
      }
      return store.programme(schedule.programmeId()).compose(programme -> {
        if (programme == null || !MaterialAccess.usable(session, programme.scope(), dir)) {
          return Future.failedFuture(ApiError.badField("programmeId", "没有这个节目：" + schedule.programmeId(),
              "no programme with id " + schedule.programmeId()));
        }
        if (dryRun) {
          return overlaps(schedule, programme, dir).map(overlaps -> schedule.toJson().put("overlaps", overlaps));
        }
        return overlaps(schedule, programme, dir).compose(overlaps -> store.save(schedule)
            .compose(v -> scheduler.scheduleChanged(schedule))
                .compose(audit.passing(session.username(), existingId == null ? "schedule.create" : "schedule.update",
                    v -> new JsonObject().put("scheduleId", schedule.id()).put("name", schedule.name())))
                .map(v -> {
              ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/schedules/" + schedule.id());
              return view(schedule, session).put("overlaps", overlaps);
            }));
      });
    }));
  }

  /** Where this schedule would play at the same time as another on a shared village, over the next 14 days. */
  private Future<JsonArray> overlaps(Schedule schedule, Programme programme, Directory dir) {
    return store.schedules().compose(all -> {
      List<Future<Overlaps.Candidate>> others = new ArrayList<>();
      for (Schedule other : all) {
        others.add(store.programme(other.programmeId()).map(p -> new Overlaps.Candidate(other, p == null ? 0 : p.durationMs(),
            Coverage.villageIds(other.targets(), dir))));
      }
      return Future.all(others).map(done -> {
        List<Overlaps.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
          candidates.add(done.resultAt(i));
        }
        Overlaps.Candidate mine = new Overlaps.Candidate(schedule, programme.durationMs(), Coverage.villageIds(schedule.targets(), dir));
        JsonArray list = new JsonArray();
        for (Overlaps.Overlap o : Overlaps.find(mine, candidates, clock.instant(), OVERLAP_HORIZON, 20)) {
          list.add(new JsonObject().put("scheduleId", o.scheduleId()).put("scheduleName", o.scheduleName())
              .put("at", times.iso(o.at().toEpochMilli())).put("otherAt", times.iso(o.otherAt().toEpochMilli()))
              .put("sharedVillages", o.sharedVillages()));
        }
        return list;
      });
    });
  }

  private void setPaused(RoutingContext ctx, boolean paused) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    reply(ctx, 200, schedule(ctx.pathParam("id")).map(old -> changeable(session, old)).compose(old -> {
      Schedule changed = old.withPaused(paused, clock.millis());
      return store.save(changed).compose(v -> scheduler.scheduleChanged(changed))
          .compose(audit.passing(session.username(), paused ? "schedule.pause" : "schedule.resume",
              v -> new JsonObject().put("scheduleId", old.id())))
          .map(v -> {
        return view(changed, session);
      });
    }));
  }

  private void deleteSchedule(RoutingContext ctx) {
    User session = Http.require(ctx, Permission.PROGRAMMES);
    String id = ctx.pathParam("id");
    reply(ctx, 200, schedule(id).map(s -> changeable(session, s)).compose(s -> store.deleteSchedule(id)).compose(v -> {
      scheduler.scheduleDeleted(id);
      return audit.record(session.username(), "schedule.delete", new JsonObject().put("scheduleId", id));
    }).map(v -> new JsonObject().put("deleted", id)));
  }

  /** {@code ?from=2026-11-25&to=2026-11-27}: every active schedule's fires on those days (county zone), in order. */
  private void upcoming(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    LocalDate from = day(ctx, "from", LocalDate.now(clock.withZone(times.zone())));
    LocalDate to = day(ctx, "to", from);
    if (to.isBefore(from) || to.isAfter(from.plusDays(366))) {
      throw ApiError.badField("to", "必须在 from 之后一年以内", "must be within a year after from");
    }
    Instant start = from.atStartOfDay(times.zone()).toInstant().minusMillis(1);
    Instant end = to.plusDays(1).atStartOfDay(times.zone()).toInstant().minusMillis(1);
    reply(ctx, 200, store.schedules().map(all -> {
      List<JsonObject> fires = new ArrayList<>();
      for (Schedule s : all) {
        if (!s.paused() && visible(user, s)) {
          FireTimes.between(s, start, end, MAX_UPCOMING).forEach(at -> fires.add(new JsonObject().put("scheduleId", s.id())
              .put("scheduleName", s.name()).put("programmeId", s.programmeId()).put("priority", s.priority())
              .put("at", times.iso(at.toEpochMilli())).put("epochMs", at.toEpochMilli())));
        }
      }
      fires.sort(Comparator.comparingLong((JsonObject f) -> f.getLong("epochMs")));
      return new JsonObject().put("fires", new JsonArray(new ArrayList<>(fires)));
    }));
  }

  private static LocalDate day(RoutingContext ctx, String param, LocalDate absent) {
    String value = ctx.request().getParam(param);
    if (value == null) {
      return absent;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw ApiError.badField(param, "日期格式应为 2026-11-25", "must be a date like 2026-11-25");
    }
  }

  private void history(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    reply(ctx, 200, schedule(id).map(s -> inScope(user, s)).compose(s -> routine.fireIds(id, 100)).compose(ids -> {
      List<Future<Fire>> fires = new ArrayList<>();
      ids.forEach(f -> fires.add(routine.fire(f)));
      return Future.all(fires).map(done -> {
        JsonArray list = new JsonArray();
        for (int i = 0; i < done.size(); i++) {
          Fire fire = done.resultAt(i);
          if (fire != null) {
            list.add(summary(fire));
          }
        }
        return new JsonObject().put("fires", list);
      });
    }));
  }

  /** One fire with its delivery record in the alerts' shape, plus the prefetch counts and lateness per endpoint. */
  private void fire(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    reply(ctx, 200, routine.fire(id).compose(fire -> {
      if (fire == null) {
        return Future.failedFuture(ApiError.notFound("播出|fire", id));
      }
      return Future.all(routine.plays().counts(id), routine.plays().records(id), routine.prefetches().counts(fire.prefetchId()))
          .map(all -> {
            java.util.Map<String, org.dalaba.hub.delivery.DeliveryRecord> records = all.resultAt(1);
            java.util.Map<String, Long> counts = all.resultAt(0);
            if (!user.scope().isCounty()) {
              // a township or village operator sees only its own villages, and counts made from them
              Directory dir = directory.get();
              records = new java.util.LinkedHashMap<>(records);
              records.keySet().removeIf(e -> !dir.endpoint(e).map(ep -> user.scope().includesVillage(ep.villageId(), dir)).orElse(false));
              if (records.isEmpty()) {
                throw ApiError.forbidden(null, "该播出不在您的管辖范围内", "this broadcast lies outside your scope");
              }
              counts = new java.util.HashMap<>();
              counts.put("targets", (long) records.size());
              for (org.dalaba.hub.delivery.DeliveryRecord r : records.values()) {
                counts.merge(r.state().wire(), 1L, Long::sum);
              }
            }
            return summary(fire)
                .put("counts", AlertView.counts(counts, DeliveryState.PLAYBACK, records.size()))
                .put("prefetch", AlertView.counts(all.resultAt(2), DeliveryState.PREFETCH, 0))
                .put("lateness", Lateness.of(records.values(), fire.scheduledAt()))
                .put("villages", deliveryView.villages(records, directory.get(), fire.scheduledAt()));
          });
    }));
  }

  private JsonObject summary(Fire fire) {
    return new JsonObject().put("id", fire.id()).put("scheduleId", fire.scheduleId()).put("scheduleName", fire.scheduleName())
        .put("programmeId", fire.programmeId()).put("programmeName", fire.programmeName()).put("state", fire.state())
        .put("scheduledAt", times.iso(fire.scheduledAt())).put("firedAt", times.iso(fire.firedAt()))
        .put("targets", fire.endpointCount()).put("priority", fire.priority()).put("onPreempt", fire.onPreempt().wire())
        .put("durationMs", fire.durationMs()).put("expiresAt", times.iso(fire.expiresAt()));
  }

  private JsonObject view(Schedule schedule, User user) {
    return schedule.toJson().put("mayChange", user.may(Permission.PROGRAMMES) && user.scope().covers(schedule.targets(), directory.get())).put("createdAt", times.iso(schedule.createdAt())).put("updatedAt", times.iso(schedule.updatedAt()))
        .put("nextFireAt", scheduler.plannedFire(schedule.id()).map(i -> times.iso(i.toEpochMilli())).orElse(null));
  }

  private Future<Programme> programme(String id) {
    return store.programme(id).compose(p -> p == null ? Future.failedFuture(ApiError.notFound("节目|programme", id)) : Future.succeededFuture(p));
  }

  private Future<Schedule> schedule(String id) {
    return store.schedule(id).compose(s -> s == null ? Future.failedFuture(ApiError.notFound("播出计划|schedule", id)) : Future.succeededFuture(s));
  }

  private static String newId(String kind) {
    String alphabet = "0123456789abcdefghijkmnpqrstuvwxyz";
    StringBuilder id = new StringBuilder(kind).append('-');
    for (int i = 0; i < 10; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
