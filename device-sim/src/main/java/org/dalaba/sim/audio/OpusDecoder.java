package org.dalaba.sim.audio;

import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.util.List;

/**
 * Ogg Opus (RFC 7845) through concentus: decoded at 48 kHz in the stream's channel count, pre-skip
 * removed, then mixed down. Deterministic: the same file always gives the same samples.
 */
final class OpusDecoder {

  /** The longest Opus frame is 120 ms. */
  private static final int MAX_FRAME = 48_000 * 120 / 1000;

  private OpusDecoder() {
  }

  static short[] decode(byte[] file) throws IOException {
    List<byte[]> packets = OggPages.packets(file);
    if (packets.size() < 2 || !Decoders.startsWith(packets.get(0), 0, "OpusHead")) {
      throw new IOException("Ogg Opus without an OpusHead packet");
    }
    byte[] head = packets.get(0);
    int channels = head[9] & 0xFF;
    int preSkip = (head[10] & 0xFF) | (head[11] & 0xFF) << 8;
    if (channels < 1 || channels > 2) {
      throw new IOException("Opus with " + channels + " channels: only mono and stereo are played");
    }
    try {
      io.github.jaredmdobson.concentus.OpusDecoder decoder = new io.github.jaredmdobson.concentus.OpusDecoder(48_000, channels);
      short[] frame = new short[MAX_FRAME * channels];
      short[] all = new short[48_000 * channels];
      int length = 0;
      for (int i = 2; i < packets.size(); i++) { // 0 OpusHead, 1 OpusTags
        byte[] packet = packets.get(i);
        if (packet.length == 0) {
          continue;
        }
        int n = decoder.decode(packet, 0, packet.length, frame, 0, MAX_FRAME, false) * channels;
        if (length + n > all.length) {
          all = java.util.Arrays.copyOf(all, Math.max(all.length * 2, length + n));
        }
        System.arraycopy(frame, 0, all, length, n);
        length += n;
      }
      int skip = Math.min(length, preSkip * channels);
      // RFC 7845 4.4: the last page's granule position says where the audio ends (the encoder padded past it)
      long granule = OggPages.lastGranule(file);
      int end = granule > preSkip ? (int) Math.min(length, skip + (granule - preSkip) * channels) : length;
      short[] kept = java.util.Arrays.copyOfRange(all, skip, end);
      return Pcm.toOutput(kept, kept.length, channels, 48_000);
    } catch (OpusException e) {
      throw new IOException("Opus decoding failed: " + e.getMessage(), e);
    }
  }
}
