package org.dalaba.hub.status;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dalaba.hub.protocol.EndpointStatusReport;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * What each endpoint can play, from the {@code caps} of its last online status: its own text-to-speech
 * ({@code text}), audio files ({@code audio}), both, or neither. An endpoint that never announced caps
 * counts as both (what protocol version 1 endpoints did before caps were used). Kept in memory for the
 * alert path and in Redis for restarts and other hub instances.
 */
public final class EndpointCaps {
  /** How an alert can reach an endpoint. */
  public enum Playable {
    TEXT_AND_AUDIO, TEXT_ONLY, AUDIO_ONLY, NONE;

    public boolean speaksText() { return this == TEXT_AND_AUDIO || this == TEXT_ONLY; }

    static Playable of(Set<String> caps) {
      boolean text = caps.contains("text");
      boolean audio = caps.contains("audio");
      return text && audio ? TEXT_AND_AUDIO : text ? TEXT_ONLY : audio ? AUDIO_ONLY : NONE;
    }
  }

  private final RedisStore redis;
  private final Map<String, Playable> known = new ConcurrentHashMap<>();

  public EndpointCaps(RedisStore redis) {
    this.redis = redis;
  }

  public Future<Void> load() {
    return redis.send(Command.HGETALL, Keys.ENDPOINT_CAPS).map(r -> {
      RedisStore.toMap(r).forEach((id, caps) -> {
        java.util.Set<String> set = new java.util.HashSet<>();
        new JsonArray(caps).forEach(c -> set.add(String.valueOf(c)));
        known.put(id, Playable.of(set));
      });
      return null;
    });
  }

  /** Call before the status itself is handled, so a catch-up it triggers sees the new caps. */
  public void onStatus(EndpointStatusReport report) {
    if (!report.online()) {
      return;
    }
    if (report.caps() == null) {
      if (known.remove(report.endpointId()) != null) {
        redis.send(Command.HDEL, Keys.ENDPOINT_CAPS, report.endpointId());
      }
      return;
    }
    Playable playable = Playable.of(report.caps());
    if (known.put(report.endpointId(), playable) != playable) {
      redis.send(Command.HSET, Keys.ENDPOINT_CAPS, report.endpointId(), new JsonArray(report.caps().stream().sorted().toList()).encode());
    }
  }

  public Playable of(String endpointId) {
    return known.getOrDefault(endpointId, Playable.TEXT_AND_AUDIO);
  }
}
