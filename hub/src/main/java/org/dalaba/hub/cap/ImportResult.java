package org.dalaba.hub.cap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an import did. {@link Outcome#CREATED}: a new alert ({@code alertId}; for an Update also {@code cancelled}, the
 * alerts it replaced). {@link Outcome#CANCELLED}: a Cancel ended the {@code cancelled} alerts ({@code alreadyEnded}
 * had ended before). {@link Outcome#PENDING_APPROVAL}: a new alert ({@code alertId}) that waits for a second person
 * (the two-person rule); nothing was sent yet and, for an Update, the alert it replaces keeps playing.
 * {@link Outcome#REPEATED}: the same sender + identifier was imported before; nothing was sent again.
 * {@code notes} are "中文|English" remarks (e.g. a geocode system not known).
 */
public record ImportResult(Outcome outcome, String msgType, String alertId, List<String> cancelled, List<String> alreadyEnded,
                           List<String> notes) {
  public enum Outcome { CREATED, PENDING_APPROVAL, CANCELLED, REPEATED }

  public ImportResult {
    cancelled = List.copyOf(cancelled);
    alreadyEnded = List.copyOf(alreadyEnded);
    notes = List.copyOf(notes);
  }

  /** HTTP status: 201 for a new alert, 202 for one waiting for approval (as {@code POST /api/v1/alerts}), 200 otherwise. */
  public int status() {
    return outcome == Outcome.CREATED ? 201 : outcome == Outcome.PENDING_APPROVAL ? 202 : 200;
  }

  /** The answer of {@code POST /api/v1/cap}. */
  public JsonObject toJson(boolean english) {
    JsonArray shown = new JsonArray();
    notes.forEach(n -> shown.add(n.split("\\|", 2)[english ? 1 : 0]));
    return new JsonObject().put("id", alertId).put("outcome", outcome.name().toLowerCase()).put("msgType", msgType)
        .put("repeated", outcome == Outcome.REPEATED).put("cancelled", new JsonArray(cancelled))
        .put("alreadyEnded", new JsonArray(alreadyEnded)).put("notes", shown);
  }

  /** What the ledger keeps, so that a repeat answers the same. */
  JsonObject settled() {
    return new JsonObject().put("alertId", alertId).put("msgType", msgType).put("cancelled", new JsonArray(cancelled))
        .put("alreadyEnded", new JsonArray(alreadyEnded));
  }

  @SuppressWarnings("unchecked")
  static ImportResult repeated(JsonObject settled) {
    return new ImportResult(Outcome.REPEATED, settled.getString("msgType"), settled.getString("alertId"),
        settled.getJsonArray("cancelled", new JsonArray()).getList(), settled.getJsonArray("alreadyEnded", new JsonArray()).getList(),
        List.of());
  }
}
