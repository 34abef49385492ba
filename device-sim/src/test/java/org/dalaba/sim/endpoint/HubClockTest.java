package org.dalaba.sim.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** A box without a real-time clock takes the hub's time from the media server's Date header. */
class HubClockTest {

  static String date(long epochMs) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC));
  }

  @Test
  void aBoxAnHourSlowIsCorrected() {
    HubClock clock = new HubClock();
    long local = System.currentTimeMillis();
    clock.sample(date(local + 3_600_000), local - 50, local + 50);
    assertTrue(Math.abs(clock.offsetMs() - 3_600_000) <= 1_000, "offset " + clock.offsetMs());
    assertTrue(Math.abs(clock.now() - (System.currentTimeMillis() + 3_600_000)) <= 1_100);
  }

  @Test
  void lessThanTheHeadersResolutionIsLeftAlone() {
    HubClock clock = new HubClock();
    long local = System.currentTimeMillis();
    clock.sample(date(local), local, local + 20);
    assertEquals(0, clock.offsetMs());
    clock.sample("not a date", local, local);
    assertEquals(0, clock.offsetMs());
  }
}
