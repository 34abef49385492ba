package org.dalaba.sim;

/** Every MQTT topic of protocol version 1, in one place (see docs/protocol.md, "Topics"). */
public final class Topics {

  public static final String ROOT = "dalaba/v1";
  public static final String CMD_ALL = ROOT + "/cmd/all";
  public static final String HUB_STATUS = ROOT + "/hub/status";

  private Topics() {
  }

  public static String cmdTownship(String townshipId) {
    return ROOT + "/cmd/township/" + townshipId;
  }

  public static String cmdVillage(String villageId) {
    return ROOT + "/cmd/village/" + villageId;
  }

  public static String cmdEndpoint(String endpointId) {
    return ROOT + "/cmd/endpoint/" + endpointId;
  }

  public static String status(String endpointId) {
    return ROOT + "/ep/" + endpointId + "/status";
  }

  public static String heartbeat(String endpointId) {
    return ROOT + "/ep/" + endpointId + "/heartbeat";
  }

  public static String receipt(String endpointId) {
    return ROOT + "/ep/" + endpointId + "/receipt";
  }
}
