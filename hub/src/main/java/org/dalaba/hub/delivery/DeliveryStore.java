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

  /** The records as stored (endpoint id → JSON): decoding a county's 10,000 is worker work (AlertStore.decodeRecords). */
  public Future<Map<String, String>> storedRecords(String id) {
    return redis.send(Command.HGETALL, Keys.deliveries(kind, id)).map(RedisStore::toMap);
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

  /** Receipts of one command applied per script call, at most (bounds the script's run time). */
  private static final int PER_CALL = 500;

  /**
   * Applies many transitions in one pipelined round trip, with one script call per command (and per
   * {@value #PER_CALL} receipts) rather than one per receipt; one result per transition, in order.
   */
  public Future<List<Applied>> apply(List<Transition> transitions) {
    if (transitions.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    java.util.Map<String, List<Integer>> byCommand = new java.util.LinkedHashMap<>();
    for (int i = 0; i < transitions.size(); i++) {
      byCommand.computeIfAbsent(transitions.get(i).id(), id -> new ArrayList<>()).add(i);
    }
    List<Request> requests = new ArrayList<>();
    List<List<Integer>> calls = new ArrayList<>();
    byCommand.forEach((id, indexes) -> {
      for (int from = 0; from < indexes.size(); from += PER_CALL) {
        List<Integer> call = indexes.subList(from, Math.min(indexes.size(), from + PER_CALL));
        List<String> args = new ArrayList<>(call.size() * 5 + 1);
        args.add(DeliveryState.RANKS_JSON);
        for (int i : call) {
          Transition t = transitions.get(i);
          args.add(t.endpointId());
          args.add(t.to().wire());
          args.add(String.valueOf(t.at()));
          args.add(t.reason() == null ? "" : t.reason());
          args.add(String.valueOf(t.deviceTs()));
        }
        requests.add(redis.script("apply-receipts", List.of(Keys.deliveries(kind, id), Keys.counts(kind, id)), args));
        calls.add(call);
      }
    });
    return redis.pipelineScripts(requests).map(responses -> {
      Applied[] results = new Applied[transitions.size()];
      for (int c = 0; c < responses.size(); c++) {
        Response response = responses.get(c);
        List<Integer> call = calls.get(c);
        for (int k = 0; k < call.size(); k++) {
          results[call.get(k)] = applied(response.get(k).toString());
        }
      }
      return List.of(results);
    });
  }

  private static Applied applied(String text) {
    if (text.equals("unknown")) {
      return Applied.UNKNOWN;
    }
    if (text.startsWith("same:")) {
      return new Applied(Applied.Outcome.UNCHANGED, DeliveryState.parse(text.substring(5)));
    }
    return new Applied(Applied.Outcome.MOVED, DeliveryState.parse(text));
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
    return note(id, endpointId, "pre", what);
  }

  /** Sets one annotation of one endpoint's record ({@code r} the last failure, {@code pre} preemption); state unchanged. */
  public Future<Void> note(String id, String endpointId, String field, String value) {
    return redis.runScript("note-record", List.of(Keys.deliveries(kind, id)), List.of(endpointId, field, value)).mapEmpty();
  }

  /** What {@link #preempt} decided: a new segment {@code segment} from {@code offsetMs}, or nothing (already decided, no record). */
  public record Preemption(boolean planned, int segment, long offsetMs, long playedMs) {
    static final Preemption NONE = new Preemption(false, 0, 0, 0);
  }

  /**
   * Decides once, in Redis, what follows the preemption of {@code segment} (0 the original command) on one
   * endpoint, and plans it among the command's resumes; a repeated or retried receipt decides nothing.
   */
  public Future<Preemption> preempt(String id, String endpointId, int segment, long deviceTs, boolean resume, long durationMs,
                                    String outcome, long now) {
    return redis.runScript("preempt-record", List.of(Keys.deliveries(kind, id), Keys.resumes(kind, id)),
        List.of(endpointId, String.valueOf(segment), String.valueOf(deviceTs), resume ? "resume" : "restart",
            String.valueOf(durationMs), outcome, String.valueOf(now), DeliveryState.RANKS_JSON)).map(r -> {
              if (!"planned".equals(r.get(0).toString())) {
                return Preemption.NONE;
              }
              return new Preemption(true, r.get(1).toInteger(), r.get(2).toLong(), r.get(3).toLong());
            });
  }

  /** A planned resume not yet sent: segment {@code segment} from {@code offsetMs}. */
  public record PlannedResume(String endpointId, int segment, long offsetMs) {
  }

  /** Every resume of command {@code id} planned and not sent yet. */
  public Future<List<PlannedResume>> plannedResumes(String id) {
    return redis.send(Command.HGETALL, Keys.resumes(kind, id)).map(r -> {
      List<PlannedResume> planned = new ArrayList<>();
      RedisStore.toMap(r).forEach((endpoint, stored) -> {
        io.vertx.core.json.JsonObject plan = new io.vertx.core.json.JsonObject(stored);
        if (!plan.containsKey("sent")) {
          planned.add(new PlannedResume(endpoint, plan.getInteger("n"), plan.getLong("off", 0L)));
        }
      });
      return planned;
    });
  }

  /** Claims a planned resume for sending; true for exactly one caller (the others: already sent or superseded). */
  public Future<Boolean> takeResume(String id, String endpointId, int segment, long now) {
    return redis.runScript("take-resume", List.of(Keys.resumes(kind, id)), List.of(endpointId, String.valueOf(segment),
        String.valueOf(now))).map(r -> "taken".equals(r.toString()));
  }
}
