package org.dalaba.hub.alert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.protocol.Topics;

/**
 * The endpoints a set of targets reaches, and the fewest command topics that reach exactly them:
 * the county topic when every township is covered, a township topic when all its villages are, and
 * village topics for the rest. Ids are assumed valid (checked by the request validator).
 */
public record Coverage(List<String> topics, List<String> endpointIds) {

  /** The villages the targets cover. */
  public static Set<String> villageIds(Targets targets, Directory directory) {
    Set<String> villageIds = new LinkedHashSet<>();
    if (targets.all()) {
      villageIds.addAll(directory.villages().keySet());
    } else {
      for (String townshipId : targets.townships()) {
        directory.township(townshipId).ifPresent(t -> t.villages().forEach(v -> villageIds.add(v.id())));
      }
      villageIds.addAll(targets.villages());
    }
    return villageIds;
  }

  public static Coverage of(Targets targets, Directory directory) {
    Set<String> villageIds = villageIds(targets, directory);
    List<String> topics = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    List<Township> townships = directory.townships();
    boolean wholeCounty = townships.stream().allMatch(t -> coversAll(t, villageIds));
    if (wholeCounty) {
      topics.add(Topics.CMD_ALL);
    }
    for (Township township : townships) {
      boolean wholeTownship = coversAll(township, villageIds);
      if (wholeTownship && !wholeCounty) {
        topics.add(Topics.township(township.id()));
      }
      for (Village village : township.villages()) {
        if (!villageIds.contains(village.id())) {
          continue;
        }
        if (!wholeTownship) {
          topics.add(Topics.village(village.id()));
        }
        village.endpoints().stream().map(Endpoint::id).forEach(endpoints::add);
      }
    }
    return new Coverage(topics, endpoints);
  }

  private static boolean coversAll(Township township, Set<String> villageIds) {
    return !township.villages().isEmpty() && township.villages().stream().allMatch(v -> villageIds.contains(v.id()));
  }
}
