package org.dalaba.hub.protocol;

/**
 * Why the hub dropped a message from an endpoint (docs/protocol.md, "What the hub does with a bad
 * message"). All are the device's fault: the hub counts, logs (rate-limited) and carries on.
 */
public enum RejectReason {
  OVERSIZED, MALFORMED_JSON, BAD_FIELD, UNKNOWN_TOPIC, UNKNOWN_ENDPOINT, UNKNOWN_COMMAND
}
