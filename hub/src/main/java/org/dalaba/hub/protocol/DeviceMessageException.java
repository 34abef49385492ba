package org.dalaba.hub.protocol;

/** A message from an endpoint that breaks the protocol; carries the reason it is counted under. */
public final class DeviceMessageException extends RuntimeException {
  private final RejectReason reason;

  public DeviceMessageException(RejectReason reason, String detail) {
    super(detail, null, false, false); // no stack trace: these are expected, and can be many
    this.reason = reason;
  }

  public RejectReason reason() { return reason; }
}
