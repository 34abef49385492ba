package org.dalaba.sim.audio;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays jobs, one at a time and in the order given, on one thread of its own: each job is a list of
 * segments (decoded or synthesised on that thread when their turn comes), written to the {@link AudioOut}
 * in 20 ms chunks scaled by the volume read before each chunk, so a volume change or a cancel is heard
 * within 20 ms. A cancelled job writes nothing more and reports nothing.
 */
public final class AudioPlayback implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AudioPlayback.class);
  static final int CHUNK = Pcm.samples(20);

  /** One part of a job: a decoded file, a spoken text, a signal. */
  public interface Segment {
    short[] pcm() throws IOException;
  }

  /** Endless or long PCM in {@link Pcm}'s format, e.g. a live stream being decoded: blocks until frames are there. */
  public interface PcmStream {
    /** Fills up to {@code buffer.length} samples; returns how many, or -1 at the end of the stream. */
    int read(short[] buffer) throws IOException;
  }

  /** A job handed to {@link #play}; {@link #cancel()} stops it within one chunk. */
  public static final class Job {
    private volatile boolean cancelled;
    private final String label;

    private Job(String label) {
      this.label = label;
    }

    public void cancel() {
      cancelled = true;
    }

    public String label() {
      return label;
    }
  }

  private final AudioOut out;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "dalaba-audio");
    t.setDaemon(true);
    return t;
  });
  private volatile Job current;
  private volatile long samplesWritten;
  private volatile long decodeNanos;
  private volatile long decodedSamples;

  public AudioPlayback(AudioOut out) {
    this.out = out;
  }

  /**
   * Queues a job: its segments from {@code offsetMs} on, at {@code volume}. {@code done} gets null when the
   * job played out, or the error that stopped it; never called for a cancelled job. Called on the audio thread.
   */
  public Job play(String label, List<Segment> segments, long offsetMs, IntSupplier volume, Consumer<Exception> done) {
    Job job = new Job(label);
    thread.execute(() -> run(job, segments, offsetMs, volume, done));
    return job;
  }

  /**
   * Queues a stream (live playback, {@code org.dalaba.sim.live}): played in turn like any job, through the
   * same output and volume, until it ends ({@code done} gets null), fails, or is cancelled.
   */
  public Job stream(String label, PcmStream source, IntSupplier volume, Consumer<Exception> done) {
    Job job = new Job(label);
    thread.execute(() -> {
      if (job.cancelled) {
        return;
      }
      current = job;
      short[] buffer = new short[CHUNK];
      short[] scaled = new short[CHUNK];
      try {
        for (int n; !job.cancelled && (n = source.read(buffer)) >= 0; ) {
          Pcm.scale(buffer, 0, n, volume.getAsInt(), scaled);
          out.write(scaled, 0, n);
          samplesWritten += n;
        }
        if (!job.cancelled) {
          done.accept(null);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("stream {} failed: {}", label, e.toString());
        if (!job.cancelled) {
          done.accept(e);
        }
      } finally {
        if (current == job) {
          current = null;
        }
      }
    });
    return job;
  }

  private void run(Job job, List<Segment> segments, long offsetMs, IntSupplier volume, Consumer<Exception> done) {
    if (job.cancelled) {
      return;
    }
    current = job;
    long skip = Pcm.samples(offsetMs);
    short[] scaled = new short[CHUNK];
    try {
      for (Segment segment : segments) {
        long t0 = System.nanoTime();
        short[] pcm = segment.pcm();
        decodeNanos += System.nanoTime() - t0;
        decodedSamples += pcm.length;
        int from = (int) Math.min(pcm.length, skip);
        skip -= from;
        for (int at = from; at < pcm.length; at += CHUNK) {
          if (job.cancelled) {
            return;
          }
          int n = Math.min(CHUNK, pcm.length - at);
          Pcm.scale(pcm, at, n, volume.getAsInt(), scaled);
          out.write(scaled, 0, n);
          samplesWritten += n;
        }
        if (job.cancelled) {
          return;
        }
      }
      if (!job.cancelled) {
        done.accept(null);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("playback of {} failed: {}", job.label, e.toString());
      if (!job.cancelled) {
        done.accept(e);
      }
    } finally {
      if (current == job) {
        current = null;
      }
    }
  }

  /** What the audio thread is playing now, or null. */
  public String playing() {
    Job job = current;
    return job == null || job.cancelled ? null : job.label;
  }

  public long samplesWritten() {
    return samplesWritten;
  }

  /** Decoding speed so far: samples of output per second of decoding (0 before any). */
  public double decodeSpeed() {
    return decodeNanos == 0 ? 0 : decodedSamples * 1e9 / decodeNanos / Pcm.RATE;
  }

  @Override
  public void close() throws IOException {
    Job job = current;
    if (job != null) {
      job.cancel();
    }
    thread.shutdownNow();
    out.close();
  }
}
