package org.dalaba.hub.delivery;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Per-endpoint delivery records of one kind of command (alerts, routine plays, prefetches) in Redis,
 * keyed by command id: a hash of records and a hash of counts per state. Records change only through
 * the Lua scripts, which never move a record backwards and keep the counts in step.
 */
public final class DeliveryStore {
  private final RedisStore redis;
  private final String kind;
  private final List<DeliveryState> counted;

  /** @param kind the key segment, e.g. {@code alert} → {@code dlb:alert:{id}:deliveries} */
  public DeliveryStore(RedisStore redis, String kind, List<DeliveryState> counted) {
    this.redis = redis;
    this.kind = kind;
    this.counted = List.copyOf(counted);
  }

  public List<DeliveryState> counted() { return counted; }

  /** The writes that create every endpoint's pending record and the counts, for the caller's transaction. */
  public List<Request> createWrites(String id, List<String> endpointIds) {
    List<Request> writes = new ArrayList<>();
    String pending = DeliveryRecord.pending().toStored();
    for (int from = 0; from < endpointIds.size(); from += 1000) {
      Request hset = Request.cmd(Command.HSET).arg(Keys.deliveries(kind, id));
      endpointIds.subList(from, Math.min(endpointIds.size(), from + 1000)).forEach(e -> hset.arg(e).arg(pending));
      writes.add(hset);
    }
    Request counts = Request.cmd(Command.HSET).arg(Keys.counts(kind, id)).arg("targets").arg(endpointIds.size());
    for (DeliveryState state : counted) {
      counts.arg(state.wire()).arg(state == DeliveryState.PENDING ? endpointIds.size() : 0);
    }
    writes.add(counts);
    return writes;
  }

  public Future<Map<String, DeliveryRecord>> records(String id) {
    return redis.send(Command.HGETALL, Keys.deliveries(kind, id)).map(r -> {
      Map<String, DeliveryRecord> records = new LinkedHashMap<>();
      RedisStore.toMap(r).forEach((endpoint, stored) -> records.put(endpoint, DeliveryRecord.fromStored(stored)));
      return records;
    });
  }

  public Future<Map<String, Long>> counts(String id) {
    return redis.send(Command.HGETALL, Keys.counts(kind, id)).map(r -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      RedisStore.toMap(r).forEach((state, n) -> counts.put(state, Long.parseLong(n)));
      return counts;
    });
  }

  /** One receipt's transition, for {@link #apply}. {@code id} is the record's command id. */
  public record Transition(String id, String endpointId, DeliveryState to, long at, String reason, long deviceTs) {
  }

  /** What applying one transition did: MOVED (from {@code previous}), UNCHANGED, or UNKNOWN (no record). */
  public record Applied(Outcome outcome, DeliveryState previous) {
    public enum Outcome { MOVED, UNCHANGED, UNKNOWN }

    public static final Applied UNKNOWN = new Applied(Outcome.UNKNOWN, null);
    public static final Applied IGNORED = new Applied(Outcome.UNCHANGED, null);
  }

  /** Applies many transitions in one pipelined round trip; one result per transition, in order. */
  public Future<List<Applied>> apply(List<Transition> transitions) {
    if (transitions.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> requests = new ArrayList<>(transitions.size());
    for (Transition t : transitions) {
      requests.add(redis.script("apply-receipt", List.of(Keys.deliveries(kind, t.id()), Keys.counts(kind, t.id())),
          List.of(t.endpointId(), t.to().wire(), String.valueOf(t.at()), t.reason() == null ? "" : t.reason(),
              String.valueOf(t.deviceTs()))));
    }
    return redis.pipeline(requests).recover(error -> {
      if (String.valueOf(error.getMessage()).startsWith("NOSCRIPT")) {
        return redis.loadScripts().compose(v -> redis.pipeline(requests));
      }
      return Future.failedFuture(error);
    }).map(responses -> {
      List<Applied> results = new ArrayList<>(responses.size());
      for (Response response : responses) {
        String text = response.toString();
        if (text.equals("unknown")) {
          results.add(Applied.UNKNOWN);
        } else if (text.startsWith("same:")) {
          results.add(new Applied(Applied.Outcome.UNCHANGED, DeliveryState.parse(text.substring(5))));
        } else {
          results.add(new Applied(Applied.Outcome.MOVED, DeliveryState.parse(text)));
        }
      }
      return results;
    });
  }

  /** Ends every record in one of {@code from} states with {@code to}; returns the endpoints changed. */
  public Future<List<String>> close(String id, List<DeliveryState> from, DeliveryState to, String reason, long at) {
    String states = String.join(",", from.stream().map(DeliveryState::wire).toList());
    return redis.runScript("close-records", List.of(Keys.deliveries(kind, id), Keys.counts(kind, id)),
        List.of(to.wire(), reason, String.valueOf(at), states)).map(r -> {
          List<String> changed = new ArrayList<>();
          r.forEach(item -> changed.add(item.toString()));
          return changed;
        });
  }

  /** Notes what a preemption did to one endpoint's record (its state is unchanged). */
  public Future<Void> notePreemption(String id, String endpointId, String what) {
    return redis.runScript("note-record", List.of(Keys.deliveries(kind, id)), List.of(endpointId, "pre", what)).mapEmpty();
  }
}
