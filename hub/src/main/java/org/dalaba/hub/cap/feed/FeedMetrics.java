package org.dalaba.hub.cap.feed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.dalaba.hub.metrics.HubRegistry;

/** The feeds' series in {@code /metrics}: per source, this instance's polls, failures and what its entries became. */
public final class FeedMetrics {
  private FeedMetrics() {
  }

  public static void register(HubRegistry registry, List<FeedSource> sources, FeedStatus status) {
    if (sources.isEmpty()) {
      return;
    }
    for (FeedStatus.Count count : FeedStatus.Count.values()) {
      Map<String, DoubleSupplier> bySource = new LinkedHashMap<>();
      for (FeedSource source : sources) {
        bySource.put(source.id(), () -> status.localCount(source.id(), count));
      }
      registry.labelledCounter("dalaba_cap_feed_" + count.wire() + "_total", "CAP feed " + help(count) + " on this instance, by source",
          "source", bySource);
    }
  }

  private static String help(FeedStatus.Count count) {
    return switch (count) {
      case POLLS -> "polls";
      case FAILURES -> "polls that failed (source down, slow, garbage, too large)";
      case NOT_MODIFIED -> "polls answered 304 Not Modified";
      case IMPORTED -> "documents sent at once by an auto rule";
      case QUEUED -> "documents queued for an operator";
      case IGNORED -> "documents an ignore rule dropped";
      case REFUSED -> "documents refused (signature, schema, mapping)";
      case REPEATS -> "documents seen before (not sent again)";
    };
  }
}
