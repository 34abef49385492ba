package org.dalaba.sim;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.function.DoubleSupplier;

/**
 * The loudspeaker of one endpoint: what plays now and what waits. Playback is simulated with one Vert.x
 * timer per pass. Rules (docs/protocol.md, "Priority"): an alert preempts a routine play at once (that
 * play fails PREEMPTED; the hub sends its remainder), and an alert of a strictly higher level preempts a
 * playing alert at once (it fails PREEMPTED and goes back into the queue, to play again from the start
 * of the pass it was in, unless it expires first). An alert of the same or a lower level waits. Queued
 * items go alerts first (by level, then arrival order), then plays by priority (higher first, then
 * arrival order). A playing routine item is also interrupted by a play of strictly higher priority.
 * When {@code expiresAt} passes during an alert, the pass playing now is finished and no further pass
 * starts; the alert then reports {@code finished}.
 *
 * <p>Runs on its endpoint's context only; not thread-safe.
 */
final class Player {
  private static final Logger LOG = LoggerFactory.getLogger(Player.class);

  /** What the player reports; the endpoint turns these into receipts and its play log. */
  interface Listener {
    void progressed(String commandId, String state);

    void failed(String commandId, Reason reason, String detail);

    void played(PlayRecord record);
  }

  /** {@code passesLeft} counts the pass playing now. */
  private record Playing(Command command, long seq, long startedAt, int passesLeft, long timerId) {
  }

  /** {@code passesLeft} is the whole repeat count, or what was left when it was preempted. */
  private record Queued(Command command, long seq, int passesLeft, long expiryTimerId) {
  }

  /** Alerts and live sessions by level, then plays by priority, then arrival order. */
  private static final Comparator<Queued> ORDER = Comparator
      .comparingInt((Queued q) -> -q.command().urgency())
      .thenComparingInt(q -> -q.command().priority())
      .thenComparingLong(Queued::seq);

  /** Live sessions are played by their own stream (org.dalaba.sim.live); the player only decides their turn. */
  interface LiveHook {
    /** Its turn has come: pull and play the stream; it reports started/finished/failed itself and calls {@link #liveEnded}. */
    void start(Command live);

    /** Preempted or going away: stop pulling, report nothing. */
    void stop(String commandId);

    /** The session ended (a stop ENDED) while it played: report finished once played out. */
    void end(String commandId);
  }

  private LiveHook live;

  void live(LiveHook hook) {
    this.live = hook;
  }

  private final Vertx vertx;
  private final Sound sound;
  private final java.util.function.LongSupplier clock;
  private final DoubleSupplier timeScale;
  private final Listener listener;
  private final PriorityQueue<Queued> queue = new PriorityQueue<>(ORDER);
  private Playing current;
  /**
   * The id of the live session playing now whose end (stop ENDED) has come: it keeps the speaker until what it
   * received has played out ({@link #liveEnded}), so the next item never starts over the end of the speech.
   */
  private String playingOut;
  private long seq;
  private boolean shutDown;

  Player(Vertx vertx, DoubleSupplier timeScale, Listener listener) {
    this(vertx, new Sound.Timed(vertx), System::currentTimeMillis, timeScale, listener);
  }

  /** @param sound how a pass is heard; {@code clock} the endpoint's (hub-corrected) time in epoch ms */
  Player(Vertx vertx, Sound sound, java.util.function.LongSupplier clock, DoubleSupplier timeScale, Listener listener) {
    this.vertx = vertx;
    this.sound = sound;
    this.clock = clock;
    this.timeScale = timeScale;
    this.listener = listener;
  }

  /** The id of the command playing now, or null. */
  String playing() {
    return current == null ? null : current.command().id();
  }

  /** Accepts an alert or play that was already reported {@code received}. */
  void submit(Command command) {
    if (shutDown) {
      return;
    }
    enqueue(command, seq++, command.passes());
    if (current == null) {
      startNext();
    } else if (preempts(command, current.command())) {
      Playing preempted = current;
      if (preempted.command().id().equals(playingOut)) {
        // the session is over: its tail is cut for what is more urgent, and it is done (nothing to rejoin)
        playingOut = null;
        end(preempted, PlayRecord.Outcome.FINISHED);
        live.stop(preempted.command().id());
        listener.progressed(preempted.command().id(), Payloads.FINISHED);
        startNext();
        return;
      }
      end(preempted, PlayRecord.Outcome.PREEMPTED);
      listener.failed(preempted.command().id(), Reason.PREEMPTED, "preempted by " + command.type().wireName()
          + " " + command.id());
      if (preempted.command().type() == Command.Type.LIVE) {
        live.stop(preempted.command().id());
      }
      if (preempted.command().type() == Command.Type.ALERT || preempted.command().type() == Command.Type.LIVE) {
        // An alert is played again afterwards, from the start of the pass it was in; a live session rejoins at its live edge.
        enqueue(preempted.command(), preempted.seq(), preempted.passesLeft());
      }
      startNext();
    }
  }

  /** Whether {@code arriving} interrupts {@code playing} at once rather than waiting for it. */
  private static boolean preempts(Command arriving, Command playing) {
    if (playing.type() == Command.Type.ALERT || playing.type() == Command.Type.LIVE) {
      return arriving.urgency() > playing.urgency();
    }
    return arriving.urgency() >= 0 || arriving.priority() > playing.priority();
  }

