package org.dalaba.sim.audio;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Splits an Ogg stream (RFC 3533) of one logical bitstream into its packets, joining those that span pages. */
final class OggPages {

  private OggPages() {
  }

  /** The granule position of the last page (for Opus: 48 kHz samples including the pre-skip), -1 if none. */
  static long lastGranule(byte[] file) {
    long granule = -1;
    int pos = 0;
    while (pos + 27 <= file.length && Decoders.startsWith(file, pos, "OggS")) {
      granule = java.nio.ByteBuffer.wrap(file, pos + 6, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
      int segments = file[pos + 26] & 0xFF;
      int size = 0;
      for (int s = 0; s < segments && pos + 27 + s < file.length; s++) {
        size += file[pos + 27 + s] & 0xFF;
      }
      pos += 27 + segments + size;
    }
    return granule;
  }

  static List<byte[]> packets(byte[] file) throws IOException {
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    int pos = 0;
    while (pos + 27 <= file.length) {
      if (!Decoders.startsWith(file, pos, "OggS")) {
        throw new IOException("Ogg page expected at byte " + pos);
      }
      int segments = file[pos + 26] & 0xFF;
      int table = pos + 27;
      int data = table + segments;
      if (data > file.length) {
        throw new IOException("truncated Ogg page at byte " + pos);
      }
      for (int s = 0; s < segments; s++) {
        int lacing = file[table + s] & 0xFF;
        if (data + lacing > file.length) {
          throw new IOException("truncated Ogg page at byte " + pos);
        }
        partial.write(file, data, lacing);
        data += lacing;
        if (lacing < 255) {
          packets.add(partial.toByteArray());
          partial.reset();
        }
      }
      pos = data;
    }
    return packets;
  }
}
