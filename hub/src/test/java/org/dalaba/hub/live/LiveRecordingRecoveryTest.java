package org.dalaba.hub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dalaba.sim.live.OggStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording left by a hub killed mid-write is cut after its last whole Ogg page before it goes to the library. */
class LiveRecordingRecoveryTest {
  @TempDir
  Path dir;

  private static Buffer page(int type, long granule, long sequence) {
    return OggStream.write(type, granule, 1, sequence, List.of(new byte[] {(byte) 0xF8, 1, 2, 3}));
  }

  @Test
  void halfAPageAtTheEndIsCutOff() throws Exception {
    Buffer whole = page(2, 0, 0).appendBuffer(page(0, 0, 1)).appendBuffer(page(0, 960, 2));
    Buffer half = page(0, 1920, 3);
    Path part = dir.resolve("live-l-1.part");
    Files.write(part, whole.copy().appendBuffer(half.getBuffer(0, half.length() / 2)).getBytes());
    assertEquals(whole.length(), LiveRecordingRecovery.wholePages(part));
    assertEquals(whole.length(), Files.size(part));
  }

  @Test
  void lessThanTheHeadersAndOneAudioPageIsNothingToKeep() throws Exception {
    Path part = dir.resolve("live-l-2.part");
    Files.write(part, page(2, 0, 0).appendBuffer(page(0, 0, 1)).getBytes());
    assertEquals(0, LiveRecordingRecovery.wholePages(part));
  }
}
