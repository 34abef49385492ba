package org.dalaba.hub.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a schedule plays, in its own time zone: once at a local date-time; every day at some times;
 * on some weekdays at some times; or a 5-field Unix cron expression ({@code minute hour day month weekday}).
 */
public sealed interface Recurrence {
  JsonObject toJson();

  record Once(LocalDateTime at) implements Recurrence {
    public JsonObject toJson() {
      return new JsonObject().put("type", "once").put("at", at.toString());
    }
  }

  record Daily(List<LocalTime> times) implements Recurrence {
    public Daily {
      times = List.copyOf(new TreeSet<>(times));
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", "daily").put("times", timesJson(times));
    }
  }

  record Weekly(Set<DayOfWeek> weekdays, List<LocalTime> times) implements Recurrence {
    public Weekly {
      weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
      times = List.copyOf(new TreeSet<>(times));
    }

    public JsonObject toJson() {
      JsonArray days = new JsonArray();
      EnumSet.copyOf(weekdays).forEach(d -> days.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT)));
      return new JsonObject().put("type", "weekly").put("weekdays", days).put("times", timesJson(times));
    }
  }

  record Cron(String expression) implements Recurrence {
    public JsonObject toJson() {
      return new JsonObject().put("type", "cron").put("expression", expression);
    }
  }

  private static JsonArray timesJson(List<LocalTime> times) {
    JsonArray array = new JsonArray();
    times.forEach(t -> array.add(t.toString()));
    return array;
  }

  /** Reads what {@link #toJson()} wrote (already validated when it was stored). */
  static Recurrence fromJson(JsonObject json) {
    return switch (json.getString("type")) {
      case "once" -> new Once(LocalDateTime.parse(json.getString("at")));
      case "daily" -> new Daily(times(json.getJsonArray("times")));
      case "weekly" -> {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        json.getJsonArray("weekdays").forEach(d -> days.add(Weekdays.parse(String.valueOf(d))));
        yield new Weekly(days, times(json.getJsonArray("times")));
      }
      default -> new Cron(json.getString("expression"));
    };
  }

  private static List<LocalTime> times(JsonArray array) {
    List<LocalTime> times = new ArrayList<>();
    array.forEach(t -> times.add(LocalTime.parse(String.valueOf(t))));
    return times;
  }
}
