package org.dalaba.hub.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.protocol.RejectReason;
import org.dalaba.hub.protocol.ReportKind;
import org.dalaba.hub.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers receipts and applies them to delivery records in batches: whatever arrived while the previous
 * batch was in Redis goes in the next one, so a burst of 10,000 receipts costs a few pipelined round
 * trips, not 10,000. A receipt goes to the owner of its command id's kind, the part before the first
 * {@code -} (a route table: {@code a} alerts, {@code r} routine plays, {@code f} prefetches). Runs on
 * the hub's context.
 *
 * <p>Bounded: at most {@link #MAX_WAITING} receipts wait (while Redis is unreachable, say). Beyond that the
 * oldest waiting receipts are dropped and counted ({@link #droppedCount()}): nothing is lost for good, since an
 * endpoint answers the leader's re-send of a command it already confirmed with its latest receipt, and the
 * records never move backwards, so the newest receipts are the ones worth keeping.
 */
public final class ReceiptIngest {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptIngest.class);
  private static final int MAX_BATCH = org.dalaba.hub.config.Limits.RECEIPTS_PER_BATCH;
  static final int MAX_WAITING = org.dalaba.hub.config.Limits.RECEIPTS_WAITING;

  private final Vertx vertx;
  private final Map<String, ReceiptOwner> owners;
  private final DeviceErrors errors;
  private final int maxWaiting;
  private volatile long dropped;
  private List<Receipt> waiting = new ArrayList<>();
  private boolean flushing;
  private volatile long applied;

  /** @param owners command-id kind (e.g. {@code "a"}) → the service that keeps those records */
  public ReceiptIngest(Vertx vertx, Map<String, ReceiptOwner> owners, DeviceErrors errors) {
    this(vertx, owners, errors, MAX_WAITING);
  }

  ReceiptIngest(Vertx vertx, Map<String, ReceiptOwner> owners, DeviceErrors errors, int maxWaiting) {
    this.maxWaiting = maxWaiting;
    this.vertx = vertx;
    this.owners = Map.copyOf(owners);
    this.errors = errors;
  }

  public void accept(Receipt receipt) {
    if (receipt.state() == ReceiptState.FAILED && "BAD_SIGNATURE".equals(receipt.reason())) {
      errors.reject(receipt.endpointId(), Topics.report(receipt.endpointId(), ReportKind.RECEIPT), RejectReason.FORGED_COMMAND,
          "refused command " + receipt.commandId() + " as unsigned or forged: " + receipt.detail());
      return;
    }
    waiting.add(receipt);
    bound();
    if (!flushing) {
      flushing = true;
      vertx.runOnContext(v -> flush()); // let the rest of this burst join the batch
    }
  }

  public long appliedCount() { return applied; }

  /** Receipts dropped because too many were waiting (see the class comment). */
  public long droppedCount() { return dropped; }

  /** Receipts waiting for the next batch now. */
  public int waitingCount() { return waiting.size(); }

  private void bound() {
    int over = waiting.size() - maxWaiting;
    if (over > 0) {
      waiting.subList(0, over).clear();
      if (dropped == 0 || (dropped + over) / 10_000 > dropped / 10_000) {
        LOG.warn("More than {} receipts waiting for Redis: dropped the oldest ({} so far); re-sends recover them", maxWaiting,
            dropped + over);
      }
      dropped += over;
    }
  }

  static String kindOf(String commandId) {
    int dash = commandId.indexOf('-');
    return dash > 0 ? commandId.substring(0, dash) : "";
  }

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
    Map<ReceiptOwner, List<Receipt>> byOwner = new LinkedHashMap<>();
    for (Receipt receipt : batch) {
      ReceiptOwner owner = owners.get(kindOf(receipt.commandId()));
      if (owner == null) {
        errors.reject(receipt.endpointId(), "receipt", RejectReason.UNKNOWN_COMMAND, "no delivery record for " + receipt.commandId());
      } else {
        byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(receipt);
      }
    }
    // One owner after the other, so each sees its receipts in arrival order.
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<ReceiptOwner, List<Receipt>> entry : byOwner.entrySet()) {
      chain = chain.compose(v -> entry.getKey().applyReceipts(entry.getValue()).map(outcomes -> {
        applied += outcomes.size();
        for (int i = 0; i < outcomes.size(); i++) {
          if (outcomes.get(i).outcome() == DeliveryStore.Applied.Outcome.UNKNOWN) {
            Receipt r = entry.getValue().get(i);
            errors.reject(r.endpointId(), "receipt", RejectReason.UNKNOWN_COMMAND, "no delivery record for " + r.commandId());
          }
        }
        return null;
      }));
    }
    chain.onComplete(result -> {
      if (result.failed()) {
        // Redis is unreachable: keep the receipts and try again; endpoints would repeat them anyway.
        // (An owner that already applied its part sees them again; records never move backwards.)
        LOG.warn("Applying {} receipt(s) failed: {}; retrying", batch.size(), result.cause().toString());
        batch.addAll(waiting);
        waiting = batch;
        bound();
        vertx.setTimer(500, t -> flush());
        return;
      }
      flush();
    });
  }
}
