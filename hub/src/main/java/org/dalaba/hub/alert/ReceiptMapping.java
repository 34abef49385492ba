package org.dalaba.hub.alert;

import org.dalaba.hub.protocol.Receipt;

/** Which delivery state a receipt moves a record to (docs/protocol.md, "Receipts"). */
final class ReceiptMapping {
  private ReceiptMapping() {
  }

  /** @return the new state, or null for a receipt that is not a delivery step (prefetch {@code ready}) */
  static DeliveryState stateOf(Receipt receipt) {
    return switch (receipt.state()) {
      case RECEIVED -> DeliveryState.RECEIVED;
      case STARTED -> DeliveryState.PLAYING;
      case FINISHED -> DeliveryState.PLAYED;
      case FAILED -> switch (receipt.reason()) {
        case "EXPIRED" -> DeliveryState.EXPIRED;
        case "CANCELLED" -> DeliveryState.CANCELLED;
        default -> DeliveryState.FAILED;
      };
      case READY -> null;
    };
  }
}
