package org.dalaba.hub.media;

import org.dalaba.hub.access.MaterialAccess;
import org.dalaba.hub.access.User;
import org.dalaba.hub.directory.Directory;

/**
 * Who may see and use an item of the media library. Routine material follows {@link MaterialAccess#usable}; a live
 * session's recording (origin {@code live}) is a record of what was said to where, not material: only users whose
 * scope contains its creator's may list, read or use it (in a programme or an alert). Whoever the session reached
 * plays it by the session ({@code GET /api/v1/live/{id}/recording}). A county operator's session to one township
 * must not be heard, or put on the air, by another.
 */
public final class MediaAccess {
  static final String LIVE = "live";

  private MediaAccess() {
  }

  public static boolean usable(User user, MediaItem item, Directory directory) {
    return LIVE.equals(item.origin()) ? MaterialAccess.changeable(user, item.scope(), directory)
        : MaterialAccess.usable(user, item.scope(), directory);
  }
}
