package org.dalaba.hub.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to do with fires that passed while nobody fired them (the hub was down): the latest one is still
 * played if it is inside the grace window; every other one is recorded as missed. Never a burst.
 */
public record MissedFires(Optional<Instant> playNow, List<Instant> missed) {

  /** @param due fires not handled yet, oldest first, all at or before {@code now} */
  public static MissedFires decide(List<Instant> due, Instant now, Duration grace) {
    if (due.isEmpty()) {
      return new MissedFires(Optional.empty(), List.of());
    }
    Instant latest = due.get(due.size() - 1);
    boolean inGrace = !latest.isBefore(now.minus(grace));
    List<Instant> missed = new ArrayList<>(inGrace ? due.subList(0, due.size() - 1) : due);
    return new MissedFires(inGrace ? Optional.of(latest) : Optional.empty(), List.copyOf(missed));
  }
}
