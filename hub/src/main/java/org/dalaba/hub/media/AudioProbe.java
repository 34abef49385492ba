package org.dalaba.hub.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Recognises audio by its content (never by file name) and reads its duration without decoding:
 * WAV from the {@code fmt } and {@code data} chunks, MP3 by walking its frame headers, Ogg Opus and
 * Ogg Vorbis from the last page's granule position. Pure; runs on a worker (it reads the whole file, which may be mapped rather than on the heap).
 */
public final class AudioProbe {
  /** What the probe found. */
  public record AudioInfo(AudioFormat format, long durationMs) {
  }

  private AudioProbe() {
  }

  public static AudioInfo probe(byte[] data) throws NotAudioException {
    return probe(ByteBuffer.wrap(data));
  }

  /** Probes audio in a buffer (e.g. a file mapped into memory, so a large upload never sits on the heap). */
  public static AudioInfo probe(ByteBuffer data) throws NotAudioException {
    if (startsWith(data, 0, "RIFF") && startsWith(data, 8, "WAVE")) {
      return wav(data);
    }
    if (startsWith(data, 0, "OggS")) {
      return ogg(data);
    }
    if (startsWith(data, 0, "ID3") || (data.limit() > 4 && Mp3Frame.parse(data, 0) != null)) {
      return mp3(data);
    }
    throw new NotAudioException("not WAV, MP3 or Ogg (Opus/Vorbis) audio");
  }

  // ---- WAV ----

