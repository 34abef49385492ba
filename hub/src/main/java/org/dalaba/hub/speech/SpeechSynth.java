package org.dalaba.hub.speech;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.dalaba.hub.access.User;
import org.dalaba.hub.refusal.Refusal;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.store.DiskSpace;
import org.dalaba.hub.media.MediaFiles;
import org.dalaba.hub.media.MediaItem;
import org.dalaba.hub.media.MediaLibrary;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text-to-speech on the hub with espeak-ng (an external process, run on a worker thread). The result
 * is an ordinary media item, cached by text and voice, so the same sentence is spoken once. When
 * espeak-ng is not installed, {@link #available()} is false and text items go to endpoints as text.
 */
public final class SpeechSynth {
  private static final Logger LOG = LoggerFactory.getLogger(SpeechSynth.class);
  private static final long TIMEOUT_SECONDS = 60;

  private final SpeechWorkers workers;
  private final BooleanSupplier diskLow;
  private final RedisStore redis;
  private final MediaLibrary library;
  private final String executable;
  private final String voice;
  private final boolean available;

  public SpeechSynth(SpeechWorkers workers, BooleanSupplier diskLow, RedisStore redis, MediaLibrary library, String executable,
                     String voice) {
    this.workers = workers;
    this.diskLow = diskLow;
    this.redis = redis;
    this.library = library;
    this.executable = executable;
    this.voice = voice;
    this.available = new File(executable).canExecute();
    if (available) {
      LOG.info("Text-to-speech: {} with voice {}", executable, voice);
    } else {
      LOG.warn("Text-to-speech unavailable: {} not found (install the Debian package espeak-ng); text items are sent "
          + "as text only, for endpoints with their own text-to-speech", executable);
    }
  }

  public boolean available() { return available; }

  public String voice() { return voice; }

  /**
   * The recording of {@code text}, made once and then taken from the cache; null when unavailable. A
   * new recording belongs to the scope of {@code user} and is refused while the disk is low.
   */
  public Future<MediaItem> speak(String text, User user, Directory directory) {
    if (!available) {
      return Future.succeededFuture(null);
    }
    String key = MediaFiles.sha256((voice + "\n" + text).getBytes(StandardCharsets.UTF_8));
    return redis.send(Command.GET, Keys.speech(key)).compose(cached -> cached == null
        ? Future.succeededFuture(null) : library.get(cached.toString())).compose(item -> {
          if (item != null) {
            return Future.succeededFuture(item);
          }
          if (diskLow.getAsBoolean()) {
            return Future.failedFuture(Refusal.storageFull("disk_low", null, DiskSpace.lowMessageZh(),
                "the disk is nearly full: new speech is refused until space is freed"));
          }
          return workers.submit(() -> synthesize(text))
              .compose(part -> library.addFile(part, "语音：" + preview(text), "tts", user, directory, bytes -> Future.succeededFuture()))
              .compose(made -> redis.send(Command.SET, Keys.speech(key), made.sha256()).map(made));
        });
  }

  /** Speaks into a partial media file (never into memory); the caller adds or deletes it. */
  private Path synthesize(String text) throws IOException, InterruptedException {
    Path out = library.files().newPartFile();
    boolean made = false;
    try {
      Process process = new ProcessBuilder(executable, "-v", voice, "-w", out.toString(), "--stdin")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("espeak-ng did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("espeak-ng exited with " + process.exitValue());
      }
      made = true;
      return out;
    } finally {
      if (!made) {
        Files.deleteIfExists(out);
      }
    }
  }

  private static String preview(String text) {
    return text.codePointCount(0, text.length()) <= 20 ? text : text.substring(0, text.offsetByCodePoints(0, 20)) + "…";
  }
}
