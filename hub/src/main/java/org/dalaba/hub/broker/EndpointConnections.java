package org.dalaba.hub.broker;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Which open connection announced each endpoint online, on the embedded broker, so that the hub knows when that
 * connection closes even if the endpoint never published {@code offline} (a clean DISCONNECT sends no last will).
 *
 * <p>Broker threads call {@link #announced}, {@link #withdrawn} and {@link #closed}; a connection is named by a
 * token unique to it, so a reconnect with the same client id (HiveMQ closes the old connection) is not mistaken for
 * the new one. The announcement is recorded before the broker routes the status, so by the time the hub reads the
 * status from its subscription, {@link #isAnnounced} already knows whether that connection has closed since.
 */
public final class EndpointConnections {
  private record Announcement(String connection, String clientId) {
  }

  private final Map<String, Announcement> byEndpoint = new ConcurrentHashMap<>();
  private volatile Executor executor;
  private volatile Consumer<String> onClosed;

  /** Tells {@code listener}, on {@code executor}, the endpoint id whose announcing connection closed. */
  public void attach(Executor executor, Consumer<String> listener) {
    this.onClosed = listener;
    this.executor = executor;
  }

  public void detach() {
    executor = null;
    onClosed = null;
  }

  /** Whether a connection that announced this endpoint online is still open. */
  public boolean isAnnounced(String endpointId) {
    return byEndpoint.containsKey(endpointId);
  }

  /** Called on a broker thread: connection {@code connection} of {@code clientId} published an {@code online} status. */
  void announced(String endpointId, String clientId, String connection) {
    byEndpoint.put(endpointId, new Announcement(connection, clientId));
  }

  /** Called on a broker thread: that connection published an {@code offline} status itself. */
  void withdrawn(String endpointId, String connection) {
    byEndpoint.computeIfPresent(endpointId, (id, a) -> a.connection().equals(connection) ? null : a);
  }

  /** Called on a broker thread when a connection ends, however it ended. */
  void closed(String endpointId, String connection) {
    if (endpointId == null || connection == null) {
      return;
    }
    Announcement current = byEndpoint.get(endpointId);
    boolean removed = current != null && current.connection().equals(connection) && byEndpoint.remove(endpointId, current);
    Executor target = executor;
    Consumer<String> listener = onClosed;
    if (removed && target != null && listener != null) {
      target.execute(() -> listener.accept(endpointId));
    }
  }

  @Override
  public String toString() {
    return "EndpointConnections" + Objects.toString(byEndpoint.keySet());
  }
}
