package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import org.dalaba.hub.alert.Targets;

/**
 * A programme played on targets by a recurrence, in a time zone, between optional start and end dates
 * (inclusive, local), except on skipped dates. Higher {@code priority} wins between routine schedules.
 */
public record Schedule(String id, String name, String programmeId, Targets targets, Recurrence recurrence,
                       LocalDate startDate, LocalDate endDate, Set<LocalDate> skipDates, ZoneId zone, int priority,
                       PreemptPolicy onPreempt, boolean paused, long createdAt, String createdBy, long updatedAt) {

  public Schedule {
    skipDates = Set.copyOf(skipDates);
  }

  public Schedule withPaused(boolean nowPaused, long at) {
    return new Schedule(id, name, programmeId, targets, recurrence, startDate, endDate, skipDates, zone, priority,
        onPreempt, nowPaused, createdAt, createdBy, at);
  }

  public JsonObject toJson() {
    JsonArray skips = new JsonArray();
    new TreeSet<>(skipDates).forEach(d -> skips.add(d.toString()));
    return new JsonObject().put("id", id).put("name", name).put("programmeId", programmeId)
        .put("targets", targets.toJson()).put("recurrence", recurrence.toJson())
        .put("startDate", startDate == null ? null : startDate.toString())
        .put("endDate", endDate == null ? null : endDate.toString()).put("skipDates", skips)
        .put("zone", zone.getId()).put("priority", priority).put("onPreempt", onPreempt.wire()).put("paused", paused)
        .put("createdAt", createdAt).put("createdBy", createdBy).put("updatedAt", updatedAt);
  }

  public static Schedule fromJson(JsonObject json) {
    Set<LocalDate> skips = new TreeSet<>();
    json.getJsonArray("skipDates", new JsonArray()).forEach(d -> skips.add(LocalDate.parse(String.valueOf(d))));
    return new Schedule(json.getString("id"), json.getString("name"), json.getString("programmeId"),
        Targets.fromJson(json.getJsonObject("targets")), Recurrence.fromJson(json.getJsonObject("recurrence")),
        json.getString("startDate") == null ? null : LocalDate.parse(json.getString("startDate")),
        json.getString("endDate") == null ? null : LocalDate.parse(json.getString("endDate")), skips,
        ZoneId.of(json.getString("zone")), json.getInteger("priority"),
        PreemptPolicy.valueOf(json.getString("onPreempt").toUpperCase()), json.getBoolean("paused", false),
        json.getLong("createdAt"), json.getString("createdBy"), json.getLong("updatedAt", 0L));
  }
}
