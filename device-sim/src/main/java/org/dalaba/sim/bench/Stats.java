package org.dalaba.sim.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of measured values (nearest-rank percentiles). */
final class Stats {
  private Stats() {
  }

  static long percentile(List<Long> values, double percent) {
    Long value = percentileOf(values, percent);
    return value == null ? -1 : value;
  }

  /** The nearest-rank percentile of any comparable values (ratios, say); null when there are none. */
  static <T extends Comparable<? super T>> T percentileOf(List<T> values, double percent) {
    if (values.isEmpty()) {
      return null;
    }
    List<T> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static long median(List<Long> values) {
    return percentile(values, 50);
  }

  static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(-1);
  }
}
