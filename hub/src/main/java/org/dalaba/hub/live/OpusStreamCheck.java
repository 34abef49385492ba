package org.dalaba.hub.live;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Checks, page by page, that a source's Ogg stream is what endpoints are promised (docs/protocol.md, "Live stream"):
 * one logical stream, OpusHead (version 1, mono, mapping family 0) on the first page alone, OpusTags next, then audio
 * pages whose granule positions never go back, each at most {@code maxPageMs} of audio, and a bitrate within bounds.
 * Not thread-safe: one per source.
 */
final class OpusStreamCheck {
  /** What one checked page is. */
  enum Kind { HEAD, TAGS, AUDIO }

  private final int maxBitrate;
  private final long maxPageMs;
  private int pages;
  private int serial;
  private long lastGranule = -1;
  private long audioBytes;
  private long firstGranule = -1;

  OpusStreamCheck(int maxBitrate, long maxPageMs) {
    this.maxBitrate = maxBitrate;
    this.maxPageMs = maxPageMs;
  }

  Kind check(OggPage page) throws LiveAudioException {
    int index = pages++;
    if (index == 0) {
      Buffer body = page.body();
      if (!page.beginsStream() || body.length() < 19 || !"OpusHead".equals(body.getString(0, 8, StandardCharsets.US_ASCII.name()))) {
        throw LiveAudioException.notOpus("the first page is not OpusHead");
      }
      if ((body.getByte(8) & 0xf0) != 0) {
        throw LiveAudioException.notOpus("OpusHead version " + body.getByte(8));
      }
      if (body.getUnsignedByte(9) != 1) {
        throw LiveAudioException.notOpus(body.getUnsignedByte(9) + " channels, not mono");
      }
      if (body.getUnsignedByte(18) != 0) {
        throw LiveAudioException.notOpus("channel mapping family " + body.getUnsignedByte(18));
      }
      serial = page.serial();
      return Kind.HEAD;
    }
    if (page.serial() != serial) {
      throw LiveAudioException.notOpus("a second logical stream");
    }
    if (page.beginsStream()) {
      throw LiveAudioException.notOpus("a second beginning of stream");
    }
    if (index == 1) {
      Buffer body = page.body();
      if (body.length() < 8 || !"OpusTags".equals(body.getString(0, 8, StandardCharsets.US_ASCII.name()))) {
        throw LiveAudioException.notOpus("the second page is not OpusTags");
      }
      return Kind.TAGS;
    }
    long granule = page.granule();
    if (granule == -1 && page.packets() == 0) {
      return Kind.AUDIO; // a page that only continues a packet carries no granule; allowed, nothing to time
    }
    if (granule < 0 || granule < lastGranule) {
      throw LiveAudioException.notOpus("granule position going back");
    }
    long previous = lastGranule < 0 ? granule : lastGranule;
    if (lastGranule >= 0 && (granule - previous) / 48 > maxPageMs) {
      throw LiveAudioException.tooLarge();
    }
    if (firstGranule < 0) {
      firstGranule = granule;
    }
    lastGranule = granule;
    audioBytes += page.length();
    long mediaMs = (granule - firstGranule) / 48;
    if (mediaMs >= 2000 && audioBytes * 8 * 1000 / mediaMs > maxBitrate) {
      throw LiveAudioException.bitrate(maxBitrate);
    }
    return Kind.AUDIO;
  }
}
