package org.dalaba.sim;

/** Reason codes an endpoint sends with a {@code failed} receipt (docs/protocol.md, "Receipts"). */
public enum Reason {
  /** Arrived, or was due, after {@code expiresAt}. */
  EXPIRED,
  /** Stopped or skipped because of a {@code stop}. */
  CANCELLED,
  /** A routine {@code play} interrupted by an alert. */
  PREEMPTED,
  /** The command could not be understood. */
  BAD_COMMAND,
  /** The audio could not be fetched. */
  MEDIA_UNAVAILABLE,
  /** The audio fetched does not match its SHA-256. */
  MEDIA_HASH_MISMATCH,
  /** The command is not signed by a hub key the endpoint trusts. */
  BAD_SIGNATURE
}
