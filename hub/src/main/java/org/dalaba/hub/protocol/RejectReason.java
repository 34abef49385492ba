package org.dalaba.hub.protocol;

/**
 * Why the hub dropped a message from an endpoint (docs/protocol.md, "What the hub does with a bad
 * message"). All are the device's fault: the hub counts, logs (rate-limited) and carries on.
 */
public enum RejectReason {
  OVERSIZED, MALFORMED_JSON, BAD_FIELD, UNKNOWN_TOPIC, UNKNOWN_ENDPOINT, UNKNOWN_COMMAND,
  /**
   * Not the endpoint's fault: it refused a command as {@code BAD_SIGNATURE}, so someone published on the
   * broker without the hub's key (or the endpoint lacks the current key). Counted and logged; the record of
   * the genuine command with that id is left as it is, so a forged copy cannot end it.
   */
  FORGED_COMMAND
}
