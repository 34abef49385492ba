package org.dalaba.hub.coverage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;

/**
 * The incident timeline of one alert (CONTRACTS.md, "Timeline"), derived from what is stored — the alert (accepted,
 * approval, override, cancelled / expired), its delivery records (first played, 50 / 90 / 100 % of the targets
 * played, from the hub's time of each {@code finished} receipt) and its list of escalation steps and notifications —
 * so nothing else needs to write it. Items are ordered by time; ties keep the order of {@link #KINDS}.
 */
public final class AlertTimeline {
  public static final List<String> KINDS = List.of("accepted", "approval_requested", "approved", "rejected", "override", "sent",
      "first_played", "played_50", "played_90", "played_100", "escalation", "cancelled", "expired");

  private record Item(long at, String kind, String by, JsonObject details) {
  }

  private AlertTimeline() {
  }

  /**
   * @param records the delivery records the caller may see (the percentages are of those)
   * @param notifications the alert's notification entries as stored, oldest first
   * @param iso formats epoch ms as the API's ISO time
   */
  public static JsonObject of(Alert alert, AlertFacts facts, Map<String, DeliveryRecord> records, List<JsonObject> notifications,
                              LongFunction<String> iso) {
    List<Item> items = new ArrayList<>();
    items.add(new Item(alert.createdAt(), "accepted", alert.createdBy(), new JsonObject().put("level", alert.level().wire())
        .put("title", alert.title()).put("endpoints", alert.endpointCount()).put("exercise", facts.exercise())));
    JsonObject approval = facts.approval();
    if (approval != null && Boolean.TRUE.equals(approval.getValue("required"))) {
      items.add(new Item(AlertFacts.millis(approval.getValue("requestedAt"), alert.createdAt()), "approval_requested",
          approval.getString("requestedBy", alert.createdBy()), new JsonObject()));
      String state = approval.getString("state", "");
      if (state.equals("approved") || state.equals("rejected")) {
        items.add(new Item(AlertFacts.millis(approval.getValue("decidedAt"), alert.createdAt()), state, approval.getString("decidedBy"),
            new JsonObject().put("reason", approval.getString("reason"))));
      }
    }
    if (facts.override() != null) {
      items.add(new Item(AlertFacts.millis(facts.override().getValue("at"), alert.createdAt()), "override",
          facts.override().getString("by"), new JsonObject().put("reason", facts.override().getString("reason"))));
    }
    if (facts.sentAt() > 0) {
      items.add(new Item(facts.sentAt(), "sent", null, new JsonObject().put("topics", alert.topics().size())
          .put("endpoints", alert.endpointCount())));
    }
    played(items, records);
    for (JsonObject n : notifications) {
      items.add(new Item(AlertFacts.millis(n.getValue("at"), 0), "escalation", n.getString("contact"), n.copy()));
    }
    if (alert.state() == AlertState.CANCELLED) {
      items.add(new Item(alert.endedAt(), "cancelled", alert.endedBy(), new JsonObject()));
    } else if (alert.state() == AlertState.EXPIRED) {
      items.add(new Item(alert.endedAt() > 0 ? alert.endedAt() : alert.expiresAt(), "expired", alert.endedBy(), new JsonObject()));
    }
    items.sort(Comparator.comparingLong(Item::at).thenComparingInt(i -> KINDS.indexOf(i.kind())));
    JsonArray list = new JsonArray();
    for (Item item : items) {
      list.add(new JsonObject().put("at", iso.apply(item.at())).put("kind", item.kind()).put("by", item.by())
          .put("details", item.details()));
    }
    return new JsonObject().put("items", list);
  }

  /** First played, and the moments 50, 90 and 100 % of the targets had played (each the k-th finished receipt). */
  private static void played(List<Item> items, Map<String, DeliveryRecord> records) {
    List<Map.Entry<String, DeliveryRecord>> played = new ArrayList<>();
    records.entrySet().stream().filter(e -> e.getValue().state() == DeliveryState.PLAYED && e.getValue().finishedAt() > 0)
        .sorted(Comparator.comparingLong((Map.Entry<String, DeliveryRecord> e) -> e.getValue().finishedAt()).thenComparing(Map.Entry::getKey))
        .forEach(played::add);
    int targets = records.size();
    if (played.isEmpty()) {
      return;
    }
    items.add(new Item(played.get(0).getValue().finishedAt(), "first_played", null,
        new JsonObject().put("endpointId", played.get(0).getKey())));
    for (int percent : new int[] {50, 90, 100}) {
      int needed = (int) Math.ceil(percent / 100.0 * targets);
      if (needed >= 1 && played.size() >= needed) {
        items.add(new Item(played.get(needed - 1).getValue().finishedAt(), "played_" + percent, null,
            new JsonObject().put("played", needed).put("targets", targets).put("endpointId", played.get(needed - 1).getKey())));
      }
    }
  }
}
