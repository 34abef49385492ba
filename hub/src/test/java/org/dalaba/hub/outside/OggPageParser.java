package org.dalaba.hub.outside;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Ogg page parser written from RFC 3533 alone, as a speaker vendor would: bytes go in as they arrive, whole pages
 * come out, each checked for its capture pattern, version and CRC. It knows nothing of the hub's own page writer.
 */
final class OggPageParser {
  /** A page that failed RFC 3533's checks: the stream is not what was promised. */
  static final class BadStream extends Exception {
    BadStream(String message) {
      super(message);
    }
  }

  /** One page: header fields and its complete packets (a packet continued from an earlier page is joined). */
  record Page(int headerType, long granule, int serial, int sequence, List<byte[]> packets, int bytes) {
    boolean continued() {
      return (headerType & 0x01) != 0;
    }

    boolean beginning() {
      return (headerType & 0x02) != 0;
    }

    boolean end() {
      return (headerType & 0x04) != 0;
    }
  }

  private static final int[] CRC_TABLE = crcTable();
  private static final int MAX_PAGE = 27 + 255 + 255 * 255;
  private byte[] buffer = new byte[8192];
  private int length;
  private byte[] partialPacket;
  private int lastSequence = -1;

  /** Feeds bytes as they came off the wire; returns every page now complete, in order. */
  List<Page> feed(ByteBuffer bytes) throws BadStream {
    int n = bytes.remaining();
    if (length + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
    }
    bytes.get(buffer, length, n);
    length += n;
    List<Page> pages = new ArrayList<>();
    int at = 0;
    while (true) {
      Page page = pageAt(at);
      if (page == null) {
        break;
      }
      at += page.bytes();
      pages.add(page);
    }
    System.arraycopy(buffer, at, buffer, 0, length - at);
    length -= at;
    return pages;
  }

  /** Bytes held that do not yet make a page (a stream that ends with some is truncated). */
  int pending() {
    return length;
  }

  private Page pageAt(int at) throws BadStream {
    if (length - at < 27) {
      return null;
    }
    if (buffer[at] != 'O' || buffer[at + 1] != 'g' || buffer[at + 2] != 'g' || buffer[at + 3] != 'S') {
      throw new BadStream("no capture pattern OggS at a page start");
    }
    if (buffer[at + 4] != 0) {
      throw new BadStream("stream structure version " + buffer[at + 4]);
    }
    int segments = buffer[at + 26] & 0xFF;
    if (length - at < 27 + segments) {
      return null;
    }
    int bodyLength = 0;
    for (int i = 0; i < segments; i++) {
      bodyLength += buffer[at + 27 + i] & 0xFF;
    }
    int total = 27 + segments + bodyLength;
    if (total > MAX_PAGE) {
      throw new BadStream("page larger than Ogg allows");
    }
    if (length - at < total) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(buffer, at, 27).order(ByteOrder.LITTLE_ENDIAN);
    int headerType = buffer[at + 5] & 0xFF;
    long granule = header.getLong(at + 6);
    int serial = header.getInt(at + 14);
    int sequence = header.getInt(at + 18);
    int crc = header.getInt(at + 22);
    if (crc(buffer, at, at + total) != crc) {
      throw new BadStream("CRC mismatch on page " + sequence);
    }
    if (lastSequence >= 0 && sequence != lastSequence + 1) {
      partialPacket = null; // a gap (the hub skipped pages): a packet begun before it cannot be completed
    }
    lastSequence = sequence;
    return new Page(headerType, granule, serial, sequence, packets(at, segments, (headerType & 0x01) != 0), total);
  }

  private List<byte[]> packets(int at, int segments, boolean continued) {
    List<byte[]> packets = new ArrayList<>();
    byte[] current = continued && partialPacket != null ? partialPacket : new byte[0];
    boolean dropping = continued && partialPacket == null;
    int data = at + 27 + segments;
    for (int i = 0; i < segments; i++) {
      int lace = buffer[at + 27 + i] & 0xFF;
      byte[] joined = Arrays.copyOf(current, current.length + lace);
      System.arraycopy(buffer, data, joined, current.length, lace);
      current = joined;
      data += lace;
      if (lace < 255) {
        if (!dropping) {
          packets.add(current);
        }
        dropping = false;
        current = new byte[0];
      }
    }
    partialPacket = current.length > 0 || (segments > 0 && (buffer[at + 26 + segments] & 0xFF) == 255) ? current : null;
    return packets;
  }

  /** RFC 3533's CRC-32: polynomial 0x04c11db7, initial 0, no reflection, over the page with its CRC field as 0. */
  static int crc(byte[] page, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      int b = (i >= from + 22 && i < from + 26) ? 0 : page[i] & 0xFF;
      crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
    }
    return crc;
  }

  private static int[] crcTable() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int j = 0; j < 8; j++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
      }
      table[i] = r;
    }
    return table;
  }
}
