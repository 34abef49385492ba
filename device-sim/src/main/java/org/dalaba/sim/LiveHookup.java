package org.dalaba.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.dalaba.sim.live.LiveStreamPlayer;

/**
 * The narrow hook between the command processor's {@link Player} and live playback ({@link LiveStreamPlayer}): starts
 * a stream player when a live session's turn comes, and turns its reports into receipts (docs/protocol.md, "live":
 * {@code started} with {@code lagMs}, {@code finished} or {@code failed} with {@code lag}). Runs on the endpoint's context.
 */
final class LiveHookup implements Player.LiveHook {
  /** An endpoint gives up on a stream silent this long (the hub ends a stalled session sooner, live.stallSeconds). */
  static final long STALL_MS = 10_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final SimEndpointSpec spec;
  private final BiConsumer<String, JsonObject> receipts;
  private final Player player;
  private final Map<String, LiveStreamPlayer> playing = new HashMap<>();
  private final org.dalaba.sim.audio.AudioPlayback sound;
  private final java.util.function.IntSupplier volume;
  private final Map<String, Heard> heard = new HashMap<>();
  private volatile JsonObject lastLag;
  /** The endpoint's MQTT link is down: a stream lost meanwhile waits for it ({@link LiveStreamPlayer#resume}). */
  private boolean offline;
  /** Until when the hub is unreachable over HTTP (a simulated outage, {@link #cut}). */
  private long unreachableUntil;
  /** Where each recent session's stream (re)joined, for tests (thread-safe). */
  private final Map<String, LiveStreamPlayer> recent = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveStreamPlayer> eldest) {
          return size() > 16;
        }
      });

  /** A live session a real endpoint plays through its sound output: the decoded stream and the output's job. */
  private record Heard(org.dalaba.sim.audio.LiveOpusPcm pcm, org.dalaba.sim.audio.AudioPlayback.Job job) {
    void finish() {
      pcm.finish();
    }

    void cut() {
      job.cancel();
      pcm.finish();
    }
  }

  LiveHookup(Vertx vertx, HttpClient client, SimEndpointSpec spec, BiConsumer<String, JsonObject> receipts, Player player) {
    this(vertx, client, spec, receipts, player, null, () -> 100);
  }

  /** @param sound a real endpoint's output (docs/endpoint.md): the stream is decoded and played through it; null: simulated */
  LiveHookup(Vertx vertx, HttpClient client, SimEndpointSpec spec, BiConsumer<String, JsonObject> receipts, Player player,
             org.dalaba.sim.audio.AudioPlayback sound, java.util.function.IntSupplier volume) {
    this.sound = sound;
    this.volume = volume;
    this.vertx = vertx;
    this.client = client;
    this.spec = spec;
    this.receipts = receipts;
    this.player = player;
  }

  /** The lag report of the last live session this endpoint finished (tests, the benchmark). */
  JsonObject lastLag() {
    return lastLag;
  }

  @Override
  public void start(Command live) {
    String id = live.id();
    JsonObject json = live.json();
    LiveStreamPlayer stream = new LiveStreamPlayer(vertx, client, json.getJsonObject("stream").getString("url"), json.getLong("anchorMs"),
        spec.endpointId(), spec.password(), STALL_MS, new LiveStreamPlayer.Report() {
          @Override
          public void started(long firstLagMs) {
            receipts.accept(id, Payloads.receipt(id, Payloads.STARTED, System.currentTimeMillis()).put("lagMs", firstLagMs));
          }

          @Override
          public void finished(JsonObject lag) {
            playing.remove(id);
            finishHeard(id);
            lastLag = lag;
            JsonObject receipt = Payloads.receipt(id, Payloads.FINISHED, System.currentTimeMillis());
            if (lag != null) {
              receipt.put("lag", lag);
            }
            receipts.accept(id, receipt);
            player.liveEnded(id, PlayRecord.Outcome.FINISHED);
          }

          @Override
          public void failed(String reason, String detail, JsonObject lag) {
            playing.remove(id);
            finishHeard(id);
            JsonObject receipt = Payloads.failed(id, Reason.valueOf(reason), detail, System.currentTimeMillis());
            if (lag != null) {
              receipt.put("lag", lag);
            }
            receipts.accept(id, receipt);
            player.liveEnded(id, PlayRecord.Outcome.STOPPED);
          }
        });
    stream.linkedTo(() -> offline, () -> System.currentTimeMillis() < unreachableUntil, json.getLong("expiresAt", Long.MAX_VALUE));
    playing.put(id, stream);
    recent.put(id, stream);
    if (sound != null) {
      org.dalaba.sim.audio.LiveOpusPcm pcm = new org.dalaba.sim.audio.LiveOpusPcm();
      heard.put(id, new Heard(pcm, sound.stream("live " + id, pcm, volume, e -> { })));
      stream.withAudio(pcm::offer);
    }
    stream.start();
  }

  /** Where the stream of a recent session joined, connection by connection (empty if unknown). */
  java.util.List<LiveStreamPlayer.Join> joins(String commandId) {
    LiveStreamPlayer stream = recent.get(commandId);
    return stream == null ? java.util.List.of() : stream.joins();
  }

  /** The MQTT link went down or came back: streams lost while it is down are held, and opened again once it is back. */
  void linkUp(boolean up) {
    offline = !up;
    if (up) {
      unreachableUntil = 0;
      playing.values().forEach(LiveStreamPlayer::resume);
    }
  }

  /** The hub sent a live session again (a catch-up or re-send): if its stream is held, it is opened again now. */
  void again(String commandId) {
    LiveStreamPlayer stream = playing.get(commandId);
    if (stream != null && !offline) {
      stream.resume();
    }
  }

  /** Cuts every stream's connection, and makes the hub unreachable over HTTP for {@code awayMs} (a network fault). */
  void cut(long awayMs) {
    unreachableUntil = System.currentTimeMillis() + awayMs;
    playing.values().forEach(LiveStreamPlayer::cut);
  }

  /** The stream is over: the output plays what it has decoded, then the job ends. */
  private void finishHeard(String id) {
    Heard h = heard.remove(id);
    if (h != null) {
      h.finish();
    }
  }

  @Override
  public void stop(String commandId) {
    LiveStreamPlayer stream = playing.remove(commandId);
    if (stream != null) {
      stream.stop();
    }
    Heard h = heard.remove(commandId);
    if (h != null) {
      h.cut(); // preempted or stopped: silent within one chunk
    }
  }

  @Override
  public void end(String commandId) {
    LiveStreamPlayer stream = playing.get(commandId);
    if (stream != null) {
      stream.end();
    }
  }
}
