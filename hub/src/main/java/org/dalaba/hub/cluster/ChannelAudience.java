package org.dalaba.hub.cluster;

/**
 * Whether anyone but this hub may hear the cluster channel. A hub that runs alone need not encode the
 * per-receipt batches meant for other hubs' consoles, have Redis fan them out, and read them back only to
 * skip them (at N = 10,000 that was 20–30 ms of the event loop and ~10 ms of Redis per alert).
 *
 * <p>It errs towards "someone may": until this hub is subscribed and a {@code PUBLISH} has counted exactly one
 * receiver (this hub's own subscriber), and for {@link #memoryMs} after any message of another hub was heard
 * (every hub publishes a probe every {@link ClusterEvents#PROBE_MS} ms, and one as soon as it has subscribed).
 * Not used under Redis Cluster, where a {@code PUBLISH} counts only the receivers on the node it reached.
 * Pub/sub is best effort either way: in the seconds after a Sentinel failover, before the probe finds this hub's
 * subscriber on the wrong node, the one receiver counted may be another hub, whose console then misses some
 * progress items (it reads the records themselves from Redis). Runs on the hub's context.
 */
final class ChannelAudience {
  private final long memoryMs;
  private boolean subscribed;
  /** Changes with every (un)subscription: a count answered for a PUBLISH sent before it says nothing now. */
  private long epoch;
  /** Receivers the last {@code PUBLISH} reached, or -1 before the first answer (or after the subscriber changed). */
  private long receivers = -1;
  private long otherHubHeardAt;
  private boolean otherHubHeard;

  ChannelAudience(long memoryMs) {
    this.memoryMs = memoryMs;
  }

  /** This hub's subscriber holds the channel (true) or is gone and being replaced (false). */
  void subscribed(boolean yes) {
    subscribed = yes;
    epoch++;
    receivers = -1; // counted again by the next PUBLISH
  }

  /** To be handed back with the count of a {@code PUBLISH} sent now. */
  long epoch() {
    return epoch;
  }

  /** A {@code PUBLISH} of this hub, sent in {@code sentIn}, reached this many subscribers. */
  void published(long sentIn, long count) {
    if (sentIn == epoch) {
      receivers = count;
    }
  }

  /** A message another hub published came in. */
  void heardOtherHub(long now) {
    otherHubHeard = true;
    otherHubHeardAt = now;
  }

  boolean othersMayListen(long now) {
    return !subscribed || receivers != 1 || otherHubHeard && now - otherHubHeardAt < memoryMs;
  }
}
