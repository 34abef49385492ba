package org.dalaba.hub.alert;

/**
 * A validated request to send an alert; {@code expiresAt} is epoch milliseconds. {@code exercise}: a drill, marked as
 * one through to the speakers and the history. {@code meta}: its source and links (a CAP import's), never null.
 */
public record AlertRequest(String title, String text, AlertLevel level, Targets targets, long expiresAt, int repeat,
                           boolean exercise, AlertMeta meta) {
  public AlertRequest {
    meta = meta == null ? AlertMeta.console() : meta;
  }

  /** Typed in at the console, a real alert. */
  public AlertRequest(String title, String text, AlertLevel level, Targets targets, long expiresAt, int repeat) {
    this(title, text, level, targets, expiresAt, repeat, false, AlertMeta.console());
  }

  public AlertRequest(String title, String text, AlertLevel level, Targets targets, long expiresAt, int repeat,
                      boolean exercise) {
    this(title, text, level, targets, expiresAt, repeat, exercise, AlertMeta.console());
  }
}
