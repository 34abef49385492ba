package org.dalaba.sim;

/** Reason codes an endpoint sends with a {@code failed} receipt (docs/protocol.md, "Receipts"). */
public enum Reason {
  /** Arrived, or was due, after {@code expiresAt}. */
  EXPIRED,
  /** Stopped or skipped because of a {@code stop}. */
  CANCELLED,
  /** Interrupted by something more urgent; an alert is played again afterwards, a play resumed by the hub. */
  PREEMPTED,
  /** The command could not be understood. */
  BAD_COMMAND,
  /** The audio could not be fetched. */
  MEDIA_UNAVAILABLE,
  /** The audio fetched does not match its SHA-256. */
  MEDIA_HASH_MISMATCH,
  /** An alert the endpoint has no way to play (neither text-to-speech nor audio). */
  NO_PLAYABLE_FORMAT,
  /** The command is not signed by a hub key the endpoint trusts. */
  BAD_SIGNATURE,
  /** The amplifier or audio path failed (a real endpoint: decoding, text-to-speech or the sound card). */
  PLAYBACK_ERROR,
  /** A live stream could not be fetched (HTTP error, connection refused or lost for good). */
  STREAM_UNAVAILABLE,
  /** A live stream is not Ogg Opus as promised (bad CRC, no OpusHead, garbage). */
  STREAM_INVALID,
  /** A live stream sent nothing for too long. */
  STREAM_STALLED,
  /** Only a stop's reason: the live session has ended (the endpoint reports it finished). */
  ENDED
}
