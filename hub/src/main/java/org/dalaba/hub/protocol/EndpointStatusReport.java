package org.dalaba.hub.protocol;

/**
 * A validated status message; {@code volume} is -1 when not given; {@code caps} the capabilities it
 * announced ({@code text}, {@code audio}; unknown ones dropped), or null when it announced none.
 */
public record EndpointStatusReport(String endpointId, boolean online, long ts, String firmware, int volume, String reason,
                                   java.util.Set<String> caps) {
  public EndpointStatusReport(String endpointId, boolean online, long ts, String firmware, int volume, String reason) {
    this(endpointId, online, ts, firmware, volume, reason, null);
  }
}
