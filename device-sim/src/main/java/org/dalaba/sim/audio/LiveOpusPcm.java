package org.dalaba.sim.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live session's Opus packets, as they arrive from the stream (the endpoint's event loop {@link #offer}s them),
 * decoded to {@link Pcm}'s format on the audio thread that {@link #read}s them: what a real endpoint plays of a live
 * stream. Bounded: at most {@link #MAX_PACKETS} wait (ten seconds of 20 ms packets); beyond that the newest are
 * dropped and counted, since a speaker that far behind should catch up, not fall further back.
 */
public final class LiveOpusPcm implements AudioPlayback.PcmStream {
  static final int MAX_PACKETS = 500;
  private static final int MAX_FRAME = 48_000 * 120 / 1000;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> packets = new ArrayBlockingQueue<>(MAX_PACKETS + 1);
  private final AtomicLong dropped = new AtomicLong();
  private final OpusDecoder decoder;
  private final short[] frame = new short[MAX_FRAME];
  private int frameLength;
  private int frameRead;
  private volatile boolean finished;

  public LiveOpusPcm() {
    try {
      decoder = new OpusDecoder(48_000, 1); // a stream of any channel count decodes to mono here
    } catch (OpusException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One Opus packet of the stream (the OpusHead and OpusTags header packets are skipped). */
  public void offer(byte[] packet) {
    if (finished || packet.length == 0 || Decoders.startsWith(packet, 0, "OpusHead") || Decoders.startsWith(packet, 0, "OpusTags")) {
      return;
    }
    if (packets.size() >= MAX_PACKETS || !packets.offer(packet)) {
      dropped.incrementAndGet();
    }
  }

  /** No more packets: {@link #read} gives what is queued, then the end of the stream. */
  public void finish() {
    finished = true;
    packets.offer(END);
  }

  /** Packets dropped because the speaker was ten seconds behind. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public int read(short[] buffer) throws IOException {
    while (frameRead >= frameLength) {
      byte[] packet;
      try {
        packet = packets.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      if (packet == END || (packet == null && finished && packets.isEmpty())) {
        return -1;
      }
      if (packet == null) {
        continue; // the stream is late: wait (the endpoint's stall timer ends a stream that stays silent)
      }
      try {
        frameLength = decoder.decode(packet, 0, packet.length, frame, 0, MAX_FRAME, false);
        frameRead = 0;
      } catch (OpusException e) {
        throw new IOException("a live Opus packet could not be decoded: " + e.getMessage(), e);
      }
    }
    int n = Math.min(buffer.length, frameLength - frameRead);
    System.arraycopy(frame, frameRead, buffer, 0, n);
    frameRead += n;
    return n;
  }
}
