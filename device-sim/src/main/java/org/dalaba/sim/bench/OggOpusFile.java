package org.dalaba.sim.bench;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.dalaba.sim.live.OggStream;

/**
 * An Ogg Opus stream of a tone, as a browser's encoder would send it (mono, 20 ms frames, {@link #FRAMES_PER_PAGE} per page), made
 * before the live phase so that the hub's fan-out is measured, not its WAV encoder (docs/api.md, "Audio in").
 */
final class OggOpusFile {
  /** 3: 60 ms pages, a third of the writes per listener of 20 ms pages. */
  static final int FRAMES_PER_PAGE = 3;

  private OggOpusFile() {
  }

  static byte[] tone(int ms) throws Exception {
    int rate = 16000;
    OpusEncoder encoder = new OpusEncoder(rate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
    encoder.setBitrate(32000);
    Buffer out = Buffer.buffer();
    Buffer head = Buffer.buffer().appendString("OpusHead", "US-ASCII").appendByte((byte) 1).appendByte((byte) 1)
        .appendUnsignedShortLE(312).appendUnsignedIntLE(rate).appendShortLE((short) 0).appendByte((byte) 0);
    byte[] vendor = "dalaba-bench".getBytes(StandardCharsets.UTF_8);
    Buffer tags = Buffer.buffer().appendString("OpusTags", "US-ASCII").appendIntLE(vendor.length).appendBytes(vendor).appendIntLE(0);
    int serial = 4242;
    out.appendBuffer(OggStream.write(2, 0, serial, 0, java.util.List.of(head.getBytes())))
        .appendBuffer(OggStream.write(0, 0, serial, 1, java.util.List.of(tags.getBytes())));
    short[] frame = new short[rate / 50];
    byte[] packet = new byte[1275];
    int frames = ms / 20 / FRAMES_PER_PAGE * FRAMES_PER_PAGE;
    java.util.List<byte[]> packets = new java.util.ArrayList<>();
    long sequence = 2;
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < frame.length; i++) {
        frame[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (f * frame.length + i) / rate));
      }
      int length = encoder.encode(frame, 0, frame.length, packet, 0, packet.length);
      packets.add(java.util.Arrays.copyOf(packet, length));
      if (packets.size() == FRAMES_PER_PAGE) {
        out.appendBuffer(OggStream.write(f == frames - 1 ? 4 : 0, 960L * (f + 1), serial, sequence++, packets));
        packets.clear();
      }
    }
    return out.getBytes();
  }
}
