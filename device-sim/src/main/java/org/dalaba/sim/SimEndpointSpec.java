package org.dalaba.sim;

import java.util.Objects;

/**
 * Who one simulated endpoint is: its id (also MQTT client id and username), the groups it belongs to,
 * and its MQTT password (may be empty for a broker that allows anonymous clients).
 */
public record SimEndpointSpec(String endpointId, String villageId, String townshipId, String password) {

  public SimEndpointSpec {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(villageId, "villageId");
    Objects.requireNonNull(townshipId, "townshipId");
    password = password == null ? "" : password;
  }
}
