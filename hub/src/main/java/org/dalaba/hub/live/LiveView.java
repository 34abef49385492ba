package org.dalaba.hub.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.api.AlertView;
import org.dalaba.hub.api.ScopedDeliveries;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;

/** The API's picture of a live session (docs/api.md, "Live sessions"): fields, counts, lag, per-endpoint lag. */
final class LiveView {
  private final Times times;
  private final AlertView alerts;

  LiveView(Times times) {
    this.times = times;
    this.alerts = new AlertView(times);
  }

  JsonObject summary(LiveSession s) {
    return new JsonObject().put("id", s.id()).put("state", s.state()).put("level", s.level().wire()).put("title", s.title())
        .put("targets", s.targets().toJson()).put("createdAt", times.iso(s.createdAt())).put("createdBy", s.createdBy())
        .put("startedAt", s.startedAt() == 0 ? null : times.iso(s.startedAt()))
        .put("endedAt", s.endedAt() == 0 ? null : times.iso(s.endedAt())).put("endReason", s.endReason())
        .put("maxSeconds", s.maxSeconds()).put("expiresAt", times.iso(s.expiresAt())).put("audioMs", s.audioMs())
        .put("anchorMs", s.anchorMs() == 0 ? null : s.anchorMs())
        .put("sourceUrl", "/api/v1/live/" + s.id() + "/audio").put("wsSourceUrl", "/api/v1/live/" + s.id() + "/source")
        .put("streamUrl", s.streamUrl()).put("recording", s.recording());
  }

  /** With counts and lag only (the list). */
  JsonObject brief(LiveSession s, Map<String, Long> counts, int records) {
    return summary(s).put("counts", AlertView.counts(counts, DeliveryState.PLAYBACK, records));
  }

  JsonObject full(LiveSession s, ScopedDeliveries seen, Map<String, JsonObject> lags, Directory dir) {
    JsonArray endpoints = new JsonArray();
    List<Long> p50s = new ArrayList<>();
    List<Long> p95s = new ArrayList<>();
    long max = -1;
    for (Map.Entry<String, DeliveryRecord> e : seen.records().entrySet()) {
      JsonObject lag = lags.get(e.getKey());
      endpoints.add(new JsonObject().put("endpointId", e.getKey())
          .put("villageId", dir.endpoint(e.getKey()).map(x -> x.villageId()).orElse(null))
          .put("state", e.getValue().state().wire()).put("preemption", e.getValue().preemption()).put("lag", lag));
      if (lag != null) {
        Long first = lag.getLong("firstMs");
        Long p50 = lag.getLong("p50Ms", first);
        Long p95 = lag.getLong("p95Ms", first);
        Long m = lag.getLong("maxMs", first);
        if (p50 != null) {
          p50s.add(p50);
          p95s.add(p95);
          max = Math.max(max, m);
        }
      }
    }
    JsonObject lag = new JsonObject().put("p50Ms", percentile(p50s, 50)).put("p95Ms", percentile(p95s, 95))
        .put("maxMs", max < 0 ? null : max).put("endpoints", p50s.size());
    return summary(s).put("counts", AlertView.counts(seen.counts(), DeliveryState.PLAYBACK, seen.records().size()))
        .put("lag", lag).put("endpoints", endpoints).put("villages", alerts.villages(seen.records(), dir, 0));
  }

  /** Nearest rank; null for none. */
  static Long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
