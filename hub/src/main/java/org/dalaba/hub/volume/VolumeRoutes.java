package org.dalaba.hub.volume;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.alert.TargetsParser;
import org.dalaba.hub.api.AlertView;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.DomainErrors;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.ScopedDeliveries;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;

/**
 * {@code /api/v1/volume}: set the speakers' own volume for villages, townships or the county, and follow each
 * endpoint's confirmation. Whoever may broadcast to the targets may set their volume; the targets are checked
 * against the caller's scope like an alert's.
 */
public final class VolumeRoutes implements HttpApi.ApiRoutes {
  private final Supplier<Directory> directory;
  private final VolumeService volumes;
  private final VolumeStore store;
  private final AuditLog audit;
  private final AlertView view;
  private final Times times;

  public VolumeRoutes(Supplier<Directory> directory, VolumeService volumes, VolumeStore store, AuditLog audit, Times times) {
    this.directory = directory;
    this.volumes = volumes;
    this.store = store;
    this.audit = audit;
    this.view = new AlertView(times);
    this.times = times;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/volume").handler(this::create);
    router.get("/api/v1/volume/:id").handler(this::get);
  }

  private void create(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.SEND_ALERTS);
    JsonObject body = Http.body(ctx);
    Directory dir = directory.get();
    Targets targets = TargetsParser.parse(body.getValue("targets"), dir);
    if (!(body.getValue("volume") instanceof Integer volume) || volume < 0 || volume > 100) {
      throw ApiError.badField("volume", "音量须为 0 到 100 之间的整数", "must be a whole number 0-100");
    }
    if (!user.scope().covers(targets, dir)) {
      throw ApiError.forbidden("targets", "目标超出您的管辖范围，不能设置其音量",
          "the targets lie outside your scope (" + user.scope().stored() + ")");
    }
    Http.reply(ctx, 201, volumes.create(targets, volume, user.username())
        .recover(e -> Future.failedFuture(DomainErrors.toApi(e) instanceof ApiError api ? api
            : ApiError.unavailable("存储暂不可用，音量设置未被接收，请稍后重试", "storage is unavailable: the volume change was not accepted")))
        .compose(audit.passing(user.username(), "volume.set", change -> new JsonObject().put("volumeChangeId", change.id())
              .put("volume", change.volume()).put("targets", change.targets().toJson())))
        .map(change -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, "/api/v1/volume/" + change.id());
          return new JsonObject().put("id", change.id()).put("targets", change.endpointCount()).put("volume", change.volume());
        }));
  }

  private void get(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, store.get(id).compose(change -> {
      if (change == null) {
        return Future.failedFuture(ApiError.notFound("音量设置|volume change", id));
      }
      Directory dir = directory.get();
      if (!user.scope().touches(change.targets(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该音量设置不在您的管辖范围内", "this volume change lies outside your scope"));
      }
      return Future.all(store.deliveries().counts(id), store.deliveries().records(id)).map(all -> {
        ScopedDeliveries seen = ScopedDeliveries.of(all.resultAt(1), all.resultAt(0), user.scope(), dir);
        return new JsonObject().put("id", change.id()).put("volume", change.volume()).put("targets", change.targets().toJson())
            .put("createdAt", times.iso(change.createdAt())).put("createdBy", change.createdBy())
            .put("expiresAt", times.iso(change.expiresAt())).put("state", change.open() ? "active" : "ended")
            .put("counts", AlertView.counts(seen.counts(), DeliveryState.PLAYBACK, seen.records().size()))
            .put("villages", view.villages(seen.records(), dir, 0));
      });
    }));
  }
}
