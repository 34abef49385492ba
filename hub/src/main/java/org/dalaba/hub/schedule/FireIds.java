package org.dalaba.hub.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.dalaba.hub.media.MediaFiles;

/**
 * Command ids of routine broadcasts. A fire's id is derived from its schedule and time, so every hub
 * instance names the same fire alike: {@code r-20261125-0630-3f9a0c1d}; its prefetch is {@code f-…},
 * and a re-sent remainder after preemption {@code r-….p1}, {@code r-….p2}.
 */
final class FireIds {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");

  private FireIds() {
  }

  static String of(String scheduleId, long fireAt, ZoneId zone) {
    String hash = MediaFiles.sha256((scheduleId + ":" + fireAt).getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return "r-" + LOCAL.format(Instant.ofEpochMilli(fireAt).atZone(zone)) + "-" + hash;
  }

  static String resumed(String fireId, int n) {
    return fireId + ".p" + n;
  }

  /** Which segment of a fire a play command id is: 0 the fire's own play, N its resumed segment {@code .pN}. */
  static int segmentOf(String commandId) {
    return numberAfter(commandId, ".p");
  }

  /** The number after the last {@code marker} in a command id ({@code .p2} → 2), 0 when there is none. */
  static int numberAfter(String commandId, String marker) {
    int at = commandId.lastIndexOf(marker);
    if (at < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(commandId.substring(at + marker.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The fire a play command id belongs to (strips a {@code .pN} suffix). */
  static String fireOf(String commandId) {
    int dot = commandId.indexOf('.');
    return dot < 0 ? commandId : commandId.substring(0, dot);
  }
}
