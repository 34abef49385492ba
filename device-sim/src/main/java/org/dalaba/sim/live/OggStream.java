package org.dalaba.sim.live;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint's reading of a live stream (docs/protocol.md, "Live stream"): cuts the chunked HTTP body into Ogg
 * pages, checks each one's capture pattern, version and CRC, and that the stream starts with OpusHead (mono) and
 * OpusTags. Holds at most one page. Not thread-safe.
 */
public final class OggStream {
  /** One audio page: its granule position (48 kHz samples) and its packets' bytes (for a decoder). */
  public record Page(long granule, boolean last, List<byte[]> packets) {
  }

  /** The stream is not what the protocol promises. */
  public static final class Garbage extends Exception {
    Garbage(String message) {
      super(message);
    }
  }

  private static final int MAX_PAGE = 65_307;
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int j = 0; j < 8; j++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
      }
      TABLE[i] = r;
    }
  }

  private Buffer pending = Buffer.buffer();
  private int headers;

  /** @return the audio pages this chunk completes */
  public List<Page> feed(Buffer chunk) throws Garbage {
    pending.appendBuffer(chunk);
    List<Page> pages = new ArrayList<>();
    int at = 0;
    while (pending.length() - at >= 27) {
      if (pending.getByte(at) != 'O' || pending.getByte(at + 1) != 'g' || pending.getByte(at + 2) != 'g' || pending.getByte(at + 3) != 'S') {
        throw new Garbage("no Ogg capture pattern");
      }
      if (pending.getByte(at + 4) != 0) {
        throw new Garbage("unknown Ogg version");
      }
      int segments = pending.getUnsignedByte(at + 26);
      if (pending.length() - at < 27 + segments) {
        break;
      }
      int body = 0;
      for (int i = 0; i < segments; i++) {
        body += pending.getUnsignedByte(at + 27 + i);
      }
      int length = 27 + segments + body;
      if (pending.length() - at < length) {
        break;
      }
      Buffer page = pending.getBuffer(at, at + length);
      at += length;
      if (page.getUnsignedIntLE(22) != crc(page)) {
        throw new Garbage("CRC mismatch");
      }
      List<byte[]> packets = packets(page, segments);
      if (headers == 0) {
        byte[] head = packets.isEmpty() ? new byte[0] : packets.get(0);
        if (head.length < 19 || !new String(head, 0, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("OpusHead") || head[9] != 1) {
          throw new Garbage("the stream does not start with a mono OpusHead");
        }
        headers++;
      } else if (headers == 1) {
        byte[] tags = packets.isEmpty() ? new byte[0] : packets.get(0);
        if (tags.length < 8 || !new String(tags, 0, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("OpusTags")) {
          throw new Garbage("OpusTags missing");
        }
        headers++;
      } else {
        long granule = page.getLongLE(6);
        if (granule >= 0) {
          pages.add(new Page(granule, (page.getUnsignedByte(5) & 0x04) != 0, packets));
        }
      }
    }
    pending = pending.getBuffer(at, pending.length());
    if (pending.length() > MAX_PAGE) {
      throw new Garbage("a page larger than Ogg allows");
    }
    return pages;
  }

  private static List<byte[]> packets(Buffer page, int segments) {
    List<byte[]> packets = new ArrayList<>();
    int offset = 27 + segments;
    int length = 0;
    for (int i = 0; i < segments; i++) {
      int lace = page.getUnsignedByte(27 + i);
      length += lace;
      if (lace < 255) {
        packets.add(page.getBytes(offset, offset + length));
        offset += length;
        length = 0;
      }
    }
    return packets;
  }

  /** The Ogg CRC of a page (computed with its CRC field as zero). */
  public static long crc(Buffer page) {
    int crc = 0;
    for (int i = 0; i < page.length(); i++) {
      int b = i >= 22 && i < 26 ? 0 : page.getUnsignedByte(i);
      crc = (crc << 8) ^ TABLE[((crc >>> 24) & 0xff) ^ b];
    }
    return crc & 0xffffffffL;
  }

  /**
   * Writes a page of whole packets (each under 255 × 255 bytes), with its CRC: one writer for the hub's live stream
   * (hub live/OggPage) and the benchmark's Ogg Opus source.
   */
  public static Buffer write(int headerType, long granule, int serial, long sequence, List<byte[]> packets) {
    Buffer lacing = Buffer.buffer();
    Buffer body = Buffer.buffer();
    for (byte[] packet : packets) {
      int left = packet.length;
      while (left >= 255) {
        lacing.appendByte((byte) 255);
        left -= 255;
      }
      lacing.appendByte((byte) left);
      body.appendBytes(packet);
    }
    Buffer page = Buffer.buffer(27 + lacing.length() + body.length())
        .appendBytes(new byte[] {'O', 'g', 'g', 'S', 0}).appendByte((byte) headerType).appendLongLE(granule)
        .appendIntLE(serial).appendUnsignedIntLE(sequence).appendIntLE(0).appendByte((byte) lacing.length())
        .appendBuffer(lacing).appendBuffer(body);
    page.setUnsignedIntLE(22, crc(page));
    return page;
  }
}
