package org.dalaba.hub.volume;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.delivery.DeliveryStore;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/** Volume changes and their per-endpoint records in Redis, written like alerts: all in one transaction. */
public final class VolumeStore {
  private final RedisStore redis;
  private final DeliveryStore deliveries;

  public VolumeStore(RedisStore redis) {
    this.redis = redis;
    this.deliveries = new DeliveryStore(redis, "volume", DeliveryState.PLAYBACK);
  }

  /** The per-endpoint records and counts of every change. */
  public DeliveryStore deliveries() {
    return deliveries;
  }

  Future<Void> create(VolumeChange change, List<String> endpointIds) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.volumeChange(change.id())).arg(change.toJson().encode()));
    writes.addAll(deliveries.createWrites(change.id(), endpointIds));
    writes.add(Request.cmd(Command.ZADD).arg(Keys.VOLUME_CHANGES_BY_TIME).arg(change.createdAt()).arg(change.id()));
    writes.add(Request.cmd(Command.SADD).arg(Keys.VOLUME_CHANGES_OPEN).arg(change.id()));
    return redis.transaction(writes);
  }

  public Future<VolumeChange> get(String id) {
    return redis.send(Command.GET, Keys.volumeChange(id)).map(r -> r == null ? null : VolumeChange.fromJson(new JsonObject(r.toString())));
  }

  Future<Void> close(VolumeChange change) {
    return redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.volumeChange(change.id())).arg(change.closed().toJson().encode()),
        Request.cmd(Command.SREM).arg(Keys.VOLUME_CHANGES_OPEN).arg(change.id())));
  }

  Future<List<String>> openIds() {
    return redis.send(Command.SMEMBERS, Keys.VOLUME_CHANGES_OPEN).map(RedisStore::toStrings);
  }
}
