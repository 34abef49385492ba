package org.dalaba.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.TimeToAir;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Village;

/**
 * The API's picture of one alert: its fields, counts per delivery state, and a per-village list with
 * each endpoint's state, times and reason. A village's state is that of its least advanced endpoint.
 */
public final class AlertView {
  private final Times times;

  public AlertView(Times times) {
    this.times = times;
  }

  public JsonObject summary(Alert alert) {
    JsonObject json = new JsonObject().put("id", alert.id()).put("title", alert.title()).put("text", alert.text())
        .put("level", alert.level().wire()).put("levelName", alert.level().chinese + "预警")
        .put("targets", alert.targets().toJson()).put("state", alert.state().wire())
        .put("createdAt", times.iso(alert.createdAt())).put("createdBy", alert.createdBy())
        .put("expiresAt", times.iso(alert.expiresAt())).put("repeat", alert.repeat()).put("durationMs", alert.durationMs())
        .put("media", alert.media())
        .put("endedAt", times.iso(alert.endedAt())).put("endedBy", alert.endedBy()).put("exercise", alert.exercise());
    return alert.meta().addTo(json);
  }

  public JsonObject full(Alert alert, Map<String, Long> counts, Map<String, DeliveryRecord> records, Directory directory) {
    JsonArray villages = villages(records, directory, 0);
    for (Object village : villages) {
      for (Object e : ((JsonObject) village).getJsonArray("endpoints")) {
        JsonObject endpoint = (JsonObject) e;
        DeliveryRecord record = records.get(endpoint.getString("endpointId"));
        endpoint.put("timeToAirMs", TimeToAir.of(record, alert.createdAt())).put("preemption", record.preemption());
      }
    }
    return summary(alert).put("counts", counts(counts, DeliveryState.PLAYBACK, records.size()))
        .put("timeToAir", TimeToAir.summary(records.values(), alert.createdAt()))
        .put("villages", villages);
  }

  /** {@code targets} and one count per state. */
  public static JsonObject counts(Map<String, Long> counts, List<DeliveryState> states, int records) {
    JsonObject countsJson = new JsonObject().put("targets", counts.getOrDefault("targets", (long) records));
    for (DeliveryState state : states) {
      countsJson.put(state.wire(), counts.getOrDefault(state.wire(), 0L));
    }
    return countsJson;
  }

  /**
   * The per-village list of delivery records. With {@code scheduledAt} > 0 each endpoint also gets
   * {@code latenessMs}: when it reported starting (its own clock) minus the scheduled time.
   */
  public JsonArray villages(Map<String, DeliveryRecord> records, Directory directory, long scheduledAt) {
    Map<String, List<Map.Entry<String, DeliveryRecord>>> byVillage = new LinkedHashMap<>();
    records.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> byVillage
        .computeIfAbsent(villageOf(e.getKey()), v -> new ArrayList<>()).add(e));
    JsonArray villages = new JsonArray();
    byVillage.forEach((villageId, entries) -> {
      Village village = directory.village(villageId).orElse(null);
      JsonArray endpoints = new JsonArray();
      DeliveryState least = null;
      for (Map.Entry<String, DeliveryRecord> entry : entries) {
        DeliveryRecord r = entry.getValue();
        endpoints.add(new JsonObject().put("endpointId", entry.getKey()).put("state", r.state().wire())
            .put("receivedAt", times.iso(r.receivedAt())).put("startedAt", times.iso(r.startedAt()))
            .put("finishedAt", times.iso(r.finishedAt())).put("endedAt", times.iso(r.endedAt())).put("reason", r.reason()));
        if (scheduledAt > 0) {
          endpoints.getJsonObject(endpoints.size() - 1).put("latenessMs", r.deviceStartedAt() > 0 ? r.deviceStartedAt() - scheduledAt : null)
              .put("preemption", r.preemption());
        }
        if (least == null || r.state().rank < least.rank) {
          least = r.state();
        }
      }
      DeliveryRecord first = entries.get(0).getValue();
      villages.add(new JsonObject().put("villageId", villageId)
          .put("villageName", village == null ? null : village.name())
          .put("townshipId", village == null ? null : village.townshipId())
          .put("townshipName", village == null ? null : directory.township(village.townshipId()).map(t -> t.name()).orElse(null))
          .put("contact", village == null ? null : new JsonObject().put("name", village.contact().name()).put("phone", village.contact().phone()))
          .put("contacts", village == null ? new JsonArray() : DirectoryView.contactsJson(village))
          .put("state", least.wire()).put("reason", entries.size() == 1 ? first.reason() : null)
          .put("receivedAt", entries.size() == 1 ? times.iso(first.receivedAt()) : null)
          .put("finishedAt", entries.size() == 1 ? times.iso(first.finishedAt()) : null)
          .put("endpoints", endpoints));
    });
    return villages;
  }

  private static String villageOf(String endpointId) {
    int dash = endpointId.lastIndexOf('-');
    return dash > 0 ? endpointId.substring(0, dash) : endpointId;
  }
}
