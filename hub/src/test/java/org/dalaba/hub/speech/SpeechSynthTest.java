package org.dalaba.hub.speech;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SpeechSynthTest {
  @Test
  void withoutEspeakTextItemsStayText() throws Exception {
    // GIVEN a hub whose espeak-ng is not installed
    SpeechSynth speech = new SpeechSynth(null, () -> false, null, null, "/nonexistent/espeak-ng", "cmn-latn-pinyin");
    // THEN it says so, and speaking gives no recording (the item goes out as text)
    assertFalse(speech.available());
    assertNull(speech.speak("今天白天晴。", new org.dalaba.hub.access.User("admin", "", org.dalaba.hub.access.Role.ADMIN, org.dalaba.hub.access.Scope.COUNTY, 0), null).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
  }
}
