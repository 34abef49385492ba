package org.dalaba.hub.broker;

/**
 * The topic names the broker side needs, in one place. A stand-in for {@code org.dalaba.hub.protocol.Topics}
 * (see docs/protocol.md, "Topics"); to be merged with it.
 */
final class BrokerTopics {
  /** The versioned root of protocol version 1. */
  static final String ROOT = "dalaba/v1";
  /** Every topic of the protocol starts with this. */
  static final String ROOT_PREFIX = ROOT + "/";
  /** The wider namespace the hub account owns (all protocol versions). */
  static final String NAMESPACE_FILTER = "dalaba/#";
  static final String ALL_FILTER = ROOT + "/#";
  static final String CMD_ALL = ROOT + "/cmd/all";
  static final String HUB_STATUS = ROOT + "/hub/status";
  /** The last segments of an endpoint's own report topics. */
  static final String[] REPORT_KINDS = {"status", "heartbeat", "receipt"};

  private static final String CMD_TOWNSHIP = ROOT + "/cmd/township/";
  private static final String CMD_VILLAGE = ROOT + "/cmd/village/";
  private static final String CMD_ENDPOINT = ROOT + "/cmd/endpoint/";
  private static final String EP_PREFIX = ROOT + "/ep/";

  private BrokerTopics() {
  }

  static String township(String townshipId) { return CMD_TOWNSHIP + townshipId; }

  static String village(String villageId) { return CMD_VILLAGE + villageId; }

  static String endpoint(String endpointId) { return CMD_ENDPOINT + endpointId; }

  static String report(String endpointId, String kind) { return EP_PREFIX + endpointId + "/" + kind; }

  /** {@code dalaba/v1/ep/{endpointId}/}, the prefix of one endpoint's report topics. */
  static String reportPrefix(String endpointId) { return EP_PREFIX + endpointId + "/"; }
}
