package org.dalaba.sim;

/**
 * Counters of one endpoint. Written only on the endpoint's context, read from anywhere (summaries), hence
 * volatile fields with a single writer.
 */
final class EndpointStats {
  volatile int received;
  volatile int distinct;
  volatile int played;
  volatile int stopped;
  volatile int preempted;
  volatile int dropped;
  volatile int mediaFetched;
  /** Commands refused because their signature did not hold. */
  volatile int badSignature;

  void count(PlayRecord.Outcome outcome) {
    switch (outcome) {
      case FINISHED, EXPIRED -> played++;
      case STOPPED -> stopped++;
      case PREEMPTED -> preempted++;
    }
  }
}
