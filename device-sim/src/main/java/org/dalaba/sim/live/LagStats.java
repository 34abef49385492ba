package org.dalaba.sim.live;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/** The lag of every page an endpoint played (hub receipt → playing it), as the receipts report it. Not thread-safe. */
public final class LagStats {
  private long[] values = new long[256];
  private int count;

  void add(long lagMs) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = Math.max(0, lagMs);
  }

  public int pages() { return count; }

  /** {@code {"p50Ms","p95Ms","maxMs","pages"}} (docs/protocol.md, "live"); null before the first page. */
  public JsonObject toJson() {
    if (count == 0) {
      return null;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return new JsonObject().put("p50Ms", rank(sorted, 50)).put("p95Ms", rank(sorted, 95)).put("maxMs", sorted[count - 1])
        .put("pages", count);
  }

  private static long rank(long[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
