package org.dalaba.hub.directory;

import java.util.List;

/** A township (乡镇): a 9-digit division code, a name and its villages. */
public record Township(String id, String name, boolean sample, List<Village> villages) {
  public Township {
    villages = List.copyOf(villages);
  }
}
