package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * How each CAP source is doing: its last poll, last success, last error, and counts of what its entries became. Kept
 * in Redis (one hash per source, {@link Keys#capSource}) so that every hub instance answers the sources API and the
 * counts survive a change of leader; this instance's own counts are also kept in memory for the metrics.
 */
public final class FeedStatus {
  /** What can happen to a source's poll or entry; each is a count in the sources API and a metric. */
  public enum Count {
    POLLS, FAILURES, NOT_MODIFIED, IMPORTED, QUEUED, IGNORED, REFUSED, REPEATS;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final RedisStore redis;
  private final Map<String, Map<Count, AtomicLong>> local = new ConcurrentHashMap<>();

  public FeedStatus(RedisStore redis) {
    this.redis = redis;
  }

  RedisStore redis() {
    return redis;
  }

  /** This instance's count since it started, for the metrics. */
  public long localCount(String sourceId, Count count) {
    return counter(sourceId, count).get();
  }

  private AtomicLong counter(String sourceId, Count count) {
    return local.computeIfAbsent(sourceId, id -> new ConcurrentHashMap<>()).computeIfAbsent(count, c -> new AtomicLong());
  }

  Future<Void> count(String sourceId, Count count) {
    counter(sourceId, count).incrementAndGet();
    return redis.send(Command.HINCRBY, Keys.capSource(sourceId), "c:" + count.wire(), 1).mapEmpty();
  }

  /** A poll got an answer (200 or 304): the source is up; its validators are kept for the next conditional GET. */
  Future<Void> polled(String sourceId, long at, String etag, String lastModified, boolean notModified) {
    counter(sourceId, Count.POLLS).incrementAndGet();
    List<Request> requests = new ArrayList<>();
    requests.add(Request.cmd(Command.HSET).arg(Keys.capSource(sourceId)).arg("lastPollAt").arg(at).arg("lastSuccessAt").arg(at)
        .arg("up").arg(1).arg("etag").arg(etag == null ? "" : etag).arg("lastModified").arg(lastModified == null ? "" : lastModified));
    requests.add(Request.cmd(Command.HINCRBY).arg(Keys.capSource(sourceId)).arg("c:polls").arg(1));
    if (notModified) {
      counter(sourceId, Count.NOT_MODIFIED).incrementAndGet();
      requests.add(Request.cmd(Command.HINCRBY).arg(Keys.capSource(sourceId)).arg("c:not_modified").arg(1));
    }
    return redis.pipeline(requests).mapEmpty();
  }

  /** A poll failed: down, slow, garbage, too large. */
  Future<Void> failed(String sourceId, long at, String kind, String message) {
    counter(sourceId, Count.POLLS).incrementAndGet();
    counter(sourceId, Count.FAILURES).incrementAndGet();
    return redis.pipeline(List.of(
        Request.cmd(Command.HSET).arg(Keys.capSource(sourceId)).arg("lastPollAt").arg(at).arg("up").arg(0)
            .arg("lastErrorAt").arg(at).arg("lastErrorKind").arg(kind).arg("lastError").arg(message),
        Request.cmd(Command.HINCRBY).arg(Keys.capSource(sourceId)).arg("c:polls").arg(1),
        Request.cmd(Command.HINCRBY).arg(Keys.capSource(sourceId)).arg("c:failures").arg(1))).mapEmpty();
  }

  /** A problem with one entry (its document refused or unreachable) while the index itself was fine. */
  Future<Void> entryProblem(String sourceId, long at, String kind, String message) {
    return redis.send(Command.HSET, Keys.capSource(sourceId), "lastErrorAt", at, "lastErrorKind", kind, "lastError", message).mapEmpty();
  }

  /** @return the stored fields (empty before the first poll) */
  Future<Map<String, String>> read(String sourceId) {
    return redis.send(Command.HGETALL, Keys.capSource(sourceId)).map(RedisStore::toMap);
  }

  /** The source's view for {@code GET /api/v1/cap/sources}. */
  static JsonObject view(FeedSource source, Map<String, String> stored, java.util.function.LongFunction<String> time) {
    JsonObject counts = new JsonObject();
    for (Count c : Count.values()) {
      counts.put(c.wire(), Long.parseLong(stored.getOrDefault("c:" + c.wire(), "0")));
    }
    JsonObject error = stored.containsKey("lastErrorAt") ? new JsonObject().put("at", time.apply(Long.parseLong(stored.get("lastErrorAt"))))
        .put("kind", stored.get("lastErrorKind")).put("message", stored.get("lastError")) : null;
    return new JsonObject().put("id", source.id()).put("name", source.name()).put("url", source.url().toString())
        .put("kind", source.kind().wire()).put("pollSeconds", source.pollSeconds()).put("timeoutSeconds", source.timeoutSeconds())
        .put("maxBytes", source.maxBytes()).put("requireSignature", source.requireSignature())
        .put("trustedCertificates", source.trusted().size())
        .put("up", stored.containsKey("up") ? "1".equals(stored.get("up")) : null)
        .put("lastPollAt", stored.containsKey("lastPollAt") ? time.apply(Long.parseLong(stored.get("lastPollAt"))) : null)
        .put("lastSuccessAt", stored.containsKey("lastSuccessAt") ? time.apply(Long.parseLong(stored.get("lastSuccessAt"))) : null)
        .put("lastError", error).put("counts", counts);
  }
}
