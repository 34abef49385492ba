package org.dalaba.hub.alert;

/** An alert's own life: ACTIVE until every record is final (COMPLETED), or cancelled, or expired. */
public enum AlertState {
  ACTIVE, COMPLETED, CANCELLED, EXPIRED;

  public String wire() { return name().toLowerCase(); }
}
