package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.status.EndpointStatusTracker;

/**
 * {@code POST /api/v1/alerts/{id}/resend} {@code {"villageId": …}}: the incident view's "re-send to this village".
 * Scoped like cancel (alert rights over the village); the alert must be active; the village's endpoints that have not
 * played it and are online get it again now, without waiting for the re-send back-off.
 */
final class AlertResendRoute {
  private final Supplier<Directory> directory;
  private final EndpointStatusTracker status;
  private final AlertService alerts;
  private final AlertStore store;
  private final AuditLog audit;
  private final Clock clock;

  AlertResendRoute(Supplier<Directory> directory, EndpointStatusTracker status, AlertService alerts, AlertStore store,
                   AuditLog audit, Clock clock) {
    this.directory = directory;
    this.status = status;
    this.alerts = alerts;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  void mount(Router router) {
    router.post("/api/v1/alerts/:id/resend").handler(this::resend);
  }

  private void resend(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    String id = ctx.pathParam("id");
    Directory dir = directory.get();
    Village village = village(Http.body(ctx), dir);
    if (!user.scope().includesVillage(village.id(), dir)) {
      throw ApiError.forbidden("villageId", "该村不在您的管辖范围内，不能重发", "this village lies outside your scope; you cannot re-send to it");
    }
    Http.reply(ctx, 200, store.get(id).compose(alert -> {
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (alert.state() == AlertState.PENDING_APPROVAL) {
        return Future.failedFuture(ApiError.conflict("预警尚在等待审批，未发出，不能重发", "the alert awaits approval and has not been sent"));
      }
      if (alert.state() != AlertState.ACTIVE || clock.millis() >= alert.expiresAt()) {
        return Future.failedFuture(ApiError.conflict("预警已结束（" + StateNames.alert(ended(alert)) + "），不能重发",
            "the alert has ended (" + ended(alert) + "); it cannot be sent again"));
      }
      return store.records(id).map(records -> send(alert, village, records));
    }).compose(audit.passing(user.username(), "alert.resend", sent -> new JsonObject().put("alertId", id)
        .put("villageId", village.id()).put("endpoints", sent.getJsonArray("endpoints")))));
  }

  private static String ended(Alert alert) {
    return alert.state() == AlertState.ACTIVE ? "expired" : alert.state().wire();
  }

  private static Village village(JsonObject body, Directory dir) {
    Object value = body == null ? null : body.getValue("villageId");
    if (!(value instanceof String villageId) || villageId.isBlank()) {
      throw ApiError.badField("villageId", "请选择要重发的村", "choose the village to send to again");
    }
    return dir.village(villageId).orElseThrow(() -> ApiError.notFound("村|village", villageId));
  }

  /** The village's endpoints still owed the alert and online, sent it now; 409 in words when there are none. */
  private JsonObject send(Alert alert, Village village, Map<String, DeliveryRecord> records) {
    List<String> targeted = new ArrayList<>();
    List<String> owed = new ArrayList<>();
    List<String> online = new ArrayList<>();
    boolean allPlayed = true;
    for (Endpoint endpoint : village.endpoints()) {
      DeliveryRecord record = records.get(endpoint.id());
      if (record == null) {
        continue;
      }
      targeted.add(endpoint.id());
      allPlayed &= record.state() == org.dalaba.hub.delivery.DeliveryState.PLAYED;
      if (!record.state().isFinal()) {
        owed.add(endpoint.id());
        if (status.isOnline(endpoint.id())) {
          online.add(endpoint.id());
        }
      }
    }
    if (targeted.isEmpty()) {
      throw ApiError.conflict("该村不在这条预警的发布范围内", "this village is not among the alert's targets");
    }
    if (owed.isEmpty()) {
      throw allPlayed
          ? ApiError.conflict("该村的终端都已播放这条预警，无需重发", "every endpoint of this village has played the alert already")
          : ApiError.conflict("该村未播放的终端已结束（失败或过期），不能重发，请电话通知", "the village's endpoints that did not play it have "
              + "ended (failed or expired) and cannot be sent it again: phone the village");
    }
    if (online.isEmpty()) {
      throw ApiError.conflict("该村终端离线，上线后会自动补发；现在请电话通知", "the village's endpoints are offline; they get the alert "
          + "as soon as they come back online: phone the village now");
    }
    List<String> sent = alerts.resendNow(alert.id(), online);
    if (sent != null && sent.isEmpty()) {
      throw ApiError.conflict("暂时无法立即重发（语音可能仍在生成），系统会自动重发", "it cannot be sent again right now (its audio may still "
          + "be being voiced); the hub sends it again by itself");
    }
    return new JsonObject().put("alertId", alert.id()).put("villageId", village.id())
        .put("endpoints", new JsonArray(new ArrayList<>(sent == null ? online : sent))).put("viaLeader", sent == null);
  }
}
