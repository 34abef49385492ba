package org.dalaba.sim.audio;

/**
 * The endpoint's own attention signal before an alert it speaks from text (an alert with media has the
 * hub's signal in the file already): the hub's defaults (docs/protocol.md, "Alert audio"): blue one low
 * tone, yellow two, orange three higher tones, red a rising siren three times; then 300 ms of silence.
 */
public final class AttentionSignal {

  private static final int AMPLITUDE = 12_000;

  private AttentionSignal() {
  }

  public static short[] forLevel(String level) {
    return switch (level == null ? "" : level) {
      case "red" -> concat(siren(), siren(), siren(), silence(300));
      case "orange" -> concat(tone(880, 400), silence(150), tone(880, 400), silence(150), tone(880, 400), silence(300));
      case "yellow" -> concat(tone(660, 400), silence(150), tone(660, 400), silence(300));
      default -> concat(tone(440, 500), silence(300));
    };
  }

  static short[] tone(double hz, int ms) {
    short[] out = new short[Pcm.samples(ms)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) (AMPLITUDE * envelope(i, out.length) * Math.sin(2 * Math.PI * hz * i / Pcm.RATE));
    }
    return out;
  }

  /** 600 → 1,200 Hz over one second. */
  static short[] siren() {
    short[] out = new short[Pcm.RATE];
    double phase = 0;
    for (int i = 0; i < out.length; i++) {
      phase += 2 * Math.PI * (600 + 600.0 * i / out.length) / Pcm.RATE;
      out[i] = (short) (AMPLITUDE * envelope(i, out.length) * Math.sin(phase));
    }
    return out;
  }

  static short[] silence(int ms) {
    return new short[Pcm.samples(ms)];
  }

  /** 10 ms fade in and out, so tones do not click. */
  private static double envelope(int i, int length) {
    int fade = Pcm.samples(10);
    return Math.min(1.0, Math.min(i, length - 1 - i) / (double) fade);
  }

  static short[] concat(short[]... parts) {
    int length = 0;
    for (short[] p : parts) {
      length += p.length;
    }
    short[] out = new short[length];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
