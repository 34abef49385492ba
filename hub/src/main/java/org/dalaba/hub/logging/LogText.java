package org.dalaba.hub.logging;

/**
 * Makes text from users and devices safe to put in a log line: line breaks and other control
 * characters are written as escapes ({@code \n}, {@code \u001b}), so input cannot forge a log line or
 * drive a terminal, and long input is cut (a log is not a place to store what an attacker sent).
 */
public final class LogText {
  public static final int MAX_CHARS = org.dalaba.hub.config.Limits.LOG_TEXT_CHARS;

  private LogText() {
  }

  public static String of(Object value) {
    if (value == null) {
      return "null";
    }
    String text = String.valueOf(value);
    StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
    int end = Math.min(text.length(), MAX_CHARS);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> safe.append("\\n");
        case '\r' -> safe.append("\\r");
        case '\t' -> safe.append("\\t");
        case '\\' -> safe.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            safe.append(String.format("\\u%04x", (int) c));
          } else {
            safe.append(c);
          }
        }
      }
    }
    if (text.length() > MAX_CHARS) {
      safe.append("…(").append(text.length()).append(" chars)");
    }
    return safe.toString();
  }
}
