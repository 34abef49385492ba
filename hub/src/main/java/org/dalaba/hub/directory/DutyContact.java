package org.dalaba.hub.directory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A person to phone about a village when its speakers cannot be reached: a village cadre (村干部), a grid
 * worker (网格员)… The directory's optional {@code contacts} list; the village's {@link Contact} stays
 * its main one. {@code channels} (the directory's {@code notify} field) names the notification channels (ids of {@code notify.channels} in the hub's
 * configuration, e.g. {@code ["sms", "wecom-qingyun"]}) escalation reaches this person through; empty: phone only.
 */
public record DutyContact(String name, String role, String phone, List<String> channels) {
  public static final int MAX_PER_VILLAGE = org.dalaba.hub.config.Limits.CONTACTS_PER_VILLAGE;
  public static final int MAX_NAME = org.dalaba.hub.config.Limits.CONTACT_NAME_CHARS;
  public static final int MAX_ROLE = org.dalaba.hub.config.Limits.CONTACT_ROLE_CHARS;
  public static final int MAX_CHANNELS = org.dalaba.hub.config.Limits.CONTACT_CHANNELS;
  /** Digits with the usual separators, an extension (#, *) or a leading +; 3 to 30 characters. */
  static final Pattern PHONE = Pattern.compile("[+]?[0-9][0-9 ()#*-]{1,28}[0-9#*]");
  /** A channel id: lower-case letters, digits, - and _, 1 to 32 characters (the same rule as notify.channels ids). */
  public static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  public DutyContact {
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** A contact reached by phone only. */
  public DutyContact(String name, String role, String phone) {
    this(name, role, phone, List.of());
  }

  /** The phone number as digits (and a leading +) only, as SMS gateways and group robots want it. */
  public String dialable() {
    return phone.replaceAll("[^0-9+#*]", "");
  }
}
