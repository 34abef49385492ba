package org.dalaba.sim;

/** One playback an endpoint started, and how it ended. Times are epoch milliseconds. */
public record PlayRecord(String commandId, String type, long startedAt, long endedAt, Outcome outcome) {

  public enum Outcome {
    /** Played to the end, all repeats. */
    FINISHED,
    /** Cut short by a {@code stop} command. */
    STOPPED,
    /** A routine {@code play} interrupted by an alert. */
    PREEMPTED
  }
}
