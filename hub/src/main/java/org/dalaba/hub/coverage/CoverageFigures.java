package org.dalaba.hub.coverage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.TimeToAir;
import org.dalaba.hub.delivery.DeliveryRecord;
import org.dalaba.hub.delivery.DeliveryState;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Township;

/**
 * Honest coverage (到达率) of one broadcast: endpoints that played it ÷ the endpoints it targeted — not endpoints
 * online ÷ all — per township and in total, with time-to-played percentiles (nearest rank, from the hub's time of
 * each {@code finished} receipt, {@link TimeToAir#toPlayed}). Made from the delivery records the caller may see.
 * Pure and possibly large (10,000 records): call it on a worker.
 */
public final class CoverageFigures {
  /** Townships come in directory order; records of endpoints no longer in the directory go to this row. */
  public static final String UNKNOWN_TOWNSHIP = "unknown";

  private final Map<String, Tally> townships = new LinkedHashMap<>();
  private final Tally total = new Tally();

  /** Tallies of one or more broadcasts: add each with its own start time. */
  public CoverageFigures add(Map<String, DeliveryRecord> records, long startedAt, Directory directory) {
    if (townships.isEmpty()) {
      directory.townships().forEach(t -> townships.put(t.id(), new Tally()));
    }
    records.forEach((endpointId, record) -> {
      String township = directory.endpoint(endpointId).map(e -> e.townshipId()).orElse(UNKNOWN_TOWNSHIP);
      townships.computeIfAbsent(township, t -> new Tally()).count(record, startedAt);
      total.count(record, startedAt);
    });
    return this;
  }

  /** {@code {"townships": [row…] (those with targets), "total": row}}; see {@link Tally#toJson}. */
  public JsonObject toJson(Directory directory) {
    JsonArray rows = new JsonArray();
    townships.forEach((id, tally) -> {
      if (tally.targets > 0) {
        String name = directory.township(id).map(Township::name).orElse(null);
        rows.add(new JsonObject().put("townshipId", id.equals(UNKNOWN_TOWNSHIP) ? null : id).put("townshipName", name)
            .mergeIn(tally.toJson()));
      }
    });
    return new JsonObject().put("townships", rows).put("total", total.toJson());
  }

  public JsonObject total() {
    return total.toJson();
  }

  /** Counts per final state and the times to played of one set of endpoints. */
  static final class Tally {
    long targets;
    final Map<DeliveryState, Long> states = new LinkedHashMap<>();
    final List<Long> times = new ArrayList<>();

    void count(DeliveryRecord record, long startedAt) {
      targets++;
      states.merge(record.state(), 1L, Long::sum);
      Long played = TimeToAir.toPlayed(record, startedAt);
      if (played != null) {
        times.add(played);
      }
    }

    /**
     * {@code targets, played, failed, expired, cancelled, unconfirmed} (pending + received + playing),
     * {@code coverage} (played ÷ targets, null without targets) and {@code timeToPlayed}:
     * {@code {"p50Ms","p90Ms","p99Ms","maxMs"}} (null while nothing played).
     */
    JsonObject toJson() {
      long played = states.getOrDefault(DeliveryState.PLAYED, 0L);
      long unconfirmed = states.getOrDefault(DeliveryState.PENDING, 0L) + states.getOrDefault(DeliveryState.RECEIVED, 0L)
          + states.getOrDefault(DeliveryState.PLAYING, 0L);
      long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      JsonObject percentiles = new JsonObject();
      for (int p : new int[] {50, 90, 99}) {
        percentiles.put("p" + p + "Ms", sorted.length == 0 ? null : TimeToAir.nearestRank(sorted, p));
      }
      percentiles.put("maxMs", sorted.length == 0 ? null : sorted[sorted.length - 1]);
      return new JsonObject().put("targets", targets).put("played", played)
          .put("failed", states.getOrDefault(DeliveryState.FAILED, 0L)).put("expired", states.getOrDefault(DeliveryState.EXPIRED, 0L))
          .put("cancelled", states.getOrDefault(DeliveryState.CANCELLED, 0L)).put("unconfirmed", unconfirmed)
          .put("coverage", targets == 0 ? null : (double) played / targets).put("timeToPlayed", percentiles);
    }
  }
}
