package org.dalaba.hub.delivery;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One command in flight in the leader's tracker: what it is ({@code subject}, the policy's own object, e.g. an
 * alert), the policy that knows its rules, and every endpoint that has not reached a final state yet.
 * Touched only on the hub's context.
 */
public final class Flight<T> {
  private final String id;
  private final DeliveryPolicy<T> policy;
  private T subject;
  final Map<String, Progress> unfinished = new HashMap<>();
  long expiryTimer = -1;
  long closeTimer = -1;
  private boolean closing;

  Flight(String id, DeliveryPolicy<T> policy, T subject) {
    this.id = id;
    this.policy = policy;
    this.subject = subject;
  }

  public String id() { return id; }

  public DeliveryPolicy<T> policy() { return policy; }

  public T subject() { return subject; }

  /** The subject changed (e.g. an alert got its voiced audio): re-sends and catch-up send the new one. */
  public void subject(T changed) { this.subject = changed; }

  /** @return the endpoint's progress, or null when its record is final (or it was never a target) */
  public Progress progress(String endpointId) { return unfinished.get(endpointId); }

  public Set<String> unfinishedEndpoints() { return Collections.unmodifiableSet(unfinished.keySet()); }

  /** Whether the command has reached the endpoint and not ended there yet (it plays it or holds it queued). */
  public boolean holds(String endpointId) {
    Progress progress = unfinished.get(endpointId);
    return progress != null && progress.state != DeliveryState.PENDING;
  }

  /** True once the close time has come: whatever is still open is being closed. */
  public boolean isClosing() { return closing; }

  void closing() { closing = true; }
}
