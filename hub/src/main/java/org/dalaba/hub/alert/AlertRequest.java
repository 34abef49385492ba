package org.dalaba.hub.alert;

/**
 * A validated request to send an alert; {@code expiresAt} is epoch milliseconds; {@code exercise}: a drill (演练).
 */
public record AlertRequest(String title, String text, AlertLevel level, Targets targets, long expiresAt, int repeat,
                           boolean exercise) {
  public AlertRequest(String title, String text, AlertLevel level, Targets targets, long expiresAt, int repeat) {
    this(title, text, level, targets, expiresAt, repeat, false);
  }
}
