package org.dalaba.hub.cap;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.dalaba.hub.alert.AlertMeta;
import org.dalaba.hub.alert.NationalFields;

/**
 * What a CAP message asks of the hub, mapped (docs/cap.md) but not yet done: a new alert ({@link Kind#ALERT}), one that
 * replaces the referenced ones ({@link Kind#UPDATE}), or cancelling them ({@link Kind#CANCEL}, no alert body).
 * {@code alertBody} is in the shape of {@code POST /api/v1/alerts}, so the same validator and creation path apply.
 * {@code notes}: "中文|English" remarks on what was not matched (shown with the answer).
 */
public record CapPlan(Kind kind, CapMessage message, JsonObject alertBody, boolean exercise, AlertMeta.Translation english,
                      NationalFields national, List<String> notes) {
  public enum Kind { ALERT, UPDATE, CANCEL }

  public CapPlan {
    notes = List.copyOf(notes);
  }
}
