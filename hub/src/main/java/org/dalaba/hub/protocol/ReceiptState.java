package org.dalaba.hub.protocol;

/** The {@code state} of a receipt an endpoint sends. */
public enum ReceiptState {
  RECEIVED, STARTED, FINISHED, FAILED, READY;

  static ReceiptState parse(String value) {
    for (ReceiptState state : values()) {
      if (state.name().toLowerCase().equals(value)) {
        return state;
      }
    }
    throw new DeviceMessageException(RejectReason.BAD_FIELD, "state \"" + value + "\" is not a receipt state");
  }
}
