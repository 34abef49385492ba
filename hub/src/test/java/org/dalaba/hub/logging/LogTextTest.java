package org.dalaba.hub.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void lineBreaksAndControlCharactersBecomeEscapes() {
    assertEquals("a\\nb\\r\\tc\\u001b[2J\\\\", LogText.of("a\nb\r\tc\u001b[2J\\"));
    assertEquals("\\u2028", LogText.of("\u2028"));
    assertEquals("暴雪红色预警", LogText.of("暴雪红色预警"));
    assertEquals("null", LogText.of(null));
  }

  @Test
  void longInputIsCutAndSaysHowLongItWas() {
    String cut = LogText.of("x".repeat(500_000));
    assertTrue(cut.length() < 230, cut.length() + " chars");
    assertTrue(cut.endsWith("…(500000 chars)"), cut);
  }
}
