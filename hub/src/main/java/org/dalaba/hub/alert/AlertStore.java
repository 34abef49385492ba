package org.dalaba.hub.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Alerts and their per-endpoint delivery records in Redis. The alert, its records and its counts are
 * written in one transaction, so an alert is either wholly stored or not at all; records change only
 * through the Lua scripts, which never move a record backwards.
 */
public final class AlertStore {
  /** Receipts per script call: long enough to amortise the call, short enough not to stall Redis. */
  static final int SCRIPT_BATCH = 500;

  private final RedisStore redis;

  public AlertStore(RedisStore redis) {
    this.redis = redis;
  }

  public Future<Void> create(Alert alert, List<String> endpointIds) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.alert(alert.id())).arg(alert.toJson().encode()));
    String pending = DeliveryRecord.pending().toStored();
    for (int from = 0; from < endpointIds.size(); from += 1000) {
      Request hset = Request.cmd(Command.HSET).arg(Keys.deliveries(alert.id()));
      endpointIds.subList(from, Math.min(endpointIds.size(), from + 1000)).forEach(e -> hset.arg(e).arg(pending));
      writes.add(hset);
    }
    Request counts = Request.cmd(Command.HSET).arg(Keys.counts(alert.id())).arg("targets").arg(endpointIds.size());
    for (DeliveryState state : DeliveryState.values()) {
      counts.arg(state.wire()).arg(state == DeliveryState.PENDING ? endpointIds.size() : 0);
    }
    writes.add(counts);
    writes.add(Request.cmd(Command.ZADD).arg(Keys.ALERTS_BY_TIME).arg(alert.createdAt()).arg(alert.id()));
    writes.add(Request.cmd(Command.SADD).arg(Keys.ALERTS_OPEN).arg(alert.id()));
    return redis.transaction(writes);
  }

  public Future<Alert> get(String id) {
    return redis.send(Command.GET, Keys.alert(id))
        .map(r -> r == null ? null : Alert.fromJson(new JsonObject(r.toString())));
  }

  public Future<Void> update(Alert alert) {
    List<Request> writes = new ArrayList<>();
    writes.add(Request.cmd(Command.SET).arg(Keys.alert(alert.id())).arg(alert.toJson().encode()));
    if (alert.state() != AlertState.ACTIVE) {
      writes.add(Request.cmd(Command.SREM).arg(Keys.ALERTS_OPEN).arg(alert.id()));
    }
    return redis.transaction(writes);
  }

  public Future<List<String>> openIds() {
    return redis.send(Command.SMEMBERS, Keys.ALERTS_OPEN).map(r -> {
      List<String> ids = new ArrayList<>();
      r.forEach(item -> ids.add(item.toString()));
      return ids;
    });
  }

  /** Newest first. */
  public Future<List<String>> recentIds(int limit) {
    return redis.send(Command.ZREVRANGE, Keys.ALERTS_BY_TIME, 0, limit - 1).map(r -> {
      List<String> ids = new ArrayList<>();
      r.forEach(item -> ids.add(item.toString()));
      return ids;
    });
  }

  public Future<Map<String, DeliveryRecord>> records(String id) {
    return redis.send(Command.HGETALL, Keys.deliveries(id)).map(r -> {
      Map<String, DeliveryRecord> records = new LinkedHashMap<>();
      RedisStore.toMap(r).forEach((endpoint, stored) -> records.put(endpoint, DeliveryRecord.fromStored(stored)));
      return records;
    });
  }

  public Future<Map<String, Long>> counts(String id) {
    return redis.send(Command.HGETALL, Keys.counts(id)).map(r -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      RedisStore.toMap(r).forEach((state, n) -> counts.put(state, Long.parseLong(n)));
      return counts;
    });
  }

  /** One receipt's transition, for {@link #apply}. */
  public record Transition(String alertId, String endpointId, DeliveryState to, long at, String reason, long deviceTs) {
  }

  /** What applying one transition did: MOVED (from {@code previous}), UNCHANGED, or UNKNOWN (no record). */
  public record Applied(Outcome outcome, DeliveryState previous) {
    public enum Outcome { MOVED, UNCHANGED, UNKNOWN }
  }

  /**
   * Applies many transitions in one pipelined round trip, one script call per alert and
   * {@value #SCRIPT_BATCH} receipts; one result per transition, in the order given.
   */
  public Future<List<Applied>> apply(List<Transition> transitions) {
    Map<String, List<Integer>> byAlert = new LinkedHashMap<>();
    for (int i = 0; i < transitions.size(); i++) {
      byAlert.computeIfAbsent(transitions.get(i).alertId(), a -> new ArrayList<>()).add(i);
    }
    List<Request> requests = new ArrayList<>();
    List<List<Integer>> positions = new ArrayList<>();
    byAlert.forEach((alertId, indexes) -> {
      for (int from = 0; from < indexes.size(); from += SCRIPT_BATCH) {
        List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + SCRIPT_BATCH));
        List<String> args = new ArrayList<>(chunk.size() * 5);
        for (int i : chunk) {
          Transition t = transitions.get(i);
          args.addAll(List.of(t.endpointId(), t.to().wire(), String.valueOf(t.at()), t.reason() == null ? "" : t.reason(),
              String.valueOf(t.deviceTs())));
        }
        requests.add(redis.script("apply-receipts", List.of(Keys.deliveries(alertId), Keys.counts(alertId)), args));
        positions.add(chunk);
      }
    });
    return redis.pipeline(requests).recover(error -> {
      if (String.valueOf(error.getMessage()).startsWith("NOSCRIPT")) {
        return redis.loadScripts().compose(v -> redis.pipeline(requests));
      }
      return Future.failedFuture(error);
    }).map(responses -> {
      Applied[] results = new Applied[transitions.size()];
      for (int r = 0; r < responses.size(); r++) {
        List<Integer> chunk = positions.get(r);
        for (int k = 0; k < chunk.size(); k++) {
          results[chunk.get(k)] = applied(responses.get(r).get(k).toString());
        }
      }
      return List.of(results);
    });
  }

  private static Applied applied(String text) {
    if (text.equals("unknown")) {
      return new Applied(Applied.Outcome.UNKNOWN, null);
    } else if (text.startsWith("same:")) {
      return new Applied(Applied.Outcome.UNCHANGED, DeliveryState.parse(text.substring(5)));
    }
    return new Applied(Applied.Outcome.MOVED, DeliveryState.parse(text));
  }

  /** Ends every record in one of {@code from} states with {@code to}; returns the endpoints changed. */
  public Future<List<String>> close(String alertId, List<DeliveryState> from, DeliveryState to, String reason, long at) {
    String states = String.join(",", from.stream().map(DeliveryState::wire).toList());
    return redis.runScript("close-records", List.of(Keys.deliveries(alertId), Keys.counts(alertId)),
        List.of(to.wire(), reason, String.valueOf(at), states)).map(r -> {
          List<String> changed = new ArrayList<>();
          r.forEach(item -> changed.add(item.toString()));
          return changed;
        });
  }
}
