package org.dalaba.hub.protocol;

/** A validated status message; {@code volume} is -1 when not given. */
public record EndpointStatusReport(String endpointId, boolean online, long ts, String firmware, int volume, String reason) {
}
