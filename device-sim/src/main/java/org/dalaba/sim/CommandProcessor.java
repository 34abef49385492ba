package org.dalaba.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one endpoint does with the commands it receives, as one straight chain (docs/protocol.md,
 * "Commands"): lose it (DROPPING) → parse → de-duplicate → validate → expired? → cancelled earlier? →
 * {@code received} → act. Owns the endpoint's {@link Player}, its memories and its prefetched media.
 *
 * <p>Runs on its endpoint's context only, except the snapshot getters, which are thread-safe.
 */
final class CommandProcessor implements Player.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

  /** How many command ids (and cancelled ids) an endpoint remembers. */
  static final int MEMORY = 1_000;
  /** How many entries {@link #playLog()} and {@link #receivedCommands()} keep. */
  static final int LOG_SIZE = 1_000;
  static final int DEFAULT_VOLUME = 70;

  private final Vertx vertx;
  private final SimEndpointSpec spec;
  private final Behaviour behaviour;
  private final double dropShare;
  /** Commands still to lose on purpose ({@link #loseNext}), whatever the behaviour. */
  private final java.util.concurrent.atomic.AtomicInteger toLose = new java.util.concurrent.atomic.AtomicInteger();
  private final Random random;
  private final MediaSource fetcher;
  private final FleetOptions options;
  /** Null for a simulated endpoint. */
  private final EndpointRuntime real;
  /** A real endpoint's programmes announced by prefetches, played from its cache if the hub cannot send them. */
  private final ScheduledPlays scheduled;
  private final EndpointStats stats;
  private final Consumer<JsonObject> receipts;
  private final Runnable statusChanged;
  private final Player player;
  private final LiveHookup live;
  private final HandOff handOff;
  private final Set<String> caps;
  // null: signatures are not checked (no hub key given)
  private final CommandVerifier verifier;

  // id → latest receipt published for it (null: none yet, or a stop)
  private final BoundedMap<String, JsonObject> seen = new BoundedMap<>(MEMORY);
  private final BoundedMap<String, Boolean> cancelled = new BoundedMap<>(MEMORY);
  // read by hasMedia() from any thread
  private final Map<String, Buffer> media = new ConcurrentHashMap<>();
  private final Map<String, Long> mediaExpiresAt = new HashMap<>();
  private final Set<Long> mediaTimers = new HashSet<>();
  private final Deque<PlayRecord> playLog = new ArrayDeque<>();
  private final Deque<JsonObject> receivedCommands = new ArrayDeque<>();
  private volatile int volume = DEFAULT_VOLUME;
  private final ForcedVolume forced = new ForcedVolume();
  private volatile String playing;
  private boolean shutDown;
  // ReceiptSteps.FOLDED: the command being acted on, whether it was accepted (its "received" is held until acting
  // on it is over) and whether another receipt of it went out meanwhile and stands for that
  private String holding;
  private boolean holdingAccepted;
  private boolean holdingAnswered;

  CommandProcessor(Vertx vertx, SimEndpointSpec spec, FleetOptions options, Behaviour behaviour, Random random,
      MediaSource fetcher, EndpointStats stats, Consumer<JsonObject> receipts, Runnable statusChanged) {
    this.vertx = vertx;
    this.options = options;
    this.real = options.endpoint();
    this.spec = spec;
    this.behaviour = behaviour;
    this.dropShare = options.dropCommandShare();
    this.random = random;
    this.fetcher = real == null ? fetcher : new CachingFetcher(vertx, real.cache, real.clock, real.http, real.status);
    this.stats = stats;
    this.receipts = receipts;
    this.statusChanged = statusChanged;
    this.player = real == null ? new Player(vertx, options::timeScale, this)
        : new Player(vertx, new SpeakerSound(real.playback, real.cache::read, real.speech, this::volume),
            options::now, options::timeScale, this);
    this.scheduled = real == null ? null : new ScheduledPlays(vertx, options::now, this::playScheduled);
    this.live = new LiveHookup(vertx, liveClient(vertx, fetcher), spec, this::publish, player,
        real == null ? null : real.playback, this::volume);
    player.live(live);
    this.handOff = new HandOff(this::play);
    this.caps = spec.caps() != null ? spec.caps() : options.caps();
    this.verifier = options.hubKeys() == null ? null : new CommandVerifier(options.hubKeys());
  }

  /**
   * The HTTP client live streams are pulled with: a simulated endpoint shares its media fetcher's; a real endpoint
   * (one a process, its fetcher on java.net.http) has a Vert.x client of its own for the life of the process.
   */
  private static io.vertx.core.http.HttpClient liveClient(Vertx vertx, MediaSource fetcher) {
    return fetcher instanceof MediaFetcher simulated ? simulated.client() : vertx.createHttpClient();
  }

  void loseNext(int count) {
    toLose.set(Math.max(0, count));
  }

  Set<String> caps() {
    return caps;
  }

  /** @param topic the topic it arrived on, which the signature covers */
  void onCommand(String topic, Buffer payload) {
    if (shutDown) {
      return;
    }
    if (toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || behaviour == Behaviour.DROPPING && random.nextDouble() < dropShare) {
      stats.dropped++;
      return;
    }
    stats.received++;
    CommandParser.Result parsed = CommandParser.parse(payload);
    if (parsed.json() != null) {
      remember(receivedCommands, parsed.json().copy());
    }
    if (!parsed.readable()) {
      LOG.debug("{}: ignored a command without a readable id: {}", spec.endpointId(), parsed.error());
      return;
    }
    String id = parsed.id();
    // Before de-duplication, so a forged command cannot take the id of a genuine one still to come.
    // (An endpoint's own CPU does this; one Ed25519 check is a fraction of a millisecond.)
    String forged = verifier == null ? null
        : verifier.problem(topic, payload.getBytes(), parsed.json().getValue("kid") instanceof String k ? k : null);
    if (forged != null) {
      stats.badSignature++;
      LOG.debug("{}: refused an unsigned or forged command {} on {}: {}", spec.endpointId(), id, topic, forged);
      publish(id, Payloads.failed(id, Reason.BAD_SIGNATURE, forged, options.now()));
      return;
    }
    if (waitsForAudio(parsed)) {
      // docs/protocol.md, "alert": without text-to-speech, an alert without media is not acted on (nor
      // remembered): the same id follows with media on the endpoint's own topic
      return;
    }
    if (seen.containsKey(id)) {
      if (parsed.command() != null && parsed.command().type() == Command.Type.LIVE) {
        live.again(id); // sent again on its return: a stream held while it was away is opened again
      }
      JsonObject latest = seen.get(id);
      if (latest != null) {
        receipts.accept(latest);
      }
      return;
    }
    seen.put(id, null);
    stats.distinct++;
    if (parsed.error() != null) {
      failed(id, Reason.BAD_COMMAND, parsed.error());
      return;
    }
    Command command = parsed.command();
    if (command.expiredAt(options.now())) {
      failed(id, Reason.EXPIRED, "received after expiresAt");
      return;
    }
    if (command.type() != Command.Type.STOP && cancelled.containsKey(id)) {
      failed(id, Reason.CANCELLED, "stopped before it arrived");
      return;
    }
    act(command);
  }

  private void act(Command command) {
    if (options.receiptSteps() != ReceiptSteps.FOLDED || command.type() == Command.Type.STOP) {
      actOn(command);
      return;
    }
    holding = command.id();
    holdingAccepted = false;
    holdingAnswered = false;
    try {
      actOn(command);
    } finally {
      holding = null;
      if (holdingAccepted && !holdingAnswered) {
        publish(command.id(), Payloads.receipt(command.id(), Payloads.RECEIVED, options.now()));
      }
    }
  }

  private void actOn(Command command) {
    switch (command.type()) {
      case STOP -> {
        // No receipt of its own; the stopped command reports instead, if it was playing or queued.
        cancelled.put(command.ref(), Boolean.TRUE);
        player.stop(command.ref(), command.stopReason());
      }
      case ALERT -> alert(command);
      case PLAY, LIVE -> {
        accepted(command.id());
        HandOff.Turn turn = handOff.arrive(command);
        if (real == null || command.media().isEmpty()) {
          turn.ready(command);
        } else {
          // a real endpoint plays the files: from its cache when prefetched, else fetched now
          fetch(command, fetched -> turn.ready(command), turn::drop);
        }
      }
      case VOLUME -> {
        accepted(command.id());
        volume = forced.setOwn(command.volume(), volume);
        progressed(command.id(), Payloads.FINISHED);
        statusChanged.run();
      }
      case PREFETCH -> {
        accepted(command.id());
        prefetch(command);
      }
    }
  }

  /** Says {@code received}, at once or, with folded receipts, when acting on it is over and nothing stood for it. */
  private void accepted(String commandId) {
    if (commandId.equals(holding)) {
      holdingAccepted = true;
    } else {
      progressed(commandId, Payloads.RECEIVED);
    }
  }

  /** Its turn has come; a stop that arrived while its media was being fetched still wins. */
  private void play(Command command) {
    if (cancelled.containsKey(command.id())) {
      failed(command.id(), Reason.CANCELLED, "stopped while its media was being fetched");
    } else {
      player.submit(command);
    }
  }

  private boolean waitsForAudio(CommandParser.Result parsed) {
    return parsed.error() == null && parsed.command() != null && parsed.command().type() == Command.Type.ALERT
        && !caps.contains("text") && caps.contains("audio") && parsed.command().media().isEmpty();
  }

  /** With audio and media: fetch, check and play the file for its own length; else speak the text. */
  private void alert(Command command) {
    if (!caps.contains("text") && !caps.contains("audio")) {
      failed(command.id(), Reason.NO_PLAYABLE_FORMAT, "this endpoint has neither text-to-speech nor audio");
      return;
    }
    accepted(command.id());
    forced.expect(command.id(), command.volume()); // applied when it starts, whether it plays media or speaks
    HandOff.Turn turn = handOff.arrive(command);
    if (!caps.contains("audio") || command.media().isEmpty()) {
      turn.ready(command);
      return;
    }
    MediaRef ref = command.media().get(0);
    fetch(command, fetched -> {
      stats.mediaFetched++;
      long lengthMs = WavLength.millis(fetched.get(ref.sha256()));
      turn.ready(command.playingMedia(ref.sha256(), lengthMs > 0 ? lengthMs : command.durationMs()));
    }, turn::drop);
  }

  private void fetch(Command command, Consumer<Map<String, Buffer>> then) {
    fetch(command, then, () -> { });
  }

  /** Fetches the command's media, reporting it failed with the fetch's reason, or hands the files on. */
  private void fetch(Command command, Consumer<Map<String, Buffer>> then, Runnable onFailure) {
    fetcher.fetchAll(command.media(), spec.endpointId(), spec.password(), command.expiresAt()).onComplete(ar -> {
      if (shutDown) {
        return;
      }
      if (ar.failed()) {
        Reason reason = ar.cause() instanceof MediaFetcher.MediaException m ? m.reason : Reason.MEDIA_UNAVAILABLE;
        failed(command.id(), reason, ar.cause().getMessage());
        onFailure.run();
        return;
      }
      then.accept(ar.result());
    });
  }

  private void prefetch(Command command) {
    fetch(command, fetched -> {
      fetched.forEach((sha, bytes) -> {
        media.put(sha, bytes);
        mediaExpiresAt.merge(sha, command.expiresAt(), Math::max);
      });
      // Keep the files until the command's expiry, then let them go.
      long delay = Math.max(1, command.expiresAt() - options.now());
      long[] timer = new long[1];
      timer[0] = vertx.setTimer(delay, id -> {
        mediaTimers.remove(timer[0]);
        evictExpiredMedia();
      });
      mediaTimers.add(timer[0]);
      progressed(command.id(), Payloads.READY);
      if (scheduled != null) {
        scheduled.announce(command.json().getJsonObject("play"));
      }
    });
  }

  /**
   * A real endpoint: the time of a programme a prefetch announced has come and the hub's {@code play} has
   * not: play it from the cache as if received, under the play's own id (so the hub's copy, if it comes
   * later, is a duplicate and answered with the latest receipt). See docs/protocol.md, "prefetch".
   */
  private void playScheduled(JsonObject play, boolean last) {
    String id = play.getString("id");
    if (shutDown || seen.containsKey(id)) {
      return;
    }
    if (reachable.getAsBoolean()) {
      // a hub that can send it and did not has its reasons (schedule changed); wait for it a little
      if (last) {
        LOG.info("{}: scheduled play {} did not come although the hub is reachable: not played", spec.endpointId(), id);
      }
      return;
    }
    CommandParser.Result parsed = CommandParser.parse(ScheduledPlays.command(play).toBuffer());
    if (parsed.error() != null || parsed.command() == null) {
      LOG.warn("{}: announced play {} is not a valid play: {}", spec.endpointId(), id, parsed.error());
      return;
    }
    LOG.info("{}: hub unreachable at the time of {}: playing it from the cache", spec.endpointId(), id);
    seen.put(id, null);
    stats.distinct++;
    if (parsed.command().expiredAt(options.now())) {
      failed(id, Reason.EXPIRED, "due after expiresAt");
      return;
    }
    act(parsed.command());
  }

  private java.util.function.BooleanSupplier reachable = () -> true;

  /** Whether the hub can send commands now (connected, and the hub's status online); a real endpoint's scheduled plays ask. */
  void reachability(java.util.function.BooleanSupplier reachable) {
    this.reachable = reachable;
  }

  private void evictExpiredMedia() {
    long now = options.now();
    mediaExpiresAt.entrySet().removeIf(e -> {
      boolean expired = e.getValue() <= now;
      if (expired) {
        media.remove(e.getKey());
      }
      return expired;
    });
  }

  @Override
  public void progressed(String commandId, String state) {
    if (Payloads.STARTED.equals(state)) {
      volume = forced.started(commandId, volume);
    }
    publish(commandId, Payloads.receipt(commandId, state, options.now()));
  }

  @Override
  public void failed(String commandId, Reason reason, String detail) {
    if (reason != Reason.PREEMPTED) {
      forced.forget(commandId);
    }
    publish(commandId, Payloads.failed(commandId, reason, detail, options.now()));
  }

  @Override
  public void played(PlayRecord record) {
    playing = player.playing(); // a live session that played out ends after its last receipt went
    volume = forced.ended(record.commandId(), record.outcome() == PlayRecord.Outcome.PREEMPTED, volume);
    stats.count(record.outcome());
    remember(playLog, record);
  }

  private void publish(String commandId, JsonObject receipt) {
    if (commandId.equals(holding)) {
      holdingAnswered = true;
    }
    playing = player.playing();
    if (seen.containsKey(commandId)) {
      seen.put(commandId, receipt);
    }
    receipts.accept(receipt);
  }

  /** Stops playback and forgets timers, without reporting anything. */
  void shutdown() {
    shutDown = true;
    player.shutdown();
    if (scheduled != null) {
      scheduled.shutdown();
    }
    playing = null;
    mediaTimers.forEach(vertx::cancelTimer);
    mediaTimers.clear();
  }

  int volume() {
    return volume;
  }

  /** A real endpoint's announced programmes still to come (0 for a simulated one). */
  int scheduledPlays() {
    return scheduled == null ? 0 : scheduled.pending();
  }

  /** The MQTT link is up or down (live streams lost while it is down wait for it). */
  void linkUp(boolean up) {
    live.linkUp(up);
  }

  /** Cuts the live streams' connections; the hub stays unreachable over HTTP for {@code awayMs}. */
  void cutLiveStreams(long awayMs) {
    live.cut(awayMs);
  }

  /** Where a live session's stream joined, connection by connection. */
  List<org.dalaba.sim.live.LiveStreamPlayer.Join> liveJoins(String commandId) {
    return live.joins(commandId);
  }

  /** The lag report of the last live session played to its end, or null. */
  JsonObject lastLiveLag() {
    return live.lastLag();
  }

  String playing() {
    return playing;
  }

  boolean hasMedia(String sha256) {
    return media.containsKey(sha256);
  }

  List<PlayRecord> playLog() {
    synchronized (playLog) {
      return List.copyOf(playLog);
    }
  }

  List<JsonObject> receivedCommands() {
    synchronized (receivedCommands) {
      List<JsonObject> copy = new ArrayList<>(receivedCommands.size());
      receivedCommands.forEach(c -> copy.add(c.copy()));
      return copy;
    }
  }

  private static <T> void remember(Deque<T> log, T entry) {
    synchronized (log) {
      log.addLast(entry);
      if (log.size() > LOG_SIZE) {
        log.removeFirst();
      }
    }
  }
}
