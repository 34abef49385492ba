package org.dalaba.hub.schedule;

/**
 * What happens to a routine programme an alert interrupted on an endpoint, once the alert has ended
 * there: play the rest from where it stopped, play it again from the start, or drop it.
 */
public enum PreemptPolicy {
  RESUME("resumed"), RESTART("restarted"), DROP("dropped");

  /** What the delivery record notes when the policy was applied. */
  public final String outcome;

  PreemptPolicy(String outcome) {
    this.outcome = outcome;
  }

  public String wire() { return name().toLowerCase(); }
}
