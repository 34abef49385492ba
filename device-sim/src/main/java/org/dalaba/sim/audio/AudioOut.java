package org.dalaba.sim.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where an endpoint's sound goes: PCM frames in the one output format {@link Pcm} (16-bit signed, mono,
 * {@value Pcm#RATE} Hz), written in real time. {@link #write} blocks until the frames are (about to be)
 * heard, so the caller's pace is the speaker's. Live playback ({@code org.dalaba.sim.live}) writes here too.
 */
public interface AudioOut extends AutoCloseable {

  /** Plays {@code length} samples from {@code offset}; blocks for about their duration. */
  void write(short[] samples, int offset, int length) throws IOException;

  /** Lets whatever was written play out (a sound card's buffer); returns when it has. */
  default void drain() {
  }

  @Override
  void close() throws IOException;

  /**
   * {@code file:PATH}: raw PCM appended to PATH ({@link FileAudioOut}); anything else: the name (or part
   * of the name) of a Java Sound mixer, {@code default} for the system's default ({@link LineAudioOut}).
   */
  static AudioOut open(String spec) throws IOException {
    if (spec.startsWith("file:")) {
      return new FileAudioOut(Path.of(spec.substring("file:".length())));
    }
    return LineAudioOut.open(spec);
  }
}
