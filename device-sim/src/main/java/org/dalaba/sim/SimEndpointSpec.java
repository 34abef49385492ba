package org.dalaba.sim;

import java.util.Objects;
import java.util.Set;

/**
 * Who one simulated endpoint is: its id (also MQTT client id and username), the groups it belongs to,
 * its MQTT password (may be empty for a broker that allows anonymous clients), and the capabilities it
 * announces ({@code text}, {@code audio}; null: the fleet's {@link FleetOptions#caps()}).
 */
public record SimEndpointSpec(String endpointId, String villageId, String townshipId, String password, Set<String> caps) {

  public SimEndpointSpec {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(villageId, "villageId");
    Objects.requireNonNull(townshipId, "townshipId");
    password = password == null ? "" : password;
    caps = caps == null ? null : Set.copyOf(caps);
  }

  public SimEndpointSpec(String endpointId, String villageId, String townshipId, String password) {
    this(endpointId, villageId, townshipId, password, null);
  }

  /** The same endpoint announcing other capabilities. */
  public SimEndpointSpec withCaps(Set<String> newCaps) {
    return new SimEndpointSpec(endpointId, villageId, townshipId, password, newCaps);
  }
}
