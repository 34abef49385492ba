package org.dalaba.hub.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/** Programmes and schedules in Redis: one JSON document per id plus an index of ids. */
public final class ProgrammeStore {
  private final RedisStore redis;

  public ProgrammeStore(RedisStore redis) {
    this.redis = redis;
  }

  public Future<Void> save(Programme programme) {
    return redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.programme(programme.id())).arg(programme.toJson().encode()),
        Request.cmd(Command.ZADD).arg(Keys.PROGRAMMES_BY_TIME).arg(programme.createdAt()).arg(programme.id())));
  }

  public Future<Programme> programme(String id) {
    return document(Keys.programme(id)).map(json -> json == null ? null : Programme.fromJson(json));
  }

  public Future<List<Programme>> programmes() {
    return redis.send(Command.ZREVRANGE, Keys.PROGRAMMES_BY_TIME, 0, -1)
        .compose(ids -> all(ids, id -> programme(id)));
  }

  public Future<Void> deleteProgramme(String id) {
    return redis.transaction(List.of(Request.cmd(Command.DEL).arg(Keys.programme(id)),
        Request.cmd(Command.ZREM).arg(Keys.PROGRAMMES_BY_TIME).arg(id)));
  }

  public Future<Void> save(Schedule schedule) {
    return redis.transaction(List.of(Request.cmd(Command.SET).arg(Keys.schedule(schedule.id())).arg(schedule.toJson().encode()),
        Request.cmd(Command.SADD).arg(Keys.SCHEDULES).arg(schedule.id())));
  }

  public Future<Schedule> schedule(String id) {
    return document(Keys.schedule(id)).map(json -> json == null ? null : Schedule.fromJson(json));
  }

  public Future<List<Schedule>> schedules() {
    return redis.send(Command.SMEMBERS, Keys.SCHEDULES).compose(ids -> all(ids, id -> schedule(id)));
  }

  public Future<Void> deleteSchedule(String id) {
    return redis.transaction(List.of(Request.cmd(Command.DEL).arg(Keys.schedule(id)),
        Request.cmd(Command.SREM).arg(Keys.SCHEDULES).arg(id)));
  }

  /** The last fire time a schedule handled, or 0. */
  public Future<Long> lastFire(String scheduleId) {
    return redis.send(Command.GET, Keys.lastFire(scheduleId)).map(r -> r == null ? 0L : Long.parseLong(r.toString()));
  }

  public Future<Void> setLastFire(String scheduleId, long at) {
    return redis.send(Command.SET, Keys.lastFire(scheduleId), at).mapEmpty();
  }

  private Future<JsonObject> document(String key) {
    return redis.send(Command.GET, key).map(r -> r == null ? null : new JsonObject(r.toString()));
  }

  private static <T> Future<List<T>> all(io.vertx.redis.client.Response ids, java.util.function.Function<String, Future<T>> load) {
    List<Future<T>> loads = new ArrayList<>();
    ids.forEach(id -> loads.add(load.apply(id.toString())));
    return Future.all(loads).map(done -> {
      List<T> list = new ArrayList<>();
      for (int i = 0; i < done.size(); i++) {
        if (done.resultAt(i) != null) {
          list.add(done.resultAt(i));
        }
      }
      return list;
    });
  }
}
