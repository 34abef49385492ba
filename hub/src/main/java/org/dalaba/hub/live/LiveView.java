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

  /** With counts, lag and the targets' names, over the caller's scope (the list: no endpoints or villages). */
  JsonObject brief(LiveSession s, ScopedDeliveries seen, Map<String, JsonObject> lags, Directory dir) {
    return summary(s).put("targetNames", targetNames(s, dir))
        .put("counts", AlertView.counts(seen.counts(), DeliveryState.PLAYBACK, seen.records().size())).put("lag", lag(seen, lags));
  }

  JsonObject full(LiveSession s, ScopedDeliveries seen, Map<String, JsonObject> lags, Directory dir) {
    JsonArray endpoints = new JsonArray();
    for (Map.Entry<String, DeliveryRecord> e : seen.records().entrySet()) {
      endpoints.add(new JsonObject().put("endpointId", e.getKey())
          .put("villageId", dir.endpoint(e.getKey()).map(x -> x.villageId()).orElse(null))
          .put("state", e.getValue().state().wire()).put("preemption", e.getValue().preemption()).put("lag", lags.get(e.getKey())));
    }
    return brief(s, seen, lags, dir).put("endpoints", endpoints).put("villages", alerts.villages(seen.records(), dir, 0));
  }

  /** The townships' and villages' names it was opened to (none for the whole county: {@code targets.all}). */
  static JsonArray targetNames(LiveSession s, Directory dir) {
    JsonArray names = new JsonArray();
    s.targets().townships().forEach(id -> names.add(dir.township(id).map(t -> t.name()).orElse(id)));
    s.targets().villages().forEach(id -> names.add(dir.village(id).map(v -> v.name()).orElse(id)));
    return names;
  }

  /** p50 and p95 over the endpoints of the caller's scope that reported a lag; their maximum. */
  private static JsonObject lag(ScopedDeliveries seen, Map<String, JsonObject> lags) {
    List<Long> p50s = new ArrayList<>();
    List<Long> p95s = new ArrayList<>();
    long max = -1;
    for (String endpointId : seen.records().keySet()) {
      JsonObject lag = lags.get(endpointId);
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
    return new JsonObject().put("p50Ms", percentile(p50s, 50)).put("p95Ms", percentile(p95s, 95))
        .put("maxMs", max < 0 ? null : max).put("endpoints", p50s.size());
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
