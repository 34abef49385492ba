package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Collection;
import org.dalaba.hub.delivery.DeliveryRecord;

/**
 * Time-to-air of one alert: for each endpoint that started it, the hub's time of its {@code started}
 * receipt minus the moment the hub accepted the alert (both on the hub's clock, so endpoint clocks do
 * not matter). Percentiles are nearest-rank over the endpoints that started.
 */
public final class TimeToAir {
  private TimeToAir() {
  }

  /** @return the endpoint's time-to-air in ms, or null if it has not started */
  public static Long of(DeliveryRecord record, long acceptedAt) {
    return record.startedAt() > 0 ? Math.max(0, record.startedAt() - acceptedAt) : null;
  }

  /** {@code {"started": n, "p50Ms", "p95Ms", "maxMs"}}, the three null while nothing has started. */
  public static JsonObject summary(Collection<DeliveryRecord> records, long acceptedAt) {
    long[] times = records.stream().map(r -> of(r, acceptedAt)).filter(t -> t != null).mapToLong(Long::longValue).toArray();
    Arrays.sort(times);
    JsonObject summary = new JsonObject().put("started", times.length);
    if (times.length == 0) {
      return summary.putNull("p50Ms").putNull("p95Ms").putNull("maxMs");
    }
    return summary.put("p50Ms", nearestRank(times, 50)).put("p95Ms", nearestRank(times, 95)).put("maxMs", times[times.length - 1]);
  }

  /**
   * Time-to-played of one endpoint: the hub's time of its {@code finished} receipt minus {@code acceptedAt}, or null
   * unless it played (coverage/CoverageFigures).
   */
  public static Long toPlayed(DeliveryRecord record, long acceptedAt) {
    return record.state() == org.dalaba.hub.delivery.DeliveryState.PLAYED && record.finishedAt() > 0
        ? Math.max(0, record.finishedAt() - acceptedAt) : null;
  }

  /** The nearest-rank percentile of sorted times (not empty). */
  public static long nearestRank(long[] sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
