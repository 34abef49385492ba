package org.dalaba.hub.protocol;

/** Every MQTT topic of protocol version 1, built in one place (see docs/protocol.md, "Topics"). */
public final class Topics {
  public static final String ROOT = "dalaba/v1";
  public static final String CMD_ALL = ROOT + "/cmd/all";
  public static final String HUB_STATUS = ROOT + "/hub/status";
  /** What the hub subscribes to: every endpoint's reports. */
  public static final String ALL_REPORTS = ROOT + "/ep/+/+";
  static final String EP_PREFIX = ROOT + "/ep/";

  private Topics() {
  }

  public static String township(String townshipId) { return ROOT + "/cmd/township/" + townshipId; }

  public static String village(String villageId) { return ROOT + "/cmd/village/" + villageId; }

  public static String endpoint(String endpointId) { return ROOT + "/cmd/endpoint/" + endpointId; }

  public static String report(String endpointId, ReportKind kind) { return EP_PREFIX + endpointId + "/" + kind.segment; }
}
