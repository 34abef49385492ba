package org.dalaba.hub.live;

import io.vertx.core.buffer.Buffer;

/**
 * One Ogg page (RFC 3533) as the hub passes it through: its bytes unchanged, and the header fields the hub
 * checks and times by. {@link #parse} checks the capture pattern, version, segment table and CRC.
 */
public record OggPage(Buffer bytes, int headerType, long granule, int serial, long sequence, int packets) {
  public static final int HEADER_BYTES = 27;
  static final int BOS = 0x02;
  static final int EOS = 0x04;

  /** Thrown for bytes that are not a valid Ogg page; the message is for logs, not operators. */
  public static final class BadPage extends Exception {
    public BadPage(String message) {
      super(message);
    }
  }

  public boolean beginsStream() { return (headerType & BOS) != 0; }

  public boolean endsStream() { return (headerType & EOS) != 0; }

  public int length() { return bytes.length(); }

  /** The page body (its packets' bytes, concatenated). */
  public Buffer body() {
    int segments = bytes.getUnsignedByte(26);
    return bytes.slice(HEADER_BYTES + segments, bytes.length());
  }

  /**
   * The length of the page starting at {@code offset}, once its header and segment table are in {@code data};
   * -1 when more bytes are needed to know.
   */
  public static int lengthAt(Buffer data, int offset) throws BadPage {
    int available = data.length() - offset;
    if (available < 4) {
      return -1;
    }
    if (data.getByte(offset) != 'O' || data.getByte(offset + 1) != 'g' || data.getByte(offset + 2) != 'g' || data.getByte(offset + 3) != 'S') {
      throw new BadPage("no Ogg capture pattern");
    }
    if (available < HEADER_BYTES) {
      return -1;
    }
    int segments = data.getUnsignedByte(offset + 26);
    if (available < HEADER_BYTES + segments) {
      return -1;
    }
    int body = 0;
    for (int i = 0; i < segments; i++) {
      body += data.getUnsignedByte(offset + HEADER_BYTES + i);
    }
    return HEADER_BYTES + segments + body;
  }

  /** Parses and checks one whole page. */
  public static OggPage parse(Buffer page) throws BadPage {
    int length = lengthAt(page, 0);
    if (length != page.length()) {
      throw new BadPage("incomplete page");
    }
    if (page.getByte(4) != 0) {
      throw new BadPage("unknown Ogg version " + page.getByte(4));
    }
    long stored = page.getUnsignedIntLE(22);
    if (stored != crc(page)) {
      throw new BadPage("CRC mismatch");
    }
    int segments = page.getUnsignedByte(26);
    int packets = 0;
    for (int i = 0; i < segments; i++) {
      if (page.getUnsignedByte(HEADER_BYTES + i) < 255) {
        packets++;
      }
    }
    return new OggPage(page, page.getUnsignedByte(5), page.getLongLE(6), page.getIntLE(14), page.getUnsignedIntLE(18), packets);
  }

  /** The page's CRC (the Ogg polynomial, computed with the CRC field as zero). */
  public static long crc(Buffer page) {
    return org.dalaba.sim.live.OggStream.crc(page);
  }

  /** Writes a page of whole packets (each under 255 × 255 bytes), with its CRC. */
  public static Buffer write(int headerType, long granule, int serial, long sequence, java.util.List<byte[]> packets) {
    return org.dalaba.sim.live.OggStream.write(headerType, granule, serial, sequence, packets);
  }
}
