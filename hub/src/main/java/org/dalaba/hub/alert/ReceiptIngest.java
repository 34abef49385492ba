package org.dalaba.hub.alert;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers receipts and applies them to delivery records in batches: whatever arrived while the previous
 * batch was in Redis goes in the next one, so a burst of 10,000 receipts costs a few pipelined round
 * trips, not 10,000. Runs on the hub's context.
 */
public final class ReceiptIngest {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptIngest.class);
  private static final int MAX_BATCH = 2000;

  private final Vertx vertx;
  private final AlertService alerts;
  private final DeviceErrors errors;
  private List<Receipt> waiting = new ArrayList<>();
  private boolean flushing;
  private long applied;

  public ReceiptIngest(Vertx vertx, AlertService alerts, DeviceErrors errors) {
    this.vertx = vertx;
    this.alerts = alerts;
    this.errors = errors;
  }

  public void accept(Receipt receipt) {
    waiting.add(receipt);
    if (!flushing) {
      flushing = true;
      vertx.runOnContext(v -> flush()); // let the rest of this burst join the batch
    }
  }

  public long appliedCount() { return applied; }

  private void flush() {
    if (waiting.isEmpty()) {
      flushing = false;
      return;
    }
    List<Receipt> batch;
    if (waiting.size() <= MAX_BATCH) {
      batch = waiting;
      waiting = new ArrayList<>();
    } else {
      batch = new ArrayList<>(waiting.subList(0, MAX_BATCH));
      waiting = new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
    }
    List<AlertStore.Transition> transitions = new ArrayList<>(batch.size());
    List<Receipt> mapped = new ArrayList<>(batch.size());
    long now = System.currentTimeMillis();
    for (Receipt receipt : batch) {
      DeliveryState to = ReceiptMapping.stateOf(receipt);
      if (to == null) {
        continue; // prefetch readiness: not an alert delivery step
      }
      transitions.add(new AlertStore.Transition(receipt.commandId(), receipt.endpointId(), to, now, receipt.reason(), receipt.ts()));
      mapped.add(receipt);
    }
    alerts.applyReceipts(transitions).onComplete(result -> {
      if (result.succeeded()) {
        applied += transitions.size();
        List<AlertStore.Applied> outcomes = result.result();
        for (int i = 0; i < outcomes.size(); i++) {
          if (outcomes.get(i).outcome() == AlertStore.Applied.Outcome.UNKNOWN) {
            Receipt r = mapped.get(i);
            errors.reject(r.endpointId(), "receipt", RejectReason.UNKNOWN_COMMAND, "no delivery record for " + r.commandId());
          }
        }
      } else {
        // Redis is unreachable: keep the receipts and try again; endpoints would repeat them anyway.
        LOG.warn("Applying {} receipt(s) failed: {}; retrying", batch.size(), result.cause().toString());
        batch.addAll(waiting);
        waiting = batch;
        vertx.setTimer(500, t -> flush());
        return;
      }
      flush();
    });
  }
}
