package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's check that every open live session still has a hub streaming it: one whose origin lease
 * ({@link LiveOrigins}) has lapsed is ended with reason {@value #REASON}, as at a normal end (endpoints get
 * {@code stop} ENDED, records close, the end is audited), instead of staying open until its time limit while
 * its endpoints wait. A new session has {@link #GRACE_MS} to take its lease. Runs on the hub's context.
 */
public final class LiveOriginWatch {
  private static final Logger LOG = LoggerFactory.getLogger(LiveOriginWatch.class);
  static final String REASON = "hub_lost";
  static final long CHECK_MS = 1_000;
  /** From its creation, how long a session has before its lease must be there: one renewal and a margin. */
  static final long GRACE_MS = LiveOrigins.TTL_MS + 2 * LiveOrigins.RENEW_MS;

  private final Vertx vertx;
  private final Clock clock;
  private final Leadership leadership;
  private final RedisStore redis;
  private final LiveService live;
  private final LiveOrigins origins;
  private long timer = -1;
  private boolean checking;

  public LiveOriginWatch(Vertx vertx, Clock clock, Leadership leadership, RedisStore redis, LiveService live, LiveOrigins origins) {
    this.vertx = vertx;
    this.clock = clock;
    this.leadership = leadership;
    this.redis = redis;
    this.live = live;
    this.origins = origins;
  }

  public void start() {
    timer = vertx.setPeriodic(CHECK_MS, t -> check());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (checking || !leadership.isLeader()) {
      return;
    }
    checking = true;
    live.store().openIds().compose(ids -> {
      List<Future<Void>> all = new ArrayList<>();
      ids.stream().filter(id -> live.broadcast(id) == null).forEach(id -> all.add(checkOne(id)));
      return Future.join(all);
    }).onComplete(r -> {
      checking = false;
      if (r.failed()) {
        LOG.debug("Checking the origins of live sessions failed: {}", r.cause().toString());
      }
    });
  }

  private Future<Void> checkOne(String id) {
    return live.store().get(id).compose(session -> {
      if (session == null || !session.open() || clock.millis() - session.createdAt() < GRACE_MS) {
        return Future.succeededFuture();
      }
      return origins.of(id).compose(origin -> origin != null ? Future.succeededFuture()
          // once, even if a hand-over leaves two leaders for a moment
          : redis.send(Command.SET, Keys.liveLost(id), "1", "NX", "PX", 60_000).compose(taken -> {
            if (taken == null) {
              return Future.succeededFuture();
            }
            LOG.warn("Live session {} lost the hub streaming it (no origin lease for {} ms): ending it", id, LiveOrigins.TTL_MS);
            return live.end(id, REASON, null).mapEmpty();
          }));
    });
  }
}
