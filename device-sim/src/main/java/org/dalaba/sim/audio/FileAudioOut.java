package org.dalaba.sim.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code --audio-out file:PATH}: exactly the PCM the endpoint would have played, appended to PATH as raw
 * {@link Pcm} (s16le, mono, 48 kHz, no header; {@code sox -t raw -r 48000 -e signed -b 16 -c 1 PATH out.wav}
 * makes it a WAV). Paced like a sound card: a write returns when its frames would have been heard, so
 * preemption and timing are the same as on a speaker. Silence between items is not written.
 */
public final class FileAudioOut implements AudioOut {

  private final OutputStream out;
  /** When the frames written so far will have finished playing, in {@link System#nanoTime()}. */
  private long playedUntilNanos;

  public FileAudioOut(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public synchronized void write(short[] samples, int offset, int length) throws IOException {
    out.write(Pcm.bytes(samples, offset, length));
    out.flush();
    long now = System.nanoTime();
    playedUntilNanos = Math.max(playedUntilNanos, now) + length * 1_000_000_000L / Pcm.RATE;
    long wait = playedUntilNanos - now;
    // Return a little before the frames end, as a sound card with a short buffer would.
    if (wait > 20_000_000L) {
      sleepNanos(wait - 20_000_000L);
    }
  }

  @Override
  public void drain() {
    long wait = playedUntilNanos - System.nanoTime();
    if (wait > 0) {
      sleepNanos(wait);
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
