package org.dalaba.sim.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a media file from the hub into {@link Pcm} by its first bytes, not its name: WAV (PCM 8/16-bit),
 * Ogg Opus (concentus), Ogg Vorbis (jorbis), MP3 (jlayer). All decoding is plain Java on the calling thread.
 */
public final class Decoders {

  private Decoders() {
  }

  /** @throws IOException for a format it does not know or a file it cannot read */
  public static short[] decode(byte[] file) throws IOException {
    if (startsWith(file, 0, "RIFF") && startsWith(file, 8, "WAVE")) {
      return WavDecoder.decode(file);
    }
    if (startsWith(file, 0, "OggS")) {
      if (indexOf(file, "OpusHead", 200) >= 0) {
        return OpusDecoder.decode(file);
      }
      if (indexOf(file, "vorbis", 200) >= 0) {
        return VorbisDecoder.decode(file);
      }
      throw new IOException("an Ogg file that is neither Opus nor Vorbis");
    }
    if (startsWith(file, 0, "ID3") || (file.length > 1 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xE0) == 0xE0)) {
      return Mp3Decoder.decode(file);
    }
    throw new IOException("unknown audio format (not WAV, Ogg Opus, Ogg Vorbis or MP3)");
  }

  static boolean startsWith(byte[] file, int at, String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (file.length < at + m.length) {
      return false;
    }
    for (int i = 0; i < m.length; i++) {
      if (file[at + i] != m[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] file, String magic, int within) {
    for (int i = 0; i < Math.min(file.length, within); i++) {
      if (startsWith(file, i, magic)) {
        return i;
      }
    }
    return -1;
  }
}
