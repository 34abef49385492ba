package org.dalaba.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.status.EndpointLive;
import org.dalaba.hub.status.EndpointStatusTracker;

/** {@code GET /api/v1/villages}: townships, villages and each endpoint's live status, with totals. */
public final class DirectoryView {
  private final Times times;

  public DirectoryView(Times times) {
    this.times = times;
  }

  /** The villages within {@code scope}; totals count only those. */
  public JsonObject of(Directory directory, EndpointStatusTracker status, Scope scope) {
    JsonArray townships = new JsonArray();
    int villageCount = 0;
    int endpointCount = 0;
    int online = 0;
    int stale = 0;
    for (Township township : directory.townships()) {
      JsonArray villages = new JsonArray();
      for (Village village : township.villages()) {
        if (!scope.includesVillage(village)) {
          continue;
        }
        JsonArray endpoints = new JsonArray();
        for (Endpoint endpoint : village.endpoints()) {
          EndpointLive live = status.get(endpoint.id());
          endpointCount++;
          online += live.online() ? 1 : 0;
          stale += live.liveness() == org.dalaba.hub.status.Liveness.STALE ? 1 : 0;
          endpoints.add(new JsonObject().put("id", endpoint.id()).put("online", live.online()).put("state", live.liveness().wire())
              .put("since", times.iso(live.since())).put("lastSeen", times.iso(live.lastSeen()))
              .put("playing", live.playing()).put("volume", live.volume() >= 0 ? live.volume() : null)
              .put("fw", live.firmware()));
        }
        villageCount++;
        villages.add(new JsonObject().put("id", village.id()).put("name", village.name()).put("sample", village.sample())
            .put("contact", new JsonObject().put("name", village.contact().name()).put("phone", village.contact().phone()))
            .put("contacts", contactsJson(village))
            .put("lat", village.lat()).put("lon", village.lon()).put("endpoints", endpoints));
      }
      if (villages.isEmpty()) {
        continue;
      }
      townships.add(new JsonObject().put("id", township.id()).put("name", township.name()).put("sample", township.sample())
          .put("villages", villages));
    }
    return new JsonObject().put("county", new JsonObject().put("id", directory.countyId()).put("name", directory.countyName()))
        .put("totals", new JsonObject().put("townships", townships.size()).put("villages", villageCount)
            .put("endpoints", endpointCount).put("online", online).put("stale", stale))
        .put("townships", townships);
  }

  /** A village's further contacts (cadres, grid workers): [{name, role, phone, notify}], possibly empty. */
  static JsonArray contactsJson(Village village) {
    JsonArray list = new JsonArray();
    village.contacts().forEach(c -> list.add(new JsonObject().put("name", c.name()).put("role", c.role()).put("phone", c.phone())
        .put("notify", new JsonArray(c.channels()))));
    return list;
  }
}
