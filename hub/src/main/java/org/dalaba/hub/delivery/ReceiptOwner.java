package org.dalaba.hub.delivery;

import io.vertx.core.Future;
import java.util.List;
import org.dalaba.hub.protocol.Receipt;

/**
 * A service that issued commands and keeps their delivery records (alerts, routine plays, prefetches).
 * {@link ReceiptIngest} hands it the receipts for its command ids, in arrival order.
 */
public interface ReceiptOwner {
  /** One result per receipt, in order; {@link DeliveryStore.Applied#UNKNOWN} when there is no such record. */
  Future<List<DeliveryStore.Applied>> applyReceipts(List<Receipt> receipts);
}
