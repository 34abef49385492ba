package org.dalaba.hub.protocol;

/** A validated heartbeat; {@code playing} is null when idle, {@code volume} -1 when not given. */
public record Heartbeat(String endpointId, long ts, String playing, int volume, long uptimeSeconds) {
}
