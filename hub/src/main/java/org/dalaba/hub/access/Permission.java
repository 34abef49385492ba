package org.dalaba.hub.access;

/** One thing a role may do; the API checks it before touching anything. */
public enum Permission {
  /** see villages, alerts and their outcomes within the scope */
  VIEW,
  /** send and cancel alerts within the scope */
  SEND_ALERTS,
  /** routine programmes and schedules within the scope */
  PROGRAMMES,
  /** users, directory import, endpoint credentials, the audit log */
  ADMINISTER;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
