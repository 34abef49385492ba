package org.dalaba.hub.alert;

import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.Progress;

/**
 * When to send a command to one endpoint again. Pending records: after {@code firstMs}, doubling up
 * to {@code maxMs}. Received or playing records: only once a whole playback should have finished,
 * to make the endpoint repeat its latest receipt (a lost "finished" is the usual cause).
 */
public record ResendPolicy(long firstMs, long maxMs) {

  boolean due(Progress progress, Alert alert, long now) {
    long backoff = progress.backoff(firstMs, maxMs);
    if (progress.state() != DeliveryState.PENDING) {
      backoff += alert.durationMs() * alert.repeat();
    }
    return now - progress.lastActivityAt() >= backoff;
  }
}
