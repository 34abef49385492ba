package org.dalaba.sim.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/** MP3 (MPEG-1/2 layer III) through jlayer, frame by frame. */
final class Mp3Decoder {

  private Mp3Decoder() {
  }

  static short[] decode(byte[] file) throws IOException {
    Bitstream stream = new Bitstream(new ByteArrayInputStream(file));
    Decoder decoder = new Decoder();
    short[] all = new short[1 << 16];
    int length = 0;
    int channels = 0;
    int rate = 0;
    try {
      for (Header header = stream.readFrame(); header != null; header = stream.readFrame()) {
        SampleBuffer output = (SampleBuffer) decoder.decodeFrame(header, stream);
        channels = output.getChannelCount();
        rate = output.getSampleFrequency();
        int n = output.getBufferLength();
        if (length + n > all.length) {
          all = java.util.Arrays.copyOf(all, Math.max(all.length * 2, length + n));
        }
        System.arraycopy(output.getBuffer(), 0, all, length, n);
        length += n;
        stream.closeFrame();
      }
    } catch (BitstreamException | DecoderException e) {
      throw new IOException("MP3 decoding failed: " + e.getMessage(), e);
    } finally {
      try {
        stream.close();
      } catch (BitstreamException e) {
        // nothing left to release
      }
    }
    if (channels == 0) {
      throw new IOException("MP3 without a single frame");
    }
    return Pcm.toOutput(all, length, channels, rate);
  }
}
