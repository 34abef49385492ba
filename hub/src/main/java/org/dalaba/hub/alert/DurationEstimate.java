package org.dalaba.hub.alert;

/** How long one reading of a text takes, for {@code durationMs} in commands. Never under 2 s. */
public record DurationEstimate(int msPerChar) {
  public long of(String title, String text) {
    int chars = title.codePointCount(0, title.length()) + text.codePointCount(0, text.length());
    return Math.max(2000L, (long) chars * msPerChar);
  }
}
