package org.dalaba.hub.access;

import org.dalaba.hub.directory.Directory;

/**
 * Who may use and who may change routine material (recordings, programmes), which belongs to the
 * scope of the user who made it: county material is usable by everyone, township material by the
 * township and its villages, village material by its village. Whoever's scope contains the material's
 * scope sees and may change it; whoever's scope lies inside it may only use it. Material stored before
 * scopes existed counts as county material: only county-level users may change it.
 */
public final class MaterialAccess {
  private MaterialAccess() {
  }

  /** Listed, readable, usable in a programme or schedule. */
  public static boolean usable(User user, Scope material, Directory directory) {
    return material.contains(user.scope(), directory) || user.scope().contains(material, directory);
  }

  /** Deletable (and, for schedules, pausable and editable). */
  public static boolean changeable(User user, Scope material, Directory directory) {
    return user.scope().contains(material, directory);
  }
}
