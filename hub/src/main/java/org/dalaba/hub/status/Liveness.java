package org.dalaba.hub.status;

/**
 * Whether the hub believes an endpoint can play what it is sent (docs/protocol.md, "Liveness").
 * ONLINE: a live connection announced by the endpoint's {@code online} status, heard from within three
 * heartbeat intervals. STALE: announced online, but silent for longer; the connection may be dead without
 * the broker knowing yet. OFFLINE: it said so, its last will said so, or its announcing connection closed.
 */
public enum Liveness {
  ONLINE, STALE, OFFLINE;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** @return the state with this wire name; a stored record from before this field existed is read by {@code online} */
  static Liveness parse(String wire, boolean online) {
    if (wire == null) {
      return online ? ONLINE : OFFLINE;
    }
    return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
  }
}
