package org.dalaba.sim.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** RIFF WAVE with PCM samples (format 1, or extensible), 8 or 16 bits, any rate and channel count. */
final class WavDecoder {

  private WavDecoder() {
  }

  static short[] decode(byte[] file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int channels = 0;
    int rate = 0;
    int bits = 0;
    int pos = 12;
    while (pos + 8 <= file.length) {
      String id = new String(file, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
      long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
      int body = pos + 8;
      if (id.equals("fmt ") && body + 16 <= file.length) {
        int format = b.getShort(body) & 0xFFFF;
        if (format != 1 && format != 0xFFFE) {
          throw new IOException("WAV format " + format + " is not PCM");
        }
        channels = b.getShort(body + 2) & 0xFFFF;
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14) & 0xFFFF;
      } else if (id.equals("data")) {
        if (channels < 1 || rate < 1 || (bits != 8 && bits != 16)) {
          throw new IOException("WAV without a usable fmt chunk (" + channels + " channels, " + rate + " Hz, " + bits + " bits)");
        }
        int length = (int) Math.min(size, file.length - body);
        int count = length / (bits / 8);
        count -= count % channels;
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
          samples[i] = bits == 16 ? b.getShort(body + 2 * i) : (short) (((file[body + i] & 0xFF) - 128) << 8);
        }
        return Pcm.toOutput(samples, count, channels, rate);
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    throw new IOException("WAV without a data chunk");
  }
}
