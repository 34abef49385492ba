package org.dalaba.hub.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Epoch milliseconds as ISO-8601 in the county's zone (e.g. 2026-11-25T20:00:00.123+08:00); 0 → null. */
public record Times(ZoneId zone) {
  public String iso(long epochMillis) {
    return epochMillis <= 0 ? null
        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }
}
