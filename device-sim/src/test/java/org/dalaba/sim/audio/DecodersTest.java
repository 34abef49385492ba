package org.dalaba.sim.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format the endpoint plays comes out as 48 kHz mono PCM of the source's length. */
class DecodersTest {

  @TempDir
  Path dir;

  @Test
  void wavAt48kMonoIsPlayedSampleForSample() throws Exception {
    short[] tone = TestSounds.tone(440, 48_000, 1_000);
    assertArrayEquals(tone, Decoders.decode(TestSounds.wav(tone, 48_000, 1)));
  }

  @Test
  void wavAtOtherRatesAndStereoIsResampledToTheSameLength() throws Exception {
    short[] mono22k = TestSounds.tone(440, 22_050, 2_000);
    assertEquals(96_000, Decoders.decode(TestSounds.wav(mono22k, 22_050, 1)).length);
    short[] stereo16k = new short[16_000 * 2];
    assertEquals(48_000, Decoders.decode(TestSounds.wav(stereo16k, 16_000, 2)).length);
  }

  @Test
  void oggOpusDecodesDeterministicallyToItsLength() throws Exception {
    short[] tone = TestSounds.tone(440, 48_000, 2_000);
    byte[] file = TestSounds.opus(tone);
    short[] first = Decoders.decode(file);
    long nanos = Long.MAX_VALUE; // the best of a few runs: the speed once the JIT has compiled the decoder
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Decoders.decode(file);
      nanos = Math.min(nanos, System.nanoTime() - t0);
    }
    assertEquals(tone.length, first.length, "2 s of Opus is 96,000 samples once the pre-skip is dropped");
    assertEquals(TestSounds.sha256(first), TestSounds.sha256(Decoders.decode(file)), "the same file decodes to the same samples");
    System.out.printf("opus decode: 2 s of audio in %.1f ms (%.0fx real time)%n", nanos / 1e6, 2e9 / nanos);
  }

  @Test
  void oggVorbisFromSoxDecodesToItsLength() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sox")), "sox (Debian package sox) makes the Vorbis file");
    Path wav = dir.resolve("tone.wav");
    Path ogg = dir.resolve("tone.ogg");
    Files.write(wav, TestSounds.wav(TestSounds.tone(440, 44_100, 3_000), 44_100, 1));
    Process sox = new ProcessBuilder("sox", wav.toString(), ogg.toString()).inheritIO().start();
    assertEquals(0, sox.waitFor());
    byte[] vorbis = Files.readAllBytes(ogg);
    short[] pcm = Decoders.decode(vorbis);
    long nanos = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Decoders.decode(vorbis);
      nanos = Math.min(nanos, System.nanoTime() - t0);
    }
    assertTrue(Math.abs(pcm.length - 144_000) < 4_800, "3 s of Vorbis is about 144,000 samples, was " + pcm.length);
    System.out.printf("vorbis decode: 3 s of audio in %.1f ms (%.0fx real time)%n", nanos / 1e6, 3e9 / nanos);
  }

  @Test
  void mp3DecodesToItsLength() throws Exception {
    byte[] file;
    try (var in = DecodersTest.class.getResourceAsStream("/audio/test.mp3")) {
      file = in.readAllBytes();
    }
    short[] pcm = Decoders.decode(file);
    long nanos = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Decoders.decode(file);
      nanos = Math.min(nanos, System.nanoTime() - t0);
    }
    assertTrue(pcm.length > 0);
    System.out.printf("mp3 decode: %d ms of audio in %.1f ms%n", Pcm.millis(pcm.length), nanos / 1e6);
  }

  @Test
  void somethingElseIsRefused() {
    assertThrows(IOException.class, () -> Decoders.decode("<html>hello</html>".getBytes()));
  }

  @Test
  void volumeScalesLinearly() {
    short[] out = new short[2];
    Pcm.scale(new short[] {10_000, -10_000}, 0, 2, 70, out);
    assertArrayEquals(new short[] {7_000, -7_000}, out);
  }
}
