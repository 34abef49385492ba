package org.dalaba.hub.alert;

import java.util.Set;
import org.dalaba.hub.api.ApiError;
import org.dalaba.hub.directory.Directory;

/**
 * Which villages an operator may target: the whole county, or the villages of one township, or one
 * village (the console issue adds township and village operators). Today every user is county-wide.
 */
public record TargetScope(Set<String> villageIds) {
  private static final TargetScope COUNTY = new TargetScope(null);

  public static TargetScope countyWide() { return COUNTY; }

  /** The scope of a user with this role (every role is county-wide until roles arrive). */
  public static TargetScope of(String role) {
    return COUNTY;
  }

  /** Throws a 403 naming the first village of the targets outside this scope. */
  public void check(Targets targets, Directory directory) {
    if (villageIds == null) {
      return;
    }
    for (String village : Coverage.villageIds(targets, directory)) {
      if (!villageIds.contains(village)) {
        throw new ApiError(403, "forbidden", "targets", "targets：您无权向该村广播：" + village,
            "targets: you may not broadcast to village " + village);
      }
    }
  }
}
