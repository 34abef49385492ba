package org.dalaba.hub.alert;

/**
 * An alert's own life: PENDING_APPROVAL while a level under the two-person rule waits for a second person (nothing
 * sent yet; it ends REJECTED, or EXPIRED when nobody decides in time), then ACTIVE until every record is final
 * (COMPLETED), or cancelled, or expired.
 */
public enum AlertState {
  PENDING_APPROVAL, ACTIVE, COMPLETED, CANCELLED, EXPIRED, REJECTED;

  public String wire() { return name().toLowerCase(); }
}
