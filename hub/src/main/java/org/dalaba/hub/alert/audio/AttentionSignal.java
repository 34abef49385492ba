package org.dalaba.hub.alert.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chime or siren played before an alert's message, generated from a short description (no
 * recordings): comma-separated segments {@code FREQxMS} (a tone), {@code FROM~TOxMS} (a sweep, e.g. a
 * rising siren) and {@code 0xMS} (silence). For example {@code 880x200,0x100,880x200}. Pure.
 */
public final class AttentionSignal {
  private static final Pattern SEGMENT = Pattern.compile("(\\d{1,5})(?:~(\\d{1,5}))?x(\\d{1,5})");
  private static final int MAX_TOTAL_MS = 15_000;
  private static final double AMPLITUDE = 0.6 * Short.MAX_VALUE;
  /** Fade in and out of each tone, so it does not click. */
  private static final double RAMP_MS = 8;

  private record Segment(int fromHz, int toHz, int ms) {
  }

  private final String spec;
  private final List<Segment> segments;

  private AttentionSignal(String spec, List<Segment> segments) {
    this.spec = spec;
    this.segments = segments;
  }

  /** @throws IllegalArgumentException naming what is wrong with {@code spec} */
  /**
   * Each level's attention signal from its spec (alert.signal.*; the keys were checked when the configuration was
   * loaded).
   */
  public static java.util.Map<org.dalaba.hub.alert.AlertLevel, AttentionSignal> perLevel(
      java.util.function.Function<String, String> specOfLevel) {
    java.util.Map<org.dalaba.hub.alert.AlertLevel, AttentionSignal> signals = new java.util.EnumMap<>(org.dalaba.hub.alert.AlertLevel.class);
    for (org.dalaba.hub.alert.AlertLevel level : org.dalaba.hub.alert.AlertLevel.values()) {
      signals.put(level, parse(specOfLevel.apply(level.wire())));
    }
    return signals;
  }

  public static AttentionSignal parse(String spec) {
    List<Segment> segments = new ArrayList<>();
    int total = 0;
    for (String part : spec.strip().split("\\s*,\\s*")) {
      Matcher m = SEGMENT.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("\"" + part + "\" is not FREQxMS, FROM~TOxMS or 0xMS");
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      int ms = Integer.parseInt(m.group(3));
      if ((from != 0 && (from < 100 || from > 8000)) || (to != 0 && (to < 100 || to > 8000)) || (from == 0) != (to == 0)) {
        throw new IllegalArgumentException("frequencies must be 100–8000 Hz (0 for silence): " + part);
      }
      total += ms;
      segments.add(new Segment(from, to, ms));
    }
    if (segments.isEmpty() || total == 0 || total > MAX_TOTAL_MS) {
      throw new IllegalArgumentException("the signal must last between 1 ms and " + MAX_TOTAL_MS + " ms");
    }
    return new AttentionSignal(spec, List.copyOf(segments));
  }

  public String spec() {
    return spec;
  }

  /** The signal as 16-bit PCM in the given format, so it can be joined to audio of that format. */
  public WavPcm render(int sampleRate, int channels) {
    int frames = 0;
    for (Segment s : segments) {
      frames += (int) ((long) s.ms * sampleRate / 1000);
    }
    ByteBuffer out = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (Segment s : segments) {
      int n = (int) ((long) s.ms * sampleRate / 1000);
      int ramp = (int) Math.max(1, RAMP_MS * sampleRate / 1000);
      double phase = 0;
      for (int i = 0; i < n; i++) {
        double value = 0;
        if (s.fromHz != 0) {
          double hz = s.fromHz + (s.toHz - s.fromHz) * (double) i / n;
          phase += 2 * Math.PI * hz / sampleRate;
          double envelope = Math.min(1, Math.min((double) i / ramp, (double) (n - 1 - i) / ramp));
          value = Math.sin(phase) * AMPLITUDE * envelope;
        }
        short sample = (short) Math.round(value);
        for (int c = 0; c < channels; c++) {
          out.putShort(sample);
        }
      }
    }
    return new WavPcm(sampleRate, channels, out.array());
  }
}
