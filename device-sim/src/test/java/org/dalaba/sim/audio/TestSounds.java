package org.dalaba.sim.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Audio files made in the test: WAV of a tone, Ogg Opus of a tone (concentus + a minimal Ogg writer). */
public final class TestSounds {

  private TestSounds() {
  }

  public static short[] tone(double hz, int rate, int ms) {
    short[] s = new short[rate * ms / 1000];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return s;
  }

  public static byte[] wav(short[] samples, int rate, int channels) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  /** Ogg Opus, 48 kHz mono, 20 ms frames, pre-skip 312. */
  public static byte[] opus(short[] samples48k) throws Exception {
    OpusEncoder encoder = new OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
    encoder.setBitrate(32_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) 312).putInt(48_000)
        .putShort((short) 0).put((byte) 0);
    page(out, head.array(), 0, 0, 2);
    ByteBuffer tags = ByteBuffer.allocate(8 + 4 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
    tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(4).put("test".getBytes(StandardCharsets.US_ASCII)).putInt(0);
    page(out, tags.array(), 0, 1, 0);
    int frame = 960;
    byte[] packet = new byte[1500];
    int seq = 2;
    long granule = 312;
    // one frame of padding past the end, as encoders do, so the pre-skip's worth of audio comes out too
    int padded = samples48k.length + frame;
    for (int at = 0; at < padded; at += frame) {
      short[] pcm = new short[frame];
      if (at < samples48k.length) {
        System.arraycopy(samples48k, at, pcm, 0, Math.min(frame, samples48k.length - at));
      }
      int n = encoder.encode(pcm, 0, frame, packet, 0, packet.length);
      boolean last = at + frame >= padded;
      granule = last ? 312 + samples48k.length : granule + frame;
      byte[] p = java.util.Arrays.copyOf(packet, n);
      page(out, p, granule, seq++, last ? 4 : 0);
    }
    return out.toByteArray();
  }

  private static void page(ByteArrayOutputStream out, byte[] packet, long granule, int seq, int flags) {
    int segments = packet.length / 255 + 1;
    ByteBuffer b = ByteBuffer.allocate(27 + segments + packet.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule).putInt(0x44414C42).putInt(seq).putInt(0)
        .put((byte) segments);
    for (int i = 0; i < segments - 1; i++) {
      b.put((byte) 255);
    }
    b.put((byte) (packet.length % 255));
    b.put(packet);
    byte[] bytes = b.array();
    int crc = crc(bytes);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
    out.writeBytes(bytes);
  }

  private static int crc(byte[] data) {
    int crc = 0;
    for (byte d : data) {
      crc ^= (d & 0xFF) << 24;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
      }
    }
    return crc;
  }

  public static String sha256(short[] samples) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Pcm.bytes(samples, 0, samples.length)));
  }
}
