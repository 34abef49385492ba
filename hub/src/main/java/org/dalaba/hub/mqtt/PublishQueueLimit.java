package org.dalaba.hub.mqtt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on publishes the gateway holds (being signed, queued, or in flight). A publish over the bound fails at
 * once and is counted: nothing is dropped silently, and the delivery records stay unconfirmed, so the leader's
 * re-sends and the next catch-up send it again once the queue has drained. Safe from any thread (the hub's services
 * publish from their own contexts).
 */
final class PublishQueueLimit {
  private final int max;
  private final AtomicInteger depth = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  PublishQueueLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the publish queue needs room for at least one publish, not " + max);
    }
    this.max = max;
  }

  /** @return false (and counts a refusal) if the queue is full */
  boolean tryEnter() {
    while (true) {
      int now = depth.get();
      if (now >= max) {
        refused.incrementAndGet();
        return false;
      }
      if (depth.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void leave() {
    depth.decrementAndGet();
  }

  int depth() {
    return depth.get();
  }

  long refused() {
    return refused.get();
  }

  PublishQueueFullException full() {
    return new PublishQueueFullException(max);
  }
}