  /** A live session that played ended by itself (its stream ended, or failed): the next command's turn. */
  void liveEnded(String commandId, PlayRecord.Outcome outcome) {
    if (current != null && current.command().id().equals(commandId)) {
      playingOut = null;
      end(current, outcome);
      startNext();
    }
  }

  private void enqueue(Command command, long order, int passesLeft) {
    long expiryTimer = -1;
    if (command.expiresAt() != null) {
      // Fail it EXPIRED the moment it expires while still waiting, so the hub is not left guessing.
      long delay = Math.max(1, command.expiresAt() - clock.getAsLong() + 1);
      expiryTimer = vertx.setTimer(delay, id -> expireQueued(command.id()));
    }
    queue.add(new Queued(command, order, passesLeft, expiryTimer));
  }

  /**
   * Cancels {@code ref} if it is playing or queued, reporting it failed with {@code reason}.
   *
   * @return whether {@code ref} was playing or queued
   */
  boolean stop(String ref, Reason reason) {
    if (current != null && current.command().id().equals(ref)) {
      Playing stopped = current;
      if (stopped.command().type() == Command.Type.LIVE && reason == Reason.ENDED) {
        if (!ref.equals(playingOut)) {
          playingOut = ref;
          live.end(ref); // reports finished once what it received has played out, then liveEnded
        }
        return true;
      } else {
        playingOut = null;
        end(stopped, PlayRecord.Outcome.STOPPED);
        if (stopped.command().type() == Command.Type.LIVE) {
          live.stop(ref);
        }
        listener.failed(ref, reason, "stopped during playback");
      }
      startNext();
      return true;
    }
    for (Iterator<Queued> it = queue.iterator(); it.hasNext(); ) {
      Queued queued = it.next();
      if (queued.command().id().equals(ref)) {
        it.remove();
        vertx.cancelTimer(queued.expiryTimerId());
        listener.failed(ref, reason == Reason.ENDED ? Reason.CANCELLED : reason,
            reason == Reason.ENDED ? "the live session ended before its turn" : "stopped before playback");
        return true;
      }
    }
    return false;
  }

  /** Cancels every timer without reporting anything: the endpoint is going away. */
  void shutdown() {
    shutDown = true;
    if (current != null) {
      playingOut = null;
      if (current.command().type() == Command.Type.LIVE) {
        live.stop(current.command().id());
      } else {
        sound.cancel(current.timerId());
      }
      current = null;
    }
    queue.forEach(q -> vertx.cancelTimer(q.expiryTimerId()));
    queue.clear();
  }

  private void startNext() {
    while (current == null && !queue.isEmpty() && !shutDown) {
      Queued next = queue.poll();
      vertx.cancelTimer(next.expiryTimerId());
      Command command = next.command();
      if (command.expiredAt(clock.getAsLong())) {
        listener.failed(command.id(), Reason.EXPIRED, "expired while queued");
        continue;
      }
      if (command.type() == Command.Type.LIVE) {
        current = new Playing(command, next.seq(), clock.getAsLong(), 1, -1);
        live.start(command);
        continue;
      }
      current = new Playing(command, next.seq(), clock.getAsLong(), next.passesLeft(), passTimer(command));
      if (command.exercise()) {
        LOG.info("playing alert {} as a drill (演练, exercise)", command.id());
      }
      listener.progressed(command.id(), Payloads.STARTED);
    }
  }

  private long passTimer(Command command) {
    long length = command.type() == Command.Type.ALERT ? command.passMs(timeScale.getAsDouble())
        : command.playbackMs(timeScale.getAsDouble());
    long[] handle = new long[1];
    handle[0] = sound.start(command, length, error -> passEnded(command.id(), handle[0], error));
    return handle[0];
  }

  private void passEnded(String commandId, long handle, String error) {
    if (current == null || !current.command().id().equals(commandId) || current.timerId() != handle) {
      return;
    }
    Playing playing = current;
    if (error != null) {
      end(playing, PlayRecord.Outcome.STOPPED);
      listener.failed(commandId, Reason.PLAYBACK_ERROR, error);
      startNext();
      return;
    }
    boolean expired = playing.command().expiredAt(clock.getAsLong());
    if (playing.passesLeft() > 1 && !expired) {
      current = new Playing(playing.command(), playing.seq(), playing.startedAt(), playing.passesLeft() - 1,
          passTimer(playing.command()));
      return;
    }
    end(playing, playing.passesLeft() > 1 ? PlayRecord.Outcome.EXPIRED : PlayRecord.Outcome.FINISHED);
    listener.progressed(commandId, Payloads.FINISHED);
    startNext();
  }

  private void end(Playing playing, PlayRecord.Outcome outcome) {
    if (playing.timerId() >= 0) { // a live session has no pass timer (-1)
      sound.cancel(playing.timerId());
    }
    current = null;
    Command command = playing.command();
    listener.played(new PlayRecord(command.id(), command.type().wireName(), playing.startedAt(),
        clock.getAsLong(), outcome, command.playedMedia(), command.exercise()));
  }

  private void expireQueued(String commandId) {
    for (Iterator<Queued> it = queue.iterator(); it.hasNext(); ) {
      Queued queued = it.next();
      if (queued.command().id().equals(commandId)) {
        it.remove();
        listener.failed(commandId, Reason.EXPIRED, "expired while queued");
        return;
      }
    }
  }
}
