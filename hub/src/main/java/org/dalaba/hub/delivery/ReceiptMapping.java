package org.dalaba.hub.delivery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.dalaba.hub.protocol.Receipt;

/** Which delivery state a receipt moves a record to (docs/protocol.md, "Receipts"). */
public final class ReceiptMapping {
  private ReceiptMapping() {
  }

  /** @return the state a receipt moves its record to ({@code ready} only ever arrives for a prefetch) */
  public static DeliveryState stateOf(Receipt receipt) {
    return switch (receipt.state()) {
      case RECEIVED -> DeliveryState.RECEIVED;
      case STARTED -> DeliveryState.PLAYING;
      case FINISHED -> DeliveryState.PLAYED;
      case FAILED -> switch (receipt.reason()) {
        case "EXPIRED" -> DeliveryState.EXPIRED;
        case "CANCELLED" -> DeliveryState.CANCELLED;
        default -> DeliveryState.FAILED;
      };
      case READY -> DeliveryState.READY;
    };
  }

  /** Results for every receipt, given results for the ones {@code applied} kept, in order (the rest: ignored). */
  public static List<DeliveryStore.Applied> align(List<Receipt> receipts, java.util.function.Predicate<Receipt> applied,
                                                  List<DeliveryStore.Applied> appliedResults) {
    List<DeliveryStore.Applied> all = new ArrayList<>(receipts.size());
    Iterator<DeliveryStore.Applied> results = appliedResults.iterator();
    for (Receipt receipt : receipts) {
      all.add(applied.test(receipt) ? results.next() : DeliveryStore.Applied.IGNORED);
    }
    return all;
  }
}
