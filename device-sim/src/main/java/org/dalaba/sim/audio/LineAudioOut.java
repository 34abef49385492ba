package org.dalaba.sim.audio;

import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * A sound card through Java Sound: a {@link SourceDataLine} in {@link Pcm}'s format on the mixer whose
 * name contains the given device name ({@code default}: the system's default mixer). On Linux the ALSA
 * mixers are named like {@code "Device [plughw:1,0]"}: {@code plughw:1,0} picks the first USB card.
 */
public final class LineAudioOut implements AudioOut {

  static final AudioFormat FORMAT = new AudioFormat(Pcm.RATE, 16, 1, true, false);
  /** About 200 ms of buffer: short enough that a preemption is heard at once. */
  private static final int BUFFER_BYTES = Pcm.RATE * 2 / 5;

  private final SourceDataLine line;

  private LineAudioOut(SourceDataLine line) {
    this.line = line;
  }

  static LineAudioOut open(String device) throws IOException {
    try {
      SourceDataLine line;
      if ("default".equals(device)) {
        line = AudioSystem.getSourceDataLine(FORMAT);
      } else {
        Mixer.Info chosen = null;
        StringBuilder names = new StringBuilder();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
          names.append(names.length() == 0 ? "" : ", ").append(info.getName());
          if (chosen == null && info.getName().contains(device)
              && AudioSystem.getMixer(info).isLineSupported(new javax.sound.sampled.DataLine.Info(SourceDataLine.class, FORMAT))) {
            chosen = info;
          }
        }
        if (chosen == null) {
          throw new IOException("no sound card named like \"" + device + "\" plays 16-bit 48 kHz mono; mixers here: "
              + (names.length() == 0 ? "none" : names));
        }
        line = AudioSystem.getSourceDataLine(FORMAT, chosen);
      }
      line.open(FORMAT, BUFFER_BYTES);
      line.start();
      return new LineAudioOut(line);
    } catch (LineUnavailableException | IllegalArgumentException e) {
      throw new IOException("cannot open sound card \"" + device + "\": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    byte[] bytes = Pcm.bytes(samples, offset, length);
    line.write(bytes, 0, bytes.length);
  }

  @Override
  public void drain() {
    line.drain();
  }

  @Override
  public void close() {
    line.drain();
    line.close();
  }
}
