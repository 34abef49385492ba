package org.dalaba.hub.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AudioProbeTest {
  @Test
  void wavDurationComesFromItsHeader() throws Exception {
    AudioProbe.AudioInfo info = AudioProbe.probe(TestAudio.wav(1500));
    assertEquals(AudioFormat.WAV, info.format());
    assertEquals(1500, info.durationMs());
  }

  @Test
  void mp3DurationComesFromItsFrames() throws Exception {
    AudioProbe.AudioInfo info = AudioProbe.probe(TestAudio.mp3(100));
    assertEquals(AudioFormat.MP3, info.format());
    assertEquals(2612, info.durationMs()); // 100 × 1152 / 44100 s
  }

  @Test
  void opusDurationComesFromTheLastGranule() throws Exception {
    AudioProbe.AudioInfo info = AudioProbe.probe(TestAudio.opus(48_000 * 3 + 312));
    assertEquals(AudioFormat.OPUS, info.format());
    assertEquals(3000, info.durationMs());
  }

  @Test
  void nonAudioIsRefusedWhateverItIsCalled() {
    assertThrows(NotAudioException.class, () -> AudioProbe.probe("<html>not a song</html>".getBytes(StandardCharsets.UTF_8)));
    assertThrows(NotAudioException.class, () -> AudioProbe.probe(new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'A', 'V', 'I', ' '}));
    assertThrows(NotAudioException.class, () -> AudioProbe.probe(new byte[0]));
  }

  @Test
  void byteRangesFollowRfc9110() {
    assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
    assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
    assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000));
    assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
    assertEquals(null, ByteRange.parse("bytes=0-1,5-6", 1000));
  }
}
