package org.dalaba.hub.live;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes mono PCM to Opus (concentus, 20 ms frames) and packs it into Ogg pages of {@link #FRAMES_PER_PAGE} frames
 * (60 ms), with OpusHead and OpusTags first. CPU work: call it on a worker, one call at a time per source.
 */
final class OpusPager {
  static final int FRAMES_PER_PAGE = 3;
  private static final int BITRATE = 32_000;

  private final int rate;
  private final int frameSamples;
  private final OpusEncoder encoder;
  private final int serial;
  private final short[] frame;
  private int filled;
  private long sequence;
  /** Granule positions count 48 kHz samples whatever the input rate (RFC 7845). */
  private long granule;
  private final List<byte[]> packets = new ArrayList<>();

  OpusPager(int rate, int serial) throws OpusException {
    this.rate = rate;
    this.frameSamples = rate / 50;
    this.frame = new short[frameSamples];
    this.serial = serial;
    this.encoder = new OpusEncoder(rate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
    encoder.setBitrate(BITRATE);
    encoder.setComplexity(0); // the cheapest: speech at 32 kbit/s needs no more, and the hub encodes every WAV source live
  }

  /** The two header pages every stream starts with. */
  List<Buffer> headers() {
    Buffer head = Buffer.buffer().appendString("OpusHead", StandardCharsets.US_ASCII.name()).appendByte((byte) 1).appendByte((byte) 1)
        .appendUnsignedShortLE(encoder.getLookahead() * 48000 / rate).appendUnsignedIntLE(rate).appendShortLE((short) 0)
        .appendByte((byte) 0);
    byte[] vendor = "dalaba-hub".getBytes(StandardCharsets.UTF_8);
    Buffer tags = Buffer.buffer().appendString("OpusTags", StandardCharsets.US_ASCII.name()).appendIntLE(vendor.length)
        .appendBytes(vendor).appendIntLE(0);
    return List.of(OggPage.write(OggPage.BOS, 0, serial, sequence++, List.of(head.getBytes())),
        OggPage.write(0, 0, serial, sequence++, List.of(tags.getBytes())));
  }

  /** Encodes what the samples complete; @return the pages that are full now */
  List<Buffer> encode(short[] samples) throws OpusException {
    List<Buffer> pages = new ArrayList<>();
    int at = 0;
    while (at < samples.length) {
      int take = Math.min(frameSamples - filled, samples.length - at);
      System.arraycopy(samples, at, frame, filled, take);
      filled += take;
      at += take;
      if (filled == frameSamples) {
        encodeFrame();
        if (packets.size() == FRAMES_PER_PAGE) {
          pages.add(page(0));
        }
      }
    }
    return pages;
  }

  /** The last page, with the rest padded by silence, marked end of stream. */
  List<Buffer> finish() throws OpusException {
    if (filled > 0) {
      java.util.Arrays.fill(frame, filled, frameSamples, (short) 0);
      filled = frameSamples;
      encodeFrame();
    }
    if (packets.isEmpty()) {
      return List.of(OggPage.write(OggPage.EOS, granule, serial, sequence++, List.of()));
    }
    return List.of(page(OggPage.EOS));
  }

  private void encodeFrame() throws OpusException {
    byte[] out = new byte[1275];
    int length = encoder.encode(frame, 0, frameSamples, out, 0, out.length);
    packets.add(java.util.Arrays.copyOf(out, length));
    granule += 960; // 20 ms at 48 kHz
    filled = 0;
  }

  private Buffer page(int flags) {
    Buffer page = OggPage.write(flags, granule, serial, sequence++, packets);
    packets.clear();
    return page;
  }
}
