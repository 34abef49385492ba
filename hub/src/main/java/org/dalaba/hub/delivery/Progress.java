package org.dalaba.hub.delivery;

/**
 * Where one endpoint stands with one command in flight, as the leader tracks it: the record's state, when the
 * hub last sent to it or heard of it, and how often it sent. Touched only on the hub's context.
 */
public final class Progress {
  DeliveryState state;
  long lastActivityAt;
  int sends;

  public Progress(DeliveryState state, long lastActivityAt, int sends) {
    this.state = state;
    this.lastActivityAt = lastActivityAt;
    this.sends = sends;
  }

  public DeliveryState state() { return state; }

  public long lastActivityAt() { return lastActivityAt; }

  public int sends() { return sends; }

  /** Back-off of re-sends: {@code firstMs}, doubling with every send up to {@code maxMs}. */
  public long backoff(long firstMs, long maxMs) {
    return Math.min(maxMs, firstMs << Math.min(20, Math.max(0, sends - 1)));
  }
}
