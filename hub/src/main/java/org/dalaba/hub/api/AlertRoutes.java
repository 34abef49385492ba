package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertRequest;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.status.EndpointStatusTracker;

/**
 * {@code /api/v1/alerts}: send (after a preview of what it reaches), list with filters, follow one,
 * cancel, and export as CSV. Every target is checked against the caller's scope: aiming outside it is
 * a 403, and an alert that reaches no village of the scope is invisible (also 403).
 */
final class AlertRoutes {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertRoutes.class);
  private static final int HISTORY_SCAN = org.dalaba.hub.config.Limits.ALERT_HISTORY_SCAN;
  /** The largest page of alerts a history loads at once (pages double from the query's limit). */
  private static final int HISTORY_PAGE_MAX = 500;

  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final AlertService alerts;
  private final AlertStore store;
  private final AlertRequestValidator validator;
  private final AuditLog audit;
  private final AlertView view;
  private final Times times;
  private final java.util.function.BooleanSupplier storageAvailable;
  private final io.vertx.core.Vertx vertx;

  /** @param vertx its worker pool decodes histories and delivery records and builds exports, off the event loop */
  AlertRoutes(io.vertx.core.Vertx vertx, Supplier<Directory> directory, EndpointStatusTracker status, AlertService alerts, AlertStore store,
              AlertRequestValidator validator, AuditLog audit, Times times, java.util.function.BooleanSupplier storageAvailable) {
    this.vertx = vertx;
    this.directory = directory;
    this.status = status;
    this.alerts = alerts;
    this.store = store;
    this.validator = validator;
    this.audit = audit;
    this.view = new AlertView(times);
    this.times = times;
    this.storageAvailable = storageAvailable;
  }

  void mount(Router router) {
    router.post("/api/v1/alerts").handler(this::create);
    router.post("/api/v1/alerts/preview").handler(this::preview);
    router.get("/api/v1/alerts").handler(this::list);
    router.get("/api/v1/alerts.csv").handler(this::listCsv);
    router.get("/api/v1/alerts/:id").handler(this::get);
    router.get("/api/v1/alerts/:id/villages.csv").handler(this::villagesCsv);
    router.post("/api/v1/alerts/:id/cancel").handler(this::cancel);
  }

  /** Validates the request and checks that the caller may send it to every target. */
  private AlertRequest checked(RoutingContext ctx, User user) {
    Directory dir = directory.get();
    AlertRequest request = validator.validate(Http.body(ctx), dir);
    if (!user.scope().covers(request.targets(), dir)) {
      throw ApiError.forbidden("targets", "目标超出您的管辖范围（" + scopeName(user.scope(), dir) + "）",
          "the targets lie outside your scope (" + user.scope().stored() + ")");
    }
    return request;
  }

  private void create(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    AlertRequest request = checked(ctx, user);
    String overrideReason = EmergencyOverrides.reason(Http.body(ctx), user);
    if (!storageAvailable.getAsBoolean()) {
      // the alert could not be made durable: refuse it now rather than accept and lose it
      throw storageDown();
    }
    String recording = recording(Http.body(ctx));
    alerts.create(request, user, recording, overrideReason)
        .recover(e -> Future.failedFuture(e instanceof org.dalaba.hub.store.ReplicaWaitException ? notReplicated()
            : DomainErrors.toApi(e) instanceof ApiError api ? api : storageDown()))
        .compose(alert -> audited(user, alert)).onFailure(e -> Http.fail(ctx, e)).onSuccess(alert -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/alerts/" + alert.id());
          // 202: accepted and durable, but nothing is sent until a second person approves it
          boolean waits = alert.state() == AlertState.PENDING_APPROVAL;
          Http.json(ctx, waits ? 202 : 201, new JsonObject().put("id", alert.id()).put("targets", alert.endpointCount())
              .put("state", alert.state().wire()).put("exercise", alert.exercise())
              .put("approval", view.approval(alert.approval())).put("override", view.override(alert.override())));
        });
  }

  /**
   * Records the accepted alert in the audit trail. The alert is durable and going out already: if Redis fails
   * just then, the operator still hears 201 (a 500 would make them send it a second time) and the log says the
   * entry is missing.
   */
  private Future<Alert> audited(User user, Alert alert) {
    JsonObject details = new JsonObject().put("alertId", alert.id()).put("level", alert.level().wire()).put("title", alert.title())
        .put("targets", alert.targets().toJson()).put("exercise", alert.exercise()).put("state", alert.state().wire())
        .put("approval", alert.approval().state());
    if (alert.override() != null) {
      details.put("override", true).put("reason", alert.override().reason());
    }
    String action = alert.override() != null ? "alert.override" : alert.state() == AlertState.PENDING_APPROVAL
        ? "alert.approval_requested" : "alert.create";
    return audit.record(user.username(), action, details)
        .map(alert).recover(e -> {
          LOG.error("Alert {} was accepted, but its audit entry could not be written: {}", alert.id(), e.toString());
          return Future.succeededFuture(alert);
        });
  }

  /** {@code media}: the sha256 of an uploaded recording to play instead of the voiced text, or absent. */
  private static String recording(JsonObject body) {
    Object media = body == null ? null : body.getValue("media");
    if (media == null) {
      return null;
    }
    if (!(media instanceof String sha) || !org.dalaba.hub.media.MediaFiles.SHA256.matcher(sha).matches()) {
      throw ApiError.badField("media", "应为音频库中录音的 SHA-256 编号", "must be the sha256 of a recording in the media library");
    }
    return sha;
  }

  /** Written to the Redis master, but no replica confirmed it in time (redis.waitReplicas): not promised durable. */
  private static ApiError notReplicated() {
    return ApiError.unavailable("预警已写入主存储，但备用存储未及时确认，不能保证不丢失；它仍可能播出，请先在预警列表中核对，再决定是否重发",
        "the alert was written to the Redis master but no replica confirmed it in time, so it is not guaranteed to survive a "
            + "failure; it may still go out: check the alert list before sending it again");
  }

  private static ApiError storageDown() {
    return ApiError.unavailable("存储暂不可用，预警未被接收，请稍后重试", "storage is unavailable: the alert was not accepted; try again shortly");
  }

  /** What an alert would reach: the confirmation step shows these counts before anything is sent. */
  private void preview(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    AlertRequest request = checked(ctx, user);
    Directory dir = directory.get();
    Coverage coverage = Coverage.of(request.targets(), dir);
    Set<String> villages = new LinkedHashSet<>();
    LinkedHashMap<String, Integer> villagesByTownship = new LinkedHashMap<>();
    int online = 0;
    for (String endpointId : coverage.endpointIds()) {
      var endpoint = dir.endpoint(endpointId).orElseThrow();
      if (villages.add(endpoint.villageId())) {
        villagesByTownship.merge(endpoint.townshipId(), 1, Integer::sum);
      }
      online += status.get(endpointId).online() ? 1 : 0;
    }
    JsonArray townships = new JsonArray();
    villagesByTownship.forEach((id, count) -> townships.add(new JsonObject().put("id", id)
        .put("name", dir.township(id).map(t -> t.name()).orElse(id)).put("villages", count)));
    Http.json(ctx, 200, new JsonObject().put("villages", villages.size()).put("endpoints", coverage.endpointIds().size())
        .put("online", online).put("townships", townships).put("level", request.level().wire())
        .put("levelName", request.level().chinese + "预警").put("expiresAt", times.iso(request.expiresAt())));
  }

  private void get(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    // mayCancel: the cancel route's own rule, so the console offers the button only to those it would accept
    // mayResend: the villages shown are those of the user's scope, so alert rights are enough (AlertResendRoute)
    load(id, user).onFailure(e -> Http.fail(ctx, e)).onSuccess(d -> Http.replyLarge(ctx, vertx, () -> fullView(d).put("mayCancel",
        (d.alert().state() == AlertState.ACTIVE || d.alert().state() == AlertState.PENDING_APPROVAL
            && user.username().equals(d.alert().createdBy())) && user.may(Permission.SEND_ALERTS)
            && user.scope().covers(d.alert().targets(), directory.get()))
        .put("mayResend", d.alert().state() == AlertState.ACTIVE && user.may(Permission.SEND_ALERTS))
        .put("mayApprove", ApprovalRoutes.mayDecide(user, d.alert(), directory.get()))));
  }

  /** @param phoned the villages marked phoned (village id → mark) */
  private record Details(Alert alert, ScopedDeliveries deliveries, java.util.Map<String, org.dalaba.hub.alert.PhoneCalls.Call> phoned) {
  }

  /** The alert with the records the user may see; 404 if unknown, 403 if it reaches no village of their scope. */
  private Future<Details> load(String id, User user) {
    return store.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (!user.scope().touches(alert.targets(), directory.get())) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警不在您的管辖范围内", "this alert lies outside your scope"));
      }
      return Future.all(scoped(id, user.scope(), true), store.phoneCalls().of(id))
          .map(all -> new Details(alert, all.resultAt(0), all.resultAt(1)));
    });
  }

  /**
   * The deliveries of an alert the scope may see. The records are decoded and filtered on a worker (a county's alert
   * has 10,000 and more, a history up to 500 alerts); a county-wide summary needs only the stored counts.
   */
  private Future<ScopedDeliveries> scoped(String id, Scope scope, boolean withRecords) {
    if (scope.isCounty() && !withRecords) {
      return store.counts(id).map(c -> new ScopedDeliveries(java.util.Map.of(), c));
    }
    Directory dir = directory.get();
    return Future.all(store.counts(id), store.storedRecords(id)).compose(all -> onWorker(() ->
        ScopedDeliveries.of(AlertStore.decodeRecords(all.resultAt(1)), all.resultAt(0), scope, dir)));
  }

  private <T> Future<T> onWorker(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** The alert with its villages, each with {@code phoned}: the latest mark, or null. */
  private JsonObject fullView(Details d) {
    JsonObject full = view.full(d.alert(), d.deliveries().counts(), d.deliveries().records(), directory.get());
    for (Object item : full.getJsonArray("villages")) {
      JsonObject village = (JsonObject) item;
      var call = d.phoned().get(village.getString("villageId"));
      village.put("phoned", call == null ? null : PhonedRoutes.view(call, times));
    }
    return full;
  }

  private void list(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    HistoryQuery query = HistoryQuery.read(ctx, times.zone(), directory.get());
    Http.reply(ctx, 200, history(query, user).compose(found -> {
      List<Future<JsonObject>> items = new ArrayList<>();
      for (Alert alert : found) {
        items.add(withCounts(alert, user.scope()));
      }
      return Future.all(items).map(all -> {
        JsonArray list = new JsonArray();
        for (int i = 0; i < all.size(); i++) {
          list.add((JsonObject) all.resultAt(i));
        }
        return new JsonObject().put("alerts", list);
      });
    }));
  }

  private Future<JsonObject> withCounts(Alert alert, Scope scope) {
    // an alert still waiting for approval (or rejected, or expired unapproved) has no records: its counts are all 0
    return scoped(alert.id(), scope, false).map(d -> view.summary(alert).put("counts", d.counts().isEmpty()
        ? AlertView.counts(java.util.Map.of("targets", 0L), org.dalaba.hub.delivery.DeliveryState.PLAYBACK, 0)
        : new JsonObject(new LinkedHashMap<>(d.counts()))));
  }

  private Future<List<Alert>> history(HistoryQuery query, User user) {
    Directory dir = directory.get();
    return store.idsBetween(query.fromMs(), query.toMs(), HISTORY_SCAN)
        .compose(ids -> matching(ids, 0, query.limit(), query, user, dir, new ArrayList<>()));
  }

  /**
   * Loads the alerts of {@code ids} from {@code from} on, a page at a time, and keeps those the query and the user's scope
   * accept, until {@code query.limit()} are found or the ids run out. Why pages: the newest alerts usually match, so a
   * history of 20 reads 20 alerts, not every alert of its time window (up to 2,000); a narrow scope or filter reads
   * pages that double in size, so it takes a few round trips, not hundreds.
   */
  private Future<List<Alert>> matching(List<String> ids, int from, int page, HistoryQuery query, User user, Directory dir,
                                       List<Alert> found) {
    int to = Math.min(ids.size(), from + page);
    List<Future<AlertStore.Stored>> loaded = new ArrayList<>();
    for (int i = from; i < to; i++) {
      loaded.add(store.getStored(ids.get(i)));
    }
    // decoding and matching many alerts against the scope: worker work
    return Future.all(loaded).compose(all -> onWorker(() -> {
      for (int i = 0; i < all.size() && found.size() < query.limit(); i++) {
        AlertStore.Stored stored = all.resultAt(i);
        Alert alert = stored == null ? null : stored.decode();
        if (alert != null && query.accepts(alert, user.scope(), dir)) {
          found.add(alert);
        }
      }
      return found;
    })).compose(sofar -> sofar.size() >= query.limit() || to >= ids.size() ? Future.succeededFuture(sofar)
        : matching(ids, to, Math.min(2 * page, HISTORY_PAGE_MAX), query, user, dir, sofar));
  }

  private void listCsv(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    HistoryQuery query = HistoryQuery.read(ctx, times.zone(), directory.get());
    boolean en = Http.english(ctx);
    Http.csv(ctx, "alerts.csv", history(query, user).compose(found -> {
      List<Future<JsonObject>> items = new ArrayList<>();
      found.forEach(alert -> items.add(withCounts(alert, user.scope())));
      return Future.all(items).compose(all -> onWorker(() -> {
        Csv csv = new Csv().row(en
            ? List.of("id", "created", "level", "title", "state", "created by", "endpoints", "played", "failed", "expired", "cancelled", "unconfirmed",
                "exercise", "approval", "approved by", "override", "override reason")
            : List.of("编号", "发布时间", "级别", "标题", "状态", "发布人", "终端数", "已播放", "失败", "过期", "已撤销", "未确认",
                "演练", "审批", "审批人", "紧急越权发布", "越权理由"));
        for (int i = 0; i < all.size(); i++) {
          JsonObject a = all.resultAt(i);
          JsonObject c = a.getJsonObject("counts");
          long unconfirmed = c.getLong("pending", 0L) + c.getLong("received", 0L) + c.getLong("playing", 0L);
          csv.row(a.getString("id"), a.getString("createdAt"), en ? a.getString("level") : a.getString("levelName"),
              a.getString("title"), en ? a.getString("state") : StateNames.alert(a.getString("state")), a.getString("createdBy"), c.getLong("targets"), c.getLong("played", 0L),
              c.getLong("failed", 0L), c.getLong("expired", 0L), c.getLong("cancelled", 0L), unconfirmed,
              yesNo(a.getBoolean("exercise", false), en), en ? a.getJsonObject("approval").getString("state")
                  : StateNames.approval(a.getJsonObject("approval").getString("state")), a.getJsonObject("approval").getString("decidedBy"),
              yesNo(a.getJsonObject("override") != null, en), a.getJsonObject("override") == null ? null : a.getJsonObject("override").getString("reason"));
        }
        return csv.toString();
      }));
    }));
  }

  /** One row per village of the alert within the caller's scope; {@code ?unconfirmed=true} for those not yet played. */
  private void villagesCsv(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    boolean en = Http.english(ctx);
    boolean onlyUnconfirmed = "true".equals(ctx.request().getParam("unconfirmed"));
    Http.csv(ctx, id + (onlyUnconfirmed ? "-unconfirmed" : "-villages") + ".csv",
        // one row per village of a county-wide alert: the view and the CSV are built on a worker
        load(id, user).compose(d -> onWorker(() -> {
          JsonObject alert = fullView(d);
          Csv csv = new Csv().row(en
              ? List.of("township", "village", "village id", "state", "reason", "contact", "phone", "received", "finished",
                  "phoned by", "phoned at", "phone note")
              : List.of("乡镇", "村", "村编号", "状态", "原因", "联系人", "电话", "接收时间", "播放完成时间", "电话通知人", "电话通知时间", "通知备注"));
          for (Object item : alert.getJsonArray("villages")) {
            JsonObject v = (JsonObject) item;
            String state = v.getString("state");
            if (onlyUnconfirmed && state.equals("played")) {
              continue;
            }
            JsonObject contact = v.getJsonObject("contact", new JsonObject());
            JsonObject phoned = v.getJsonObject("phoned") == null ? new JsonObject() : v.getJsonObject("phoned"); // null: not marked
            csv.row(v.getString("townshipName"), v.getString("villageName"), v.getString("villageId"),
                en ? state : StateNames.delivery(state), v.getString("reason"), contact.getString("name"),
                contact.getString("phone"), v.getString("receivedAt"), v.getString("finishedAt"),
                phoned.getString("by"), phoned.getString("at"), phoned.getString("note"));
          }
          return csv.toString();
        })));
  }

  private void cancel(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, store.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (alert.state() == AlertState.PENDING_APPROVAL && !user.username().equals(alert.createdBy())) {
        // a second person decides with a reason (reject), not by withdrawing it
        return Future.failedFuture(ApiError.forbidden(null, "等待审批的预警只能由发起人撤回；如不同意发出，请驳回并填写理由",
            "only its sender may withdraw an alert awaiting approval; to refuse it, reject it with a reason"));
      }
      if (!user.scope().covers(alert.targets(), directory.get())) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警的范围超出您的管辖范围，不能撤销",
            "the alert reaches beyond your scope; you cannot cancel it"));
      }
      return alerts.cancel(id, user.username());
    }).compose(audit.passing(user.username(), "alert.cancel", alert -> new JsonObject().put("alertId", id))).map(alert -> {
      return view.summary(alert);
    }));
  }

  private static String yesNo(boolean yes, boolean en) {
    return en ? (yes ? "yes" : "no") : (yes ? "是" : "否");
  }

  static String scopeName(Scope scope, Directory dir) {
    return switch (scope.kind()) {
      case COUNTY -> dir.countyName();
      case TOWNSHIP -> dir.township(scope.id()).map(t -> t.name()).orElse(scope.id());
      case VILLAGE -> dir.village(scope.id()).map(v -> v.name()).orElse(scope.id());
    };
  }
}
