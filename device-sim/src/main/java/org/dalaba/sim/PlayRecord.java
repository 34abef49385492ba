package org.dalaba.sim;

/** One playback an endpoint started, and how it ended. Times are epoch milliseconds. */
public record PlayRecord(String commandId, String type, long startedAt, long endedAt, Outcome outcome) {

  public enum Outcome {
    /** Played to the end, all repeats. */
    FINISHED,
    /** Cut short by a {@code stop} command. */
    STOPPED,
    /** Interrupted by something more urgent: an alert, a higher-level alert, a higher-priority play. */
    PREEMPTED,
    /** An alert stopped after the pass during which its {@code expiresAt} passed (it reports finished). */
    EXPIRED
  }
}
