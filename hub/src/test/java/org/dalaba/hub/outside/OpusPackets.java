package org.dalaba.hub.outside;

import java.nio.charset.StandardCharsets;

/** What a speaker needs of Opus (RFC 6716 §3.1, RFC 7845 §5) without decoding: header checks and packet lengths. */
final class OpusPackets {
  private OpusPackets() {
  }

  static boolean isHead(byte[] packet) {
    return packet.length >= 19 && new String(packet, 0, 8, StandardCharsets.US_ASCII).equals("OpusHead");
  }

  static boolean isTags(byte[] packet) {
    return packet.length >= 16 && new String(packet, 0, 8, StandardCharsets.US_ASCII).equals("OpusTags");
  }

  /** OpusHead's channel count (RFC 7845 §5.1, byte 9). */
  static int channels(byte[] head) {
    return head[9] & 0xFF;
  }

  /** The audio a packet carries, in 48 kHz samples, from its TOC byte and frame count code. */
  static int samples(byte[] packet) {
    if (packet.length == 0) {
      return 0;
    }
    int toc = packet[0] & 0xFF;
    int config = toc >> 3;
    int frame; // in 48 kHz samples
    if (config < 12) {
      frame = new int[] {480, 960, 1920, 2880}[config & 3]; // SILK: 10, 20, 40, 60 ms
    } else if (config < 16) {
      frame = new int[] {480, 960}[config & 1]; // hybrid: 10, 20 ms
    } else {
      frame = new int[] {120, 240, 480, 960}[config & 3]; // CELT: 2.5, 5, 10, 20 ms
    }
    int code = toc & 3;
    int frames = code == 0 ? 1 : code < 3 ? 2 : packet.length > 1 ? packet[1] & 0x3F : 0;
    return frame * frames;
  }
}
