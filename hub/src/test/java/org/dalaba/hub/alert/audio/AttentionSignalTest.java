package org.dalaba.hub.alert.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.ConfigLoader;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.media.AudioProbe;
import org.junit.jupiter.api.Test;

/** The generated attention signals: valid WAV, distinct per level, joined to a message without re-encoding. */
class AttentionSignalTest {

  @Test
  void everyLevelsDefaultSignalIsDistinctAudioOfAFewSeconds() throws Exception {
    HubConfig config = ConfigLoader.defaults();
    Set<String> seen = new HashSet<>();
    for (String level : new String[] {"blue", "yellow", "orange", "red"}) {
      byte[] wav = AttentionSignal.parse(config.alertSignal(level)).render(22050, 1).toWav();
      long ms = AudioProbe.probe(wav).durationMs();
      assertTrue(ms >= 500 && ms <= 4000, level + " lasts " + ms + " ms");
      assertTrue(seen.add(org.dalaba.hub.media.MediaFiles.sha256(wav)), level + " differs from the others");
    }
  }

  @Test
  void theSignalIsPutInFrontOfTheMessageInTheMessagesFormat() throws Exception {
    WavPcm message = AttentionSignal.parse("440x1000").render(16000, 2);
    WavPcm joined = AttentionSignal.parse("880x250,0x250").render(message.sampleRate(), message.channels()).then(message);
    WavPcm parsed = WavPcm.parse(joined.toWav());
    assertEquals(16000, parsed.sampleRate());
    assertEquals(2, parsed.channels());
    assertEquals(1500, parsed.durationMs());
    assertNotEquals(0, parsed.samples()[16000 * 2 * 2 / 10], "the signal sounds");
  }

  @Test
  void aBadDescriptionIsRefusedWithWhatIsWrong() {
    assertThrows(IllegalArgumentException.class, () -> AttentionSignal.parse("loud"));
    assertThrows(IllegalArgumentException.class, () -> AttentionSignal.parse("20x100"));
    assertThrows(IllegalArgumentException.class, () -> AttentionSignal.parse("440x20000"));
    HubConfig bad = ConfigLoader.defaults();
    assertThrows(org.dalaba.hub.config.ConfigException.class, () -> ConfigLoader.load(null,
        java.util.Map.of("DALABA_ALERT_SIGNAL_RED", "siren"), java.util.Map.of()), "a bad alert.signal.* stops start-up");
    assertEquals("500~1300x800,500~1300x800,500~1300x800,0x300", bad.raw(ConfigKey.ALERT_SIGNAL_RED));
  }

  @Test
  void aWavThatIsNotSixteenBitPcmIsNotJoined() {
    byte[] eightBit = AttentionSignal.parse("440x100").render(8000, 1).toWav();
    eightBit[34] = 8;
    assertThrows(WavPcm.NotPcmException.class, () -> WavPcm.parse(eightBit));
  }
}
