package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.util.function.Supplier;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which hub streams each live session. The audio of a session lives on the hub that opened it (its origin, where
 * the {@link LiveBroadcast} runs); that hub keeps a lease in Redis for every session it streams,
 * {@code dlb:live:{id}:origin} → {@code {"hub","url"}} for {@value #TTL_MS} ms, renewed every {@value #RENEW_MS} ms.
 * When the origin dies the lease lapses and the leader ends the session ({@link LiveOriginWatch}); any other hub reads
 * it to tell a source which hub to send the audio to. Runs on the hub's context.
 */
public final class LiveOrigins {
  private static final Logger LOG = LoggerFactory.getLogger(LiveOrigins.class);
  /** Four renewals may be missed (a loaded machine, a long pause) before the session counts as lost. */
  static final long TTL_MS = 5_000;
  static final long RENEW_MS = 1_000;

  private final Vertx vertx;
  private final RedisStore redis;
  private final String hubId;
  private final Supplier<String> publicUrl;
  private final LiveService live;
  private long timer = -1;

  /** @param hubId this hub instance's id (its leader lease's); @param publicUrl the URL sources and endpoints reach it at */
  public LiveOrigins(Vertx vertx, RedisStore redis, String hubId, Supplier<String> publicUrl, LiveService live) {
    this.vertx = vertx;
    this.redis = redis;
    this.hubId = hubId;
    this.publicUrl = publicUrl;
    this.live = live;
  }

  public void start() {
    timer = vertx.setPeriodic(RENEW_MS, t -> renew());
    renew();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void renew() {
    live.streamed().forEach(id -> claim(id).onFailure(e -> LOG.warn("Renewing the origin lease of live session {} failed: {}", id,
        e.toString())));
  }

  /** Takes (or renews) the lease of a session this hub streams: at once when it is opened, then every renewal. */
  Future<Void> claim(String id) {
    String value = new JsonObject().put("hub", hubId).put("url", publicUrl.get()).encode();
    return redis.send(Command.SET, Keys.liveOrigin(id), value, "PX", TTL_MS).mapEmpty();
  }

  /** The origin of a session, {@code {"hub","url"}}, or null when no hub holds its lease (lapsed, or never taken). */
  Future<JsonObject> of(String id) {
    return redis.send(Command.GET, Keys.liveOrigin(id)).map(r -> r == null ? null : new JsonObject(r.toString()));
  }
}
