package org.dalaba.hub.alert.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.config.ConfigLoader;
import org.dalaba.hub.speech.SpeechPreview;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How long the hub takes to voice an alert (espeak-ng on a worker, then the red siren joined in front):
 * the time an audio-only speaker waits beyond a text-speaking one. Prints the figures; asserts only
 * that the result is audio longer than the siren.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertAudioTimingTest {
  private Vertx vertx;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void voicingAShortAndTheLongestAlertTakes() throws Exception {
    SpeechPreview speech = new SpeechPreview(new org.dalaba.hub.speech.SpeechWorkers(vertx, 1, 4), "/usr/bin/espeak-ng", "cmn-latn-pinyin");
    Assumptions.assumeTrue(speech.available(), "espeak-ng is installed");
    AttentionSignal siren = AttentionSignal.parse(ConfigLoader.defaults().alertSignal("red"));
    String typical = "暴雪红色预警。开原市气象台发布暴雪红色预警，请村民减少外出，注意防寒保暖。";
    String longest = "请注意，".repeat(500);
    render(speech, siren, typical); // warm-up: the first espeak-ng start reads its voice data
    for (String text : new String[] {typical, longest}) {
      long[] ms = new long[5];
      long audioMs = 0;
      for (int i = 0; i < ms.length; i++) {
        long started = System.nanoTime();
        audioMs = render(speech, siren, text);
        ms[i] = (System.nanoTime() - started) / 1_000_000;
      }
      java.util.Arrays.sort(ms);
      System.out.printf("Voicing %d characters (%d ms of audio with the red siren): median %d ms, max %d ms over %d runs%n",
          text.codePointCount(0, text.length()), audioMs, ms[ms.length / 2], ms[ms.length - 1], ms.length);
      assertTrue(audioMs > 2700, "siren + speech");
    }
  }

  private static long render(SpeechPreview speech, AttentionSignal signal, String text) throws Exception {
    byte[] wav = speech.wav(text).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).getBytes();
    WavPcm message = WavPcm.parse(wav);
    WavPcm joined = signal.render(message.sampleRate(), message.channels()).then(message);
    byte[] file = joined.toWav();
    org.dalaba.hub.media.MediaFiles.sha256(file); // the library hashes what it stores
    return joined.durationMs();
  }
}
