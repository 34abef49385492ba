package org.dalaba.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The programmes a real endpoint knows in advance: each {@code prefetch} may announce the {@code play} it
 * prepares, with its scheduled time {@code at} (docs/protocol.md, "prefetch"). At {@code at} (hub time)
 * and again {@value #GRACE_MS} ms later the owner is asked whether to play it from the cache
 * ({@code last} false, then true). Bounded: at most {@value #MAX} announced plays. Runs on the endpoint's context.
 */
final class ScheduledPlays {

  static final long GRACE_MS = 10_000;
  static final int MAX = 200;

  private final Vertx vertx;
  private final LongSupplier clock;
  private final BiConsumer<JsonObject, Boolean> due;
  private final Map<String, Long> timers = new HashMap<>();

  ScheduledPlays(Vertx vertx, LongSupplier clock, BiConsumer<JsonObject, Boolean> due) {
    this.vertx = vertx;
    this.clock = clock;
    this.due = due;
  }

  /** A prefetch's {@code play} (null: it announced none). */
  void announce(JsonObject play) {
    if (play == null || !(play.getValue("id") instanceof String id) || !(play.getValue("at") instanceof Number at)
        || timers.containsKey(id) || timers.size() >= MAX) {
      return;
    }
    JsonObject copy = play.copy();
    long delay = Math.max(1, at.longValue() - clock.getAsLong());
    timers.put(id, vertx.setTimer(delay, t -> {
      due.accept(copy, false);
      timers.put(id, vertx.setTimer(GRACE_MS, t2 -> {
        timers.remove(id);
        due.accept(copy, true);
      }));
    }));
  }

  /** How many announced plays are still to come. */
  int pending() {
    return timers.size();
  }

  void shutdown() {
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
  }

  /** The {@code play} command an announcement stands for: the same fields, {@code ts} its scheduled time. */
  static JsonObject command(JsonObject play) {
    JsonObject command = new JsonObject().put("v", 1).put("id", play.getString("id")).put("type", "play")
        .put("ts", play.getValue("at"));
    play.forEach(e -> {
      if (!e.getKey().equals("at") && !command.containsKey(e.getKey())) {
        command.put(e.getKey(), e.getValue());
      }
    });
    return command;
  }
}
