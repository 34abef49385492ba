package org.dalaba.hub.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small audio files made in memory for tests: a real PCM WAV, MPEG frames, Ogg Opus pages. */
public final class TestAudio {
  private TestAudio() {
  }

  /** 16-bit mono PCM at 8 kHz: a 440 Hz tone of {@code millis} ms. */
  public static byte[] wav(int millis) {
    int rate = 8000;
    int samples = rate * millis / 1000;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    return b.array();
  }

  /** {@code frames} MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz (26.12 ms each), behind an ID3v2 tag. */
  public static byte[] mp3(int frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 10});
    out.writeBytes(new byte[10]);
    int length = 144 * 128_000 / 44_100; // 417 bytes, no padding
    for (int i = 0; i < frames; i++) {
      byte[] frame = new byte[length];
      frame[0] = (byte) 0xFF;
      frame[1] = (byte) 0xFB; // MPEG-1, Layer III, no CRC
      frame[2] = (byte) 0x90; // 128 kbit/s, 44.1 kHz, no padding
      frame[3] = (byte) 0x44;
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  /** An Ogg Opus stream: OpusHead (pre-skip 312), OpusTags, and one audio page ending at {@code granule}. */
  public static byte[] opus(long granule) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put("OpusHead".getBytes()).put((byte) 1).put((byte) 1).putShort((short) 312).putInt(48_000).putShort((short) 0).put((byte) 0);
    page(out, 0, 0, head.array());
    page(out, 0, 1, "OpusTags\0\0\0\0\0\0\0\0".getBytes());
    page(out, granule, 2, new byte[100]);
    return out.toByteArray();
  }

  private static void page(ByteArrayOutputStream out, long granule, int sequence, byte[] body) {
    ByteBuffer h = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    h.put("OggS".getBytes()).put((byte) 0).put((byte) 0).putLong(granule).putInt(0x1234).putInt(sequence).putInt(0)
        .put((byte) 1).put((byte) body.length);
    out.writeBytes(h.array());
    out.writeBytes(body);
  }
}
