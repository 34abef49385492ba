package org.dalaba.hub.escalation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.dalaba.hub.access.Permission;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.alert.PhoneCalls;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.api.Http;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Village;

/**
 * {@code GET /api/v1/alerts/{id}/notifications}: the alert's escalation steps and notification attempts, oldest
 * first, and the villages listed for a phone call with their 已电话通知 mark if any. Scoped as the alert itself: 404
 * if unknown, 403 if it reaches no village of the caller's scope, and a township or village user sees only the
 * entries of its own villages.
 */
public final class NotificationRoutes implements HttpApi.ApiRoutes {
  private final Supplier<Directory> directory;
  private final AlertStore store;
  private final NotificationLog log;
  private final Times times;

  public NotificationRoutes(Supplier<Directory> directory, AlertStore store, NotificationLog log, Times times) {
    this.directory = directory;
    this.store = store;
    this.log = log;
    this.times = times;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/alerts/:id/notifications").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    User user = Http.require(ctx, Permission.VIEW);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, store.get(id).compose(alert -> {
      Directory dir = directory.get();
      if (alert == null) {
        return Future.failedFuture(ApiError.notFound("预警|alert", id));
      }
      if (!user.scope().touches(alert.targets(), dir)) {
        return Future.failedFuture(ApiError.forbidden(null, "该预警不在您的管辖范围内", "this alert lies outside your scope"));
      }
      return Future.all(log.entries(id), log.listedForCall(id), store.phoneCalls().of(id)).map(all -> {
        JsonArray items = new JsonArray();
        for (JsonObject entry : all.<java.util.List<JsonObject>>resultAt(0)) {
          String villageId = entry.getString("village");
          if (villageId == null || user.scope().includesVillage(villageId, dir)) {
            items.add(view(entry, dir));
          }
        }
        Map<String, JsonObject> listed = all.resultAt(1);
        Map<String, PhoneCalls.Call> phoned = all.resultAt(2);
        JsonArray followUp = new JsonArray();
        listed.forEach((villageId, listing) -> {
          if (user.scope().includesVillage(villageId, dir)) {
            PhoneCalls.Call call = phoned.get(villageId);
            followUp.add(village(new JsonObject().put("villageId", villageId), villageId, dir)
                .put("listedAt", times.iso(listing.getLong("at", 0L))).put("step", listing.getInteger("step"))
                .put("phoned", call == null ? null : new JsonObject().put("by", call.by()).put("at", times.iso(call.at()))
                    .put("note", call.note())));
          }
        });
        return new JsonObject().put("items", items).put("phoneFollowUp", followUp);
      });
    }));
  }

  /** An entry as the API shows it: {@code at} in county time, with the village's and township's names. */
  private JsonObject view(JsonObject entry, Directory dir) {
    JsonObject view = entry.copy().put("at", times.iso(entry.getLong("at", 0L)));
    String villageId = entry.getString("village");
    return villageId == null ? view : village(view, villageId, dir);
  }

  private static JsonObject village(JsonObject json, String villageId, Directory dir) {
    Village village = dir.village(villageId).orElse(null);
    return json.put("villageName", village == null ? villageId : village.name()).put("townshipName",
        village == null ? null : dir.township(village.townshipId()).map(t -> t.name()).orElse(null));
  }
}
