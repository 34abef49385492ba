package org.dalaba.sim.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The endpoint's own text-to-speech: {@code espeak-ng -v VOICE --stdout}, text on stdin (so a text
 * starting with "-" is never an option), WAV out. Voice {@code cmn-latn-pinyin} by default: the plain
 * {@code zh}/{@code cmn} voice reads tone digits and numbers in English (espeak-ng issues 1370, 1028).
 */
public final class Speech {

  public static final String DEFAULT_VOICE = "cmn-latn-pinyin";
  private static final long TIMEOUT_SECONDS = 60;

  private final String command;
  private final String voice;

  public Speech(String command, String voice) {
    this.command = command;
    this.voice = voice;
  }

  public static Speech espeak() {
    return new Speech("espeak-ng", DEFAULT_VOICE);
  }

  public short[] speak(String text) throws IOException {
    Process process = new ProcessBuilder(List.of(command, "-v", voice, "--stdout"))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (var in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] wav = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command + " took longer than " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while speaking", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(command + " exited with " + process.exitValue());
    }
    return Decoders.decode(wav);
  }
}
