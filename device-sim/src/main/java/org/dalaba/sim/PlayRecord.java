package org.dalaba.sim;

/**
 * One playback an endpoint started, and how it ended. Times are epoch milliseconds; {@code mediaSha256}
 * is the audio file it played, or null when it spoke the text itself; {@code exercise}: the alert was a drill
 * (演练, docs/protocol.md "alert": {@code exercise}).
 */
public record PlayRecord(String commandId, String type, long startedAt, long endedAt, Outcome outcome, String mediaSha256,
                         boolean exercise) {

  public PlayRecord(String commandId, String type, long startedAt, long endedAt, Outcome outcome, String mediaSha256) {
    this(commandId, type, startedAt, endedAt, outcome, mediaSha256, false);
  }

  public PlayRecord(String commandId, String type, long startedAt, long endedAt, Outcome outcome) {
    this(commandId, type, startedAt, endedAt, outcome, null);
  }

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