  private static AudioInfo wav(ByteBuffer d) throws NotAudioException {
    long byteRate = 0;
    int pos = 12;
    while (pos + 8 <= d.limit()) {
      String id = ascii(d, pos, 4);
      long size = u32le(d, pos + 4);
      int body = pos + 8;
      if (id.equals("fmt ") && body + 16 <= d.limit()) {
        byteRate = u32le(d, body + 8);
      } else if (id.equals("data")) {
        if (byteRate <= 0) {
          throw new NotAudioException("WAV without a usable fmt chunk before its data");
        }
        long available = Math.min(size, d.limit() - body); // streaming writers leave size 0xFFFFFFFF
        return positive(new AudioInfo(AudioFormat.WAV, available * 1000 / byteRate));
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    throw new NotAudioException("WAV without a data chunk");
  }

  // ---- MP3 ----

  private static AudioInfo mp3(ByteBuffer d) throws NotAudioException {
    int pos = 0;
    if (startsWith(d, 0, "ID3") && d.limit() >= 10) {
      int tagSize = (d.get(6) & 0x7f) << 21 | (d.get(7) & 0x7f) << 14 | (d.get(8) & 0x7f) << 7 | (d.get(9) & 0x7f);
      pos = 10 + tagSize + ((d.get(5) & 0x10) != 0 ? 10 : 0);
    }
    Mp3Frame first = Mp3Frame.parse(d, pos);
    if (first == null) {
      throw new NotAudioException("no MPEG audio frame where one should start");
    }
    double seconds = 0;
    int frames = 0;
    Mp3Frame frame = first;
    while (frame != null && pos + frame.length() <= d.limit()) {
      seconds += (double) frame.samples() / frame.sampleRate();
      frames++;
      pos += frame.length();
      frame = Mp3Frame.parse(d, pos);
    }
    if (frames < 2 && first.length() < d.limit() - 128) {
      throw new NotAudioException("only one MPEG frame followed by something else");
    }
    return positive(new AudioInfo(AudioFormat.MP3, Math.round(seconds * 1000)));
  }

  /** One MPEG-1/2/2.5 audio frame header. */
  record Mp3Frame(int length, int samples, int sampleRate) {
    private static final int[][] BITRATES = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // V1 L1
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},    // V1 L2
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},     // V1 L3
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},    // V2 L1
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};        // V2 L2/L3
    private static final int[][] RATES = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};

    static Mp3Frame parse(ByteBuffer d, int pos) {
      if (pos < 0 || pos + 4 > d.limit() || (d.get(pos) & 0xff) != 0xff || (d.get(pos + 1) & 0xe0) != 0xe0) {
        return null;
      }
      int version = (d.get(pos + 1) >> 3) & 3;   // 0: 2.5, 2: 2, 3: 1
      int layer = (d.get(pos + 1) >> 1) & 3;     // 1: III, 2: II, 3: I
      int bitrateIndex = (d.get(pos + 2) >> 4) & 0xf;
      int rateIndex = (d.get(pos + 2) >> 2) & 3;
      int padding = (d.get(pos + 2) >> 1) & 1;
      if (version == 1 || layer == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
        return null;
      }
      boolean v1 = version == 3;
      int table = v1 ? 3 - layer : (layer == 3 ? 3 : 4);
      int bitrate = BITRATES[table][bitrateIndex] * 1000;
      int rate = RATES[version][rateIndex];
      if (layer == 3) {
        return new Mp3Frame((12 * bitrate / rate + padding) * 4, 384, rate);
      }
      int samples = layer == 2 ? 1152 : (v1 ? 1152 : 576);
      return new Mp3Frame(samples / 8 * bitrate / rate + padding, samples, rate);
    }
  }

  // ---- Ogg ----

  private static AudioInfo ogg(ByteBuffer d) throws NotAudioException {
    int pos = 0;
    long serial = -1;
    long lastGranule = -1;
    AudioFormat format = null;
    long preSkip = 0;
    long rate = 0;
    while (pos + 27 <= d.limit() && startsWith(d, pos, "OggS")) {
      int segments = d.get(pos + 26) & 0xff;
      if (pos + 27 + segments > d.limit()) {
        break;
      }
      int bodyLength = 0;
      for (int i = 0; i < segments; i++) {
        bodyLength += d.get(pos + 27 + i) & 0xff;
      }
      int body = pos + 27 + segments;
      long pageSerial = u32le(d, pos + 14);
      if (format == null) {
        serial = pageSerial;
        if (startsWith(d, body, "OpusHead") && body + 19 <= d.limit()) {
          format = AudioFormat.OPUS;
          preSkip = (d.get(body + 10) & 0xff) | (d.get(body + 11) & 0xff) << 8;
          rate = 48_000; // Opus granule positions always count 48 kHz samples
        } else if (body + 16 <= d.limit() && d.get(body) == 1 && startsWith(d, body + 1, "vorbis")) {
          format = AudioFormat.VORBIS;
          rate = u32le(d, body + 12);
        } else {
          throw new NotAudioException("an Ogg stream that is neither Opus nor Vorbis");
        }
      }
      long granule = u32le(d, pos + 6) | u32le(d, pos + 10) << 32;
      if (pageSerial == serial && granule != -1) {
        lastGranule = granule;
      }
      pos = body + bodyLength;
    }
    if (format == null || rate <= 0 || lastGranule <= 0) {
      throw new NotAudioException("an Ogg stream without audio pages");
    }
    return positive(new AudioInfo(format, Math.max(0, lastGranule - preSkip) * 1000 / rate));
  }

  // ---- helpers ----

  private static AudioInfo positive(AudioInfo info) throws NotAudioException {
    if (info.durationMs() <= 0) {
      throw new NotAudioException(info.format().wire() + " audio of zero length");
    }
    return info;
  }

  private static boolean startsWith(ByteBuffer d, int at, String ascii) {
    if (at < 0 || at + ascii.length() > d.limit()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (d.get(at + i) != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(ByteBuffer d, int at, int length) {
    byte[] bytes = new byte[length];
    d.get(at, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static long u32le(ByteBuffer d, int at) {
    return (d.get(at) & 0xffL) | (d.get(at + 1) & 0xffL) << 8 | (d.get(at + 2) & 0xffL) << 16 | (d.get(at + 3) & 0xffL) << 24;
  }
}
