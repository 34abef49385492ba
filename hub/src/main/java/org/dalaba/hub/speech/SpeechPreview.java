package org.dalaba.hub.speech;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Voices a text with espeak-ng (Mandarin) as WAV, so an operator can hear an alert before sending it.
 * The text goes in on standard input, never on the command line; the program runs on a worker thread
 * of the bounded speech pool ({@link SpeechWorkers}) and is killed after {@link #TIMEOUT_SECONDS}. A preview only: what the speakers say is up to them.
 */
public final class SpeechPreview {
  static final long TIMEOUT_SECONDS = 20;
  static final int MAX_WAV_BYTES = org.dalaba.hub.config.Limits.SPEECH_WAV_BYTES;

  private final SpeechWorkers workers;
  private final String executable;
  private final String voice;

  /** @param voice the same voice the hub's text-to-speech uses for the speakers (speech.voice) */
  public SpeechPreview(SpeechWorkers workers, String executable, String voice) {
    this.workers = workers;
    this.executable = executable;
    this.voice = voice;
  }

  public boolean available() {
    return Files.isExecutable(Path.of(executable));
  }

  public String executable() {
    return executable;
  }

  public Future<Buffer> wav(String text) {
    return workers.submit(() -> Buffer.buffer(run(text)));
  }

  private byte[] run(String text) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(executable, "-v", voice, "--stdout")).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    // a hung program is killed; its output then ends and the exit code below reports the failure
    CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(process::destroyForcibly);
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      byte[] wav = readAll(process.getInputStream());
      int exit = process.waitFor();
      if (exit != 0 || wav.length == 0) {
        throw new IOException(executable + " failed with exit code " + exit + " (killed after " + TIMEOUT_SECONDS + " s if it hung)");
      }
      return wav;
    } finally {
      process.destroyForcibly();
    }
  }

  private static byte[] readAll(InputStream out) throws IOException {
    ByteArrayOutputStream wav = new ByteArrayOutputStream();
    byte[] chunk = new byte[65536];
    for (int n; (n = out.read(chunk)) >= 0; ) {
      wav.write(chunk, 0, n);
      if (wav.size() > MAX_WAV_BYTES) {
        throw new IOException("speech output over " + MAX_WAV_BYTES + " bytes");
      }
    }
    return wav.toByteArray();
  }
}
