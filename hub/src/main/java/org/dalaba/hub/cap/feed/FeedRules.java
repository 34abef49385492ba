package org.dalaba.hub.cap.feed;

import java.util.Set;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Village;

/** Chooses what a source's rules do with a warning: the first rule whose levels and areas match, else the source's {@code otherwise}. */
final class FeedRules {
  /** @param rule the 1-based number of the rule that decided, 0 for {@code otherwise} */
  record Decision(FeedSource.Action action, int rule) {
  }

  private FeedRules() {
  }

  static Decision decide(FeedSource source, AlertLevel level, Targets targets, Directory dir) {
    Set<String> villages = Coverage.villageIds(targets, dir);
    for (int i = 0; i < source.rules().size(); i++) {
      FeedSource.Rule rule = source.rules().get(i);
      if ((rule.levels().isEmpty() || rule.levels().contains(level)) && within(villages, rule.areas(), dir)) {
        return new Decision(rule.action(), i + 1);
      }
    }
    return new Decision(source.otherwise(), 0);
  }

  /** Every village lies in one of the areas (the county's code, a township's or a village's id); no areas: anywhere. */
  private static boolean within(Set<String> villages, Set<String> areas, Directory dir) {
    if (areas.isEmpty() || areas.contains(dir.countyId())) {
      return true;
    }
    for (String id : villages) {
      Village village = dir.village(id).orElse(null);
      if (village == null || !areas.contains(id) && !areas.contains(village.townshipId())) {
        return false;
      }
    }
    return !villages.isEmpty();
  }
}
