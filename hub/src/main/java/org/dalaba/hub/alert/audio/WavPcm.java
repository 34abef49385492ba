package org.dalaba.hub.alert.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * 16-bit PCM WAV as its format and sample bytes, so that an attention signal can be put in front of
 * speech or a recording without any re-encoding. Pure.
 */
public record WavPcm(int sampleRate, int channels, byte[] samples) {
  /** A WAV this class cannot join (not 16-bit integer PCM, or without its chunks). */
  public static final class NotPcmException extends Exception {
    public NotPcmException(String message) {
      super(message);
    }
  }

  public long durationMs() {
    return samples.length * 1000L / ((long) sampleRate * channels * 2);
  }

  public static WavPcm parse(byte[] d) throws NotPcmException {
    if (d.length < 12 || !ascii(d, 0, "RIFF") || !ascii(d, 8, "WAVE")) {
      throw new NotPcmException("not a WAV file");
    }
    int rate = 0;
    int channels = 0;
    int pos = 12;
    while (pos + 8 <= d.length) {
      String id = new String(d, pos, 4, StandardCharsets.US_ASCII);
      long size = ByteBuffer.wrap(d, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      int body = pos + 8;
      if (id.equals("fmt ") && body + 16 <= d.length) {
        ByteBuffer fmt = ByteBuffer.wrap(d, body, 16).order(ByteOrder.LITTLE_ENDIAN);
        int tag = fmt.getShort() & 0xffff;
        channels = fmt.getShort() & 0xffff;
        rate = fmt.getInt();
        fmt.getInt();
        fmt.getShort();
        int bits = fmt.getShort() & 0xffff;
        // 0xFFFE (extensible) with 16 bits is PCM in practice (browsers and sox write it)
        if ((tag != 1 && tag != 0xFFFE) || bits != 16 || channels < 1 || channels > 2 || rate < 8000 || rate > 96000) {
          throw new NotPcmException("WAV is not 16-bit PCM, mono or stereo");
        }
      } else if (id.equals("data")) {
        if (rate == 0) {
          throw new NotPcmException("WAV without a fmt chunk before its data");
        }
        long available = Math.min(size, d.length - body); // streaming writers leave size 0xFFFFFFFF
        int frame = channels * 2;
        int length = (int) (available - available % frame);
        return new WavPcm(rate, channels, Arrays.copyOfRange(d, body, body + length));
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    throw new NotPcmException("WAV without a data chunk");
  }

  /** This audio followed by {@code next}, which must have the same format. */
  public WavPcm then(WavPcm next) {
    if (next.sampleRate != sampleRate || next.channels != channels) {
      throw new IllegalArgumentException("formats differ");
    }
    byte[] joined = Arrays.copyOf(samples, samples.length + next.samples.length);
    System.arraycopy(next.samples, 0, joined, samples.length, next.samples.length);
    return new WavPcm(sampleRate, channels, joined);
  }

  public byte[] toWav() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(44 + samples.length);
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
        .putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * channels * 2)
        .putShort((short) (channels * 2)).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length);
    out.writeBytes(header.array());
    out.writeBytes(samples);
    return out.toByteArray();
  }

  private static boolean ascii(byte[] d, int at, String s) {
    return d.length >= at + s.length() && new String(d, at, s.length(), StandardCharsets.US_ASCII).equals(s);
  }
}
