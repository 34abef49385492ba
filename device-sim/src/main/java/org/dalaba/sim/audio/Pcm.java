package org.dalaba.sim.audio;

/**
 * The endpoint's one PCM format: signed 16-bit little-endian, mono, 48,000 Hz. Every decoder's output is
 * mixed down to mono and resampled (linear interpolation) to it, so a sound card, a file and live
 * playback all take the same frames.
 */
public final class Pcm {

  public static final int RATE = 48_000;

  private Pcm() {
  }

  /** Samples of {@code ms} milliseconds. */
  public static int samples(long ms) {
    return (int) Math.min(Integer.MAX_VALUE, ms * RATE / 1000);
  }

  public static long millis(long samples) {
    return samples * 1000 / RATE;
  }

  /**
   * Interleaved {@code channels} at {@code rate} to mono at {@link #RATE}: channels averaged, then linear
   * interpolation. A mono 48 kHz input comes back unchanged (same array).
   */
  public static short[] toOutput(short[] interleaved, int length, int channels, int rate) {
    int frames = length / channels;
    short[] mono;
    if (channels == 1) {
      mono = length == interleaved.length ? interleaved : java.util.Arrays.copyOf(interleaved, length);
    } else {
      mono = new short[frames];
      for (int f = 0; f < frames; f++) {
        int sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += interleaved[f * channels + c];
        }
        mono[f] = (short) (sum / channels);
      }
    }
    if (rate == RATE) {
      return mono;
    }
    long outLength = (long) frames * RATE / rate;
    short[] out = new short[(int) outLength];
    for (int i = 0; i < out.length; i++) {
      // position in the input, in 1/RATE steps of input samples: exact integer arithmetic, deterministic
      long num = (long) i * rate;
      int at = (int) (num / RATE);
      int frac = (int) (num % RATE);
      int a = mono[Math.min(at, frames - 1)];
      int b = mono[Math.min(at + 1, frames - 1)];
      out[i] = (short) (a + (long) (b - a) * frac / RATE);
    }
    return out;
  }

  /** Scales by {@code volume}/100 (linear gain; 100 leaves the samples as they are), into {@code out}. */
  public static void scale(short[] in, int offset, int length, int volume, short[] out) {
    int v = Math.max(0, Math.min(100, volume));
    for (int i = 0; i < length; i++) {
      out[i] = v == 100 ? in[offset + i] : (short) (in[offset + i] * v / 100);
    }
  }

  /** Little-endian bytes of the samples. */
  public static byte[] bytes(short[] samples, int offset, int length) {
    byte[] out = new byte[length * 2];
    for (int i = 0; i < length; i++) {
      short s = samples[offset + i];
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }
}
