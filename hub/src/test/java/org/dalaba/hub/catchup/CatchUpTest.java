package org.dalaba.hub.catchup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.mqtt.CommandBus;
import org.junit.jupiter.api.Test;

/** One order of urgency over every kind of command an endpoint is owed when it comes back. */
class CatchUpTest {
  private static final long NOW = 1_764_061_200_000L;

  private final List<String> published = new ArrayList<>();
  private final CommandBus bus = (topic, command, expiresAt) -> {
    published.add(topic + " " + command.getString("id"));
    return Future.succeededFuture();
  };

  private static DueCommand due(String id, boolean alert, int urgency, long since, long expiresAt) {
    return new DueCommand(new JsonObject().put("id", id), expiresAt, alert, urgency, since, () -> { });
  }

  @Test
  void alertsByLevelThenRoutineByPriorityOlderFirstAndNothingExpired() {
    // GIVEN alerts and routine plays owed to one endpoint, from two sources, in no particular order
    CatchUp.Source routine = (endpoint, now) -> List.of(due("r-low", false, 5, NOW - 10, NOW + 60_000),
        due("r-high", false, 50, NOW - 5, NOW + 60_000), due("r-expired", false, 90, NOW - 9, NOW));
    CatchUp.Source alerts = (endpoint, now) -> List.of(due("a-blue", true, 0, NOW - 30, NOW + 60_000),
        due("a-red-new", true, 3, NOW - 1, NOW + 60_000), due("a-red-old", true, 3, NOW - 20, NOW + 60_000),
        due("a-yellow", true, 1, NOW - 40, NOW + 60_000), due("a-expired", true, 3, NOW - 50, NOW - 1));
    CatchUp catchUp = new CatchUp(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), bus, () -> true, List.of(routine, alerts));

    // WHEN it comes back online
    List<String> sent = catchUp.send("211282105001-01");

    // THEN alerts go first by level (older first among equals), then plays by priority; nothing expired
    assertEquals(List.of("a-red-old", "a-red-new", "a-yellow", "a-blue", "r-high", "r-low"), sent);
    assertEquals("dalaba/v1/cmd/endpoint/211282105001-01 a-red-old", published.get(0));
  }

  @Test
  void onlyTheLeaderCatchesUp() {
    CatchUp.Source alerts = (endpoint, now) -> List.of(due("a-red", true, 3, NOW, NOW + 60_000));
    CatchUp follower = new CatchUp(Clock.systemUTC(), bus, () -> false, List.of(alerts));
    assertEquals(List.of(), follower.send("211282105001-01"));
    assertEquals(List.of(), published);
  }
}
