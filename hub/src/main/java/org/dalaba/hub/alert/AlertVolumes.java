package org.dalaba.hub.alert;

import java.util.EnumMap;
import java.util.Map;

/**
 * The volume each level is played at (docs/protocol.md, "alert": {@code volume}): the endpoint sets it for the
 * alert's playback and restores its own volume afterwards, so an alert is never lost to a speaker left quiet.
 */
public final class AlertVolumes {
  private final Map<AlertLevel, Integer> volumes = new EnumMap<>(AlertLevel.class);

  public AlertVolumes(int blue, int yellow, int orange, int red) {
    volumes.put(AlertLevel.BLUE, blue);
    volumes.put(AlertLevel.YELLOW, yellow);
    volumes.put(AlertLevel.ORANGE, orange);
    volumes.put(AlertLevel.RED, red);
    volumes.values().forEach(v -> {
      if (v < 0 || v > 100) {
        throw new IllegalArgumentException("an alert volume must be 0-100, got " + v);
      }
    });
  }

  /** The protocol defaults: blue 70, yellow 80, orange 90, red 100. */
  public static AlertVolumes defaults() {
    return new AlertVolumes(70, 80, 90, 100);
  }

  public int of(AlertLevel level) {
    return volumes.get(level);
  }

  /** The alert's command as endpoints receive it: its own fields and its level's forced volume. */
  public io.vertx.core.json.JsonObject command(Alert alert) {
    return alert.command().put("volume", of(alert.level()));
  }
}
