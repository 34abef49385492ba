package org.dalaba.hub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.Receipt;
import org.dalaba.hub.protocol.ReceiptState;
import org.dalaba.hub.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receipt batches: while Redis is away at most so many receipts wait, the newest; the rest are counted. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReceiptIngestTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Receipt receipt(int i) {
    return new Receipt("211282105001-01", "a-20261125-" + i, ReceiptState.RECEIVED, i, null, null);
  }

  @Test
  void whileRedisIsAwayTheOldestReceiptsBeyondTheBoundAreDroppedAndCounted() throws Exception {
    // GIVEN an owner whose store fails (Redis unreachable) until told otherwise, and room for 5 waiting receipts
    AtomicBoolean redisUp = new AtomicBoolean(false);
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    ReceiptOwner owner = receipts -> {
      if (!redisUp.get()) {
        return Future.failedFuture("connection refused");
      }
      receipts.forEach(r -> applied.add(r.commandId()));
      return Future.succeededFuture(receipts.stream().map(r -> new DeliveryStore.Applied(DeliveryStore.Applied.Outcome.MOVED,
          DeliveryState.PENDING)).toList());
    };
    ReceiptIngest ingest = new ReceiptIngest(vertx, Map.of("a", owner), new DeviceErrors(), 5);

    // WHEN 12 receipts arrive while Redis is away
    Promise<Void> accepted = Promise.promise();
    context.runOnContext(v -> {
      for (int i = 1; i <= 12; i++) {
        ingest.accept(receipt(i));
      }
      accepted.complete();
    });
    accepted.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    // THEN at most 5 wait and 7 are counted as dropped, the oldest first
    Await.until("the first retry", Duration.ofSeconds(5), () -> ingest.droppedCount() == 7);
    assertTrue(ingest.waitingCount() <= 5, "waiting " + ingest.waitingCount());
    // AND once Redis is back, the newest five are applied
    redisUp.set(true);
    Await.until("the rest applied", Duration.ofSeconds(5), () -> ingest.appliedCount() == 5);
    assertEquals(List.of("a-20261125-8", "a-20261125-9", "a-20261125-10", "a-20261125-11", "a-20261125-12"), applied);
    assertEquals(7, ingest.droppedCount());
  }
}
