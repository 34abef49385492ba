package org.dalaba.hub.directory;

import java.util.regex.Pattern;

/**
 * A person to phone about a village when its speakers cannot be reached: a village cadre (村干部), a grid
 * worker (网格员)… The directory's optional {@code contacts} list; the village's {@link Contact} stays
 * its main one.
 */
public record DutyContact(String name, String role, String phone) {
  public static final int MAX_PER_VILLAGE = org.dalaba.hub.config.Limits.CONTACTS_PER_VILLAGE;
  public static final int MAX_NAME = org.dalaba.hub.config.Limits.CONTACT_NAME_CHARS;
  public static final int MAX_ROLE = org.dalaba.hub.config.Limits.CONTACT_ROLE_CHARS;
  /** Digits with the usual separators, an extension (#, *) or a leading +; 3 to 30 characters. */
  static final Pattern PHONE = Pattern.compile("[+]?[0-9][0-9 ()#*-]{1,28}[0-9#*]");
}
