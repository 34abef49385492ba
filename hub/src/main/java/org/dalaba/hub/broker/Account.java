package org.dalaba.hub.broker;

/**
 * Who is on the other end of an MQTT connection, as decided at CONNECT from the username.
 * For an endpoint, {@code endpointId}, {@code villageId} and {@code townshipId} say which topics it owns.
 */
public record Account(Kind kind, String username, String endpointId, String villageId, String townshipId) {
  public enum Kind { HUB, MONITOR, ENDPOINT }

  public static Account hub(String username) { return new Account(Kind.HUB, username, null, null, null); }

  public static Account monitor(String username) { return new Account(Kind.MONITOR, username, null, null, null); }

  public static Account endpoint(String endpointId, String villageId, String townshipId) {
    return new Account(Kind.ENDPOINT, endpointId, endpointId, villageId, townshipId);
  }
}
