package org.dalaba.hub.alert;

import org.dalaba.hub.delivery.DeliveryState;

import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory working set of one active alert: the endpoints whose records are not final yet,
 * with when the hub last sent to them and how often. Touched only on the hub's context.
 */
final class OpenAlert {
  static final class Progress {
    DeliveryState state;
    long lastActivityAt;
    int sends;

    Progress(DeliveryState state, long lastActivityAt, int sends) {
      this.state = state;
      this.lastActivityAt = lastActivityAt;
      this.sends = sends;
    }
  }

  Alert alert;
  final Map<String, Progress> unfinished = new HashMap<>();
  long expiryTimer = -1;
  long closeTimer = -1;

  OpenAlert(Alert alert) {
    this.alert = alert;
  }
}
