package org.dalaba.sim.endpoint;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The endpoint's idea of the hub's time: its own clock plus an offset measured from the {@code Date}
 * header of the hub's media server (RFC 9110, one-second resolution): offset = Date + 0.5 s − the middle of
 * the request. A box without a real-time clock that booted in 1970 is right after its first media request
 * (or the probe {@code --hub-url} makes at start and every 10 minutes). Expiry, lateness, receipt times
 * and scheduled plays all use {@link #now()}. Offsets under 1.5 s are ignored (within the header's resolution).
 */
public final class HubClock {

  private static final long IGNORE_BELOW_MS = 1_500;

  private volatile long offsetMs;
  private volatile long measuredAt;

  public long now() {
    return System.currentTimeMillis() + offsetMs;
  }

  public long offsetMs() {
    return offsetMs;
  }

  /** When the offset was last measured (local epoch ms), 0 never. */
  public long measuredAt() {
    return measuredAt;
  }

  /** One sample: the {@code Date} header of a response to a request sent at {@code sentAt} and answered at {@code receivedAt}. */
  public void sample(String dateHeader, long sentAt, long receivedAt) {
    if (dateHeader == null) {
      return;
    }
    long hub;
    try {
      hub = ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() + 500;
    } catch (RuntimeException e) {
      return;
    }
    long local = sentAt + (receivedAt - sentAt) / 2;
    long offset = hub - local;
    offsetMs = Math.abs(offset) < IGNORE_BELOW_MS ? 0 : offset;
    measuredAt = receivedAt;
  }
}
