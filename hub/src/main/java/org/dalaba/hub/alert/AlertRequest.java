package org.dalaba.hub.alert;

/** A validated request to send an alert; {@code expiresAt} is epoch milliseconds. */
public record AlertRequest(String title, String text, AlertLevel level, Targets targets, long expiresAt, int repeat) {
}
