package org.dalaba.hub.alert.audio;

import org.dalaba.hub.alert.AlertRefused;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;

import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.media.AudioFormat;
import org.dalaba.hub.media.MediaItem;
import org.dalaba.hub.media.MediaLibrary;
import org.dalaba.hub.speech.SpeechPreview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What speakers play for an alert: the level's attention signal, then either the text voiced by
 * espeak-ng or a recording the operator attached, joined into one WAV in the media library
 * (content-addressed, so the same alert audio is one file). espeak-ng, joining and hashing run on
 * worker threads.
 */
public final class AlertAudio {
  private static final Logger LOG = LoggerFactory.getLogger(AlertAudio.class);

  private final Vertx vertx;
  private final MediaLibrary library;
  private final SpeechPreview speech;
  private final Map<AlertLevel, AttentionSignal> signals;
  private final long maxRecordingMs;

  public AlertAudio(Vertx vertx, MediaLibrary library, SpeechPreview speech, Map<AlertLevel, AttentionSignal> signals,
                    long maxRecordingMs) {
    this.vertx = vertx;
    this.library = library;
    this.speech = speech;
    this.signals = new EnumMap<>(signals);
    this.maxRecordingMs = maxRecordingMs;
  }

  public boolean canVoice() {
    return speech.available();
  }

  public long maxRecordingMs() {
    return maxRecordingMs;
  }

  /** The level's signal followed by the voiced text, as a stored media item. */
  public Future<MediaItem> voice(AlertLevel level, String text, String user, Scope scope) {
    long started = System.nanoTime();
    return speech.wav(text).compose(wav -> vertx.executeBlocking(() -> withSignal(level, WavPcm.parse(wav.getBytes())), false))
        .compose(joined -> library.addGenerated(joined, "预警语音：" + level.chinese + " " + shorten(text), "alert-tts", user, scope))
        .onSuccess(item -> LOG.info("Voiced a {} alert of {} characters in {} ms ({} ms of audio)", level.wire(),
            text.codePointCount(0, text.length()), (System.nanoTime() - started) / 1_000_000, item.durationMs()));
  }

  /**
   * The level's signal followed by an uploaded recording. The recording must exist, be 16-bit PCM WAV
   * (what the console records) and last at most the configured length; otherwise a 400 on {@code media}.
   */
  public Future<MediaItem> withRecording(AlertLevel level, String sha256, User user, Directory directory) {
    if (sha256 == null || !org.dalaba.hub.media.MediaFiles.SHA256.matcher(sha256).matches()) {
      return Future.failedFuture(AlertRefused.invalid("media", "应为音频库中录音的 SHA-256 编号", "must be the sha256 of a recording in the media library"));
    }
    return library.get(sha256).compose(item -> {
      // material outside the sender's scope is answered as if it did not exist, as in programmes
      if (item == null || !org.dalaba.hub.media.MediaAccess.usable(user, item, directory)) {
        return Future.failedFuture(AlertRefused.invalid("media", "音频库中没有这段录音，请先上传", "is not in the media library; upload it first"));
      }
      if (item.format() != AudioFormat.WAV) {
        return Future.failedFuture(AlertRefused.invalid("media", "录音须为 WAV 格式（控制台录音即为 WAV）", "must be a WAV recording (the console records WAV)"));
      }
      if (item.durationMs() > maxRecordingMs) {
        return Future.failedFuture(AlertRefused.invalid("media", "录音过长：" + item.durationMs() / 1000 + " 秒，上限 " + maxRecordingMs / 1000 + " 秒",
            "is too long: " + item.durationMs() / 1000 + " s, the limit is " + maxRecordingMs / 1000 + " s"));
      }
      return vertx.executeBlocking(() -> {
        byte[] recording = Files.readAllBytes(library.files().path(sha256));
        try {
          return withSignal(level, WavPcm.parse(recording));
        } catch (WavPcm.NotPcmException e) {
          throw AlertRefused.invalid("media", "录音须为 16 位 PCM 的 WAV", "must be 16-bit PCM WAV");
        }
      }, false).compose(joined -> library.addGenerated(joined, "预警录音：" + level.chinese + " " + item.name(), "alert-recording",
          user.username(), user.scope()));
    });
  }

  private byte[] withSignal(AlertLevel level, WavPcm message) {
    return signals.get(level).render(message.sampleRate(), message.channels()).then(message).toWav();
  }

  private static String shorten(String text) {
    return text.codePointCount(0, text.length()) <= 20 ? text : text.substring(0, text.offsetByCodePoints(0, 20)) + "…";
  }
}
