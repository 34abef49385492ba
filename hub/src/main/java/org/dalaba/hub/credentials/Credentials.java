package org.dalaba.hub.credentials;

import java.util.Map;

/** Every MQTT secret the hub knows: one per endpoint, plus the hub's own and the monitor account's. */
public record Credentials(Map<String, String> endpointSecrets, String hubUsername, String hubPassword, String monitorPassword) {
  public static final String MONITOR_USERNAME = "monitor";

  public Credentials {
    endpointSecrets = Map.copyOf(endpointSecrets);
  }
}
