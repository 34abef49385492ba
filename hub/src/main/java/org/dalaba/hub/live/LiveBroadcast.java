package org.dalaba.hub.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.dalaba.hub.access.User;

/**
 * The running side of one live session on the hub that opened it: its {@link LiveStream}, the pacing of the source's
 * pages to real time, and the recording. Pages come in (checked) from one source; each audio page is released at
 * {@code anchorMs + granule / 48} (never earlier, so a file uploaded faster than real time is played as if spoken,
 * and never buffered more than {@link #AHEAD_PAUSE_MS} ahead: the source is paused until the audio is due), written
 * to the stream and to the recording. Runs on the hub's context.
 */
final class LiveBroadcast {
  /** Pause the source when this much audio waits to be due; resume below half of it. */
  static final long AHEAD_PAUSE_MS = 1000;

  /** What the broadcast tells its service. */
  interface Events {
    void firstAudio(LiveBroadcast broadcast, long anchorMs);

    void audioEnded(LiveBroadcast broadcast, String reason);
  }

  /** A source's flow control. */
  interface Flow {
    void pause();

    void resume();
  }

  private record Timed(Buffer page, long dueAt, long granule, boolean last) {
  }

  private final Vertx vertx;
  private final String id;
  final User creator;
  final Set<String> endpointIds;
  private final Events events;
  final LiveStream stream = new LiveStream();
  private final Deque<Timed> due = new ArrayDeque<>();
  private Flow flow;
  private boolean paused;
  private boolean sourceAttached;
  private boolean sourceEnded;
  private long anchorMs = -1;
  private long firstGranule = -1;
  private long lastGranule;
  private long lastInputAt;
  private long timer = -1;
  private boolean ended;
  private boolean endSignalled;
  // the recording: headers then every released page, written to a private partial file
  private Path recordingPath;
  private AsyncFile recording;
  private long recordedBytes;

  LiveBroadcast(Vertx vertx, String id, User creator, Set<String> endpointIds, long now, Events events) {
    this.vertx = vertx;
    this.id = id;
    this.creator = creator;
    this.endpointIds = Set.copyOf(endpointIds);
    this.events = events;
    this.lastInputAt = now;
  }

  String id() { return id; }

  boolean hasSource() { return sourceAttached; }

  boolean ended() { return ended; }

  long anchorMs() { return anchorMs; }

  long lastInputAt() { return lastInputAt; }

  /** Audio released so far, in ms of media. */
  long audioMs() {
    return firstGranule < 0 ? 0 : (lastGranule - firstGranule) / 48 + 60;
  }

  /** Whether audio is waiting to be released (the source is ahead, not stalled). */
  boolean queued() { return !due.isEmpty(); }

  private Runnable onEnded = () -> { };

  /** Told once when the session ends, whatever ended it (the source's connection is answered then). */
  void onEnded(Runnable onEnded) {
    this.onEnded = onEnded;
  }

  /** The session's end is stored: answer the source. */
  void endStored() {
    onEnded.run();
  }

  void attach(Flow flow) {
    this.flow = flow;
    this.sourceAttached = true;
  }

  /** Where the recording is written (opened before the first page is accepted). */
  void recordTo(Path part) {
    recordingPath = part;
    recording = vertx.fileSystem().openBlocking(part.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true));
  }

  Path recordingPath() { return recordingPath; }

  long recordedBytes() { return recordedBytes; }

  /** A checked page from the source; {@code kind} says what it is. */
  void accept(Buffer page, OpusStreamCheck.Kind kind, long granule, boolean last, long now) {
    if (ended) {
      return;
    }
    lastInputAt = now;
    if (kind != OpusStreamCheck.Kind.AUDIO) {
      stream.header(page);
      record(page);
      return;
    }
    if (anchorMs < 0) {
      anchorMs = now - granule / 48;
      firstGranule = granule;
      events.firstAudio(this, anchorMs);
    }
    due.addLast(new Timed(page, anchorMs + granule / 48, granule, last));
    pump();
  }

  /** The source has ended (its upload or socket ended). */
  void sourceEnded() {
    sourceEnded = true;
    if (due.isEmpty()) {
      signalEnd();
    }
  }

  private void pump() {
    if (ended) {
      return;
    }
    long now = System.currentTimeMillis();
    while (!due.isEmpty() && due.peekFirst().dueAt() <= now + 2) {
      Timed next = due.pollFirst();
      lastGranule = Math.max(lastGranule, next.granule());
      stream.publish(next.page());
      record(next.page());
      if (next.last()) {
        signalEnd();
        return;
      }
    }
    long ahead = due.isEmpty() ? 0 : due.peekLast().dueAt() - now;
    if (flow != null && !paused && ahead > AHEAD_PAUSE_MS) {
      paused = true;
      flow.pause();
    } else if (flow != null && paused && ahead < AHEAD_PAUSE_MS / 2) {
      paused = false;
      flow.resume();
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (!due.isEmpty()) {
      timer = vertx.setTimer(Math.max(1, due.peekFirst().dueAt() - now), t -> {
        timer = -1;
        pump();
      });
    } else if (sourceEnded) {
      signalEnd();
    }
  }

  private void signalEnd() {
    if (!endSignalled) {
      endSignalled = true;
      events.audioEnded(this, "source_ended");
    }
  }

  private void record(Buffer page) {
    if (recording != null) {
      recordedBytes += page.length();
      recording.write(page);
    }
  }

  /** Ends streaming: readers' responses end, the recording file is closed. @return when it is closed */
  io.vertx.core.Future<Void> end() {
    if (ended) {
      return io.vertx.core.Future.succeededFuture();
    }
    ended = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    due.clear();
    stream.end(null);
    if (paused && flow != null) {
      flow.resume();
    }
    return recording == null ? io.vertx.core.Future.succeededFuture() : recording.close();
  }
}
