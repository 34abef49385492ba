package org.dalaba.hub.live;

import io.vertx.core.buffer.Buffer;
import java.util.Set;

/**
 * Reads a RIFF WAVE byte stream that arrives in arbitrary chunks: checks the header (16-bit PCM, 1 or 2 channels,
 * a rate Opus encodes directly) and hands on the samples, mixed to mono, as they come. Holds at most the header
 * ({@link #MAX_HEADER_BYTES}) and one odd byte. Not thread-safe: one per source.
 */
final class WavReader {
  static final int MAX_HEADER_BYTES = 65_536;
  static final Set<Integer> RATES = Set.of(8000, 12000, 16000, 24000, 48000);

  private Buffer header = Buffer.buffer();
  private boolean inData;
  private int channels;
  private int rate;
  private byte[] carry = new byte[0];

  int rate() { return rate; }

  boolean started() { return inData; }

  /** @return the mono samples this chunk completes (empty while the header is still arriving) */
  short[] feed(Buffer chunk) throws LiveAudioException {
    if (!inData) {
      header.appendBuffer(chunk);
      int dataAt = parseHeader();
      if (dataAt < 0) {
        if (header.length() > MAX_HEADER_BYTES) {
          throw LiveAudioException.notWav("no data chunk in the first " + MAX_HEADER_BYTES + " bytes");
        }
        return new short[0];
      }
      inData = true;
      Buffer rest = header.getBuffer(dataAt, header.length());
      header = null;
      return samples(rest.getBytes());
    }
    return samples(chunk.getBytes());
  }

  /** @return where the data chunk's samples start, or -1 when more header is needed */
  private int parseHeader() throws LiveAudioException {
    if (header.length() < 12) {
      return -1;
    }
    if (!"RIFF".equals(header.getString(0, 4)) || !"WAVE".equals(header.getString(8, 12))) {
      throw LiveAudioException.notWav("no RIFF WAVE header");
    }
    int at = 12;
    boolean fmt = false;
    while (header.length() >= at + 8) {
      String id = header.getString(at, at + 4);
      long size = header.getUnsignedIntLE(at + 4);
      if ("data".equals(id)) {
        if (!fmt) {
          throw LiveAudioException.notWav("data before fmt");
        }
        return at + 8;
      }
      if (header.length() < at + 8 + size) {
        return -1;
      }
      if ("fmt ".equals(id)) {
        if (size < 16) {
          throw LiveAudioException.notWav("short fmt chunk");
        }
        int format = header.getUnsignedShortLE(at + 8);
        channels = header.getUnsignedShortLE(at + 10);
        rate = header.getIntLE(at + 12);
        int bits = header.getUnsignedShortLE(at + 22);
        boolean pcm = format == 1 || (format == 0xFFFE && size >= 26 && header.getUnsignedShortLE(at + 32) == 1);
        if (!pcm || bits != 16) {
          throw LiveAudioException.notWav("format " + format + ", " + bits + " bits");
        }
        if (channels < 1 || channels > 2) {
          throw LiveAudioException.notWav(channels + " channels");
        }
        if (!RATES.contains(rate)) {
          throw LiveAudioException.notWav(rate + " Hz");
        }
        fmt = true;
      }
      at += 8 + size + (size & 1);
    }
    return -1;
  }

  private short[] samples(byte[] bytes) {
    int frame = 2 * channels;
    byte[] all;
    if (carry.length > 0) {
      all = new byte[carry.length + bytes.length];
      System.arraycopy(carry, 0, all, 0, carry.length);
      System.arraycopy(bytes, 0, all, carry.length, bytes.length);
    } else {
      all = bytes;
    }
    int frames = all.length / frame;
    short[] out = new short[frames];
    for (int i = 0; i < frames; i++) {
      int at = i * frame;
      int left = (short) ((all[at] & 0xff) | (all[at + 1] << 8));
      if (channels == 2) {
        int right = (short) ((all[at + 2] & 0xff) | (all[at + 3] << 8));
        left = (left + right) / 2;
      }
      out[i] = (short) left;
    }
    int rest = all.length - frames * frame;
    carry = new byte[rest];
    System.arraycopy(all, frames * frame, carry, 0, rest);
    return out;
  }
}
