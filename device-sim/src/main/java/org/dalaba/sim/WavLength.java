package org.dalaba.sim;

import io.vertx.core.buffer.Buffer;

/** How long a WAV file plays, from its {@code fmt } byte rate and {@code data} size; 0 when it is not WAV. */
final class WavLength {
  private WavLength() {
  }

  static long millis(Buffer file) {
    if (file.length() < 12 || !file.getString(0, 4).equals("RIFF") || !file.getString(8, 12).equals("WAVE")) {
      return 0;
    }
    long byteRate = 0;
    int pos = 12;
    while (pos + 8 <= file.length()) {
      String id = file.getString(pos, pos + 4);
      long size = file.getUnsignedIntLE(pos + 4);
      int body = pos + 8;
      if (id.equals("fmt ") && body + 16 <= file.length()) {
        byteRate = file.getUnsignedIntLE(body + 8);
      } else if (id.equals("data")) {
        return byteRate <= 0 ? 0 : Math.min(size, file.length() - body) * 1000 / byteRate;
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    return 0;
  }
}
