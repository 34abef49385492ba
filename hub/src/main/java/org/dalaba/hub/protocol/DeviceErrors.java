package org.dalaba.hub.protocol;

import org.dalaba.hub.logging.LogText;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts rejected device messages by reason and logs them at most once a minute per endpoint and
 * reason, so a misbehaving endpoint cannot flood the log.
 */
public final class DeviceErrors {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceErrors.class);
  private static final long LOG_INTERVAL_MS = 60_000;

  private final Map<RejectReason, AtomicLong> counts = new EnumMap<>(RejectReason.class);
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  public DeviceErrors() {
    for (RejectReason reason : RejectReason.values()) {
      counts.put(reason, new AtomicLong());
    }
  }

  public void reject(String endpointId, String topic, RejectReason reason, String detail) {
    long total = counts.get(reason).incrementAndGet();
    String key = endpointId + "|" + reason;
    long now = System.currentTimeMillis();
    Long last = lastLogged.get(key);
    if (last == null || now - last >= LOG_INTERVAL_MS) {
      lastLogged.put(key, now);
      LOG.warn("Rejected message from endpoint {} on {}: {} ({}); {} so far for this reason", LogText.of(endpointId),
          LogText.of(topic), reason,
          LogText.of(detail), total);
    }
  }

  public long count(RejectReason reason) {
    return counts.get(reason).get();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    long total = 0;
    for (Map.Entry<RejectReason, AtomicLong> entry : counts.entrySet()) {
      json.put(entry.getKey().name(), entry.getValue().get());
      total += entry.getValue().get();
    }
    return new JsonObject().put("total", total).put("byReason", json);
  }
}
