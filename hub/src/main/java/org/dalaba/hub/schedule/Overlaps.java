package org.dalaba.hub.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds where a new or changed schedule would play at the same time as another one on a shared village:
 * both schedules' fires over a horizon, each lasting its programme's duration, compared pairwise.
 */
public final class Overlaps {
  /** A schedule with its programme's length and the villages its targets cover. */
  public record Candidate(Schedule schedule, long durationMs, Set<String> villages) {
  }

  /** {@code at}: the new schedule's fire; {@code otherAt}: the other's fire it collides with. */
  public record Overlap(String scheduleId, String scheduleName, Instant at, Instant otherAt, int sharedVillages) {
  }

  private static final int MAX_FIRES = org.dalaba.hub.config.Limits.OVERLAP_FIRES;

  private Overlaps() {
  }

  public static List<Overlap> find(Candidate candidate, List<Candidate> others, Instant from, Duration horizon, int maxReported) {
    List<Overlap> found = new ArrayList<>();
    Instant to = from.plus(horizon);
    List<Instant> mine = FireTimes.between(candidate.schedule(), from, to, MAX_FIRES);
    for (Candidate other : others) {
      if (other.schedule().id().equals(candidate.schedule().id()) || other.schedule().paused()) {
        continue;
      }
      Set<String> shared = new HashSet<>(candidate.villages());
      shared.retainAll(other.villages());
      if (shared.isEmpty()) {
        continue;
      }
      List<Instant> theirs = FireTimes.between(other.schedule(), from.minusMillis(other.durationMs()), to, MAX_FIRES);
      int j = 0;
      for (Instant a : mine) {
        Instant aEnd = a.plusMillis(candidate.durationMs());
        while (j < theirs.size() && !theirs.get(j).plusMillis(other.durationMs()).isAfter(a)) {
          j++; // ends before this fire starts, and before every later one
        }
        if (j < theirs.size() && theirs.get(j).isBefore(aEnd)) {
          found.add(new Overlap(other.schedule().id(), other.schedule().name(), a, theirs.get(j), shared.size()));
          if (found.size() >= maxReported) {
            return found;
          }
        }
      }
    }
    return found;
  }
}
