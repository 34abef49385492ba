package org.dalaba.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Alerts sent through the API for tests. */
public final class TestAlerts {
  private TestAlerts() {
  }

  /** An orange alert for these villages, valid an hour; @return its id (asserts it was accepted). */
  public static String toVillages(ApiClient sender, String title, String... villageIds) {
    ApiClient.Reply sent = sender.post("/api/v1/alerts", new JsonObject().put("title", title).put("text", "请注意防范大风")
        .put("level", "orange").put("targets", new JsonObject().put("villages", new JsonArray(List.of((Object[]) villageIds))))
        .put("expiresAt", System.currentTimeMillis() + 3_600_000));
    assertEquals(201, sent.status(), sent.toString());
    return sent.body().getString("id");
  }

  /** Waits until every endpoint the alert targets has played it (counts.played = counts.targets, above 0). */
  public static void awaitPlayedEverywhere(ApiClient viewer, String alertId, java.time.Duration timeout) {
    Await.until("alert " + alertId + " played on every targeted endpoint", timeout, () -> {
      JsonObject counts = viewer.get("/api/v1/alerts/" + alertId).body().getJsonObject("counts");
      return counts != null && counts.getInteger("played", 0) > 0 && counts.getInteger("played").equals(counts.getInteger("targets"));
    });
  }
}
