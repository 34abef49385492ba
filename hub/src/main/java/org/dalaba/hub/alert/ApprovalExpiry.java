package org.dalaba.hub.alert;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.dalaba.hub.cluster.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's timer for the two-person rule: every second it asks Redis which pending alerts' wait has ended
 * ({@code dlb:alerts:pending}, scored by deadline) and has each expire unsent. The deadlines live in Redis, not in
 * timers, so a hub restart or a change of leader loses none; the expiry itself is the same atomic decision as an
 * approval, so an approval racing the timer wins or loses whole. Runs on the hub's context.
 */
public final class ApprovalExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalExpiry.class);
  static final long PERIOD_MS = 1000;

  private final Vertx vertx;
  private final Clock clock;
  private final Leadership leadership;
  private final AlertService alerts;
  private final AlertStore store;
  private long timer = -1;
  private boolean sweeping;

  public ApprovalExpiry(Vertx vertx, Clock clock, Leadership leadership, AlertService alerts, AlertStore store) {
    this.vertx = vertx;
    this.clock = clock;
    this.leadership = leadership;
    this.alerts = alerts;
    this.store = store;
  }

  public void start() {
    timer = vertx.setPeriodic(PERIOD_MS, t -> sweep());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void sweep() {
    if (sweeping || !leadership.isLeader()) {
      return;
    }
    sweeping = true;
    store.pendingDue(clock.millis()).compose(ids -> {
      io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
      for (String id : ids) {
        done = done.compose(v -> alerts.expireApproval(id).recover(e -> {
          LOG.warn("Expiring the approval of alert {} failed: {}; tried again in a second", id, e.toString());
          return io.vertx.core.Future.succeededFuture();
        }));
      }
      return done;
    }).onComplete(r -> {
      sweeping = false;
      if (r.failed()) {
        LOG.debug("Reading the alerts waiting for approval failed: {}", r.cause().toString());
      }
    });
  }
}
