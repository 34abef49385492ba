package org.dalaba.hub.protocol;

/** Every MQTT topic of protocol version 1, built in one place (see docs/protocol.md, "Topics"). */
public final class Topics {
  public static final String ROOT = "dalaba/v1";
  public static final String CMD_ALL = ROOT + "/cmd/all";
  public static final String HUB_STATUS = ROOT + "/hub/status";
  /** Every hub instance reads every status and heartbeat: each keeps its own picture of who is online. */
  public static final String ALL_STATUS = ROOT + "/ep/+/status";
  public static final String ALL_HEARTBEATS = ROOT + "/ep/+/heartbeat";
  public static final String ALL_RECEIPTS = ROOT + "/ep/+/receipt";
  static final String EP_PREFIX = ROOT + "/ep/";

  private Topics() {
  }

  public static String township(String townshipId) { return ROOT + "/cmd/township/" + townshipId; }

  public static String village(String villageId) { return ROOT + "/cmd/village/" + villageId; }

  public static String endpoint(String endpointId) { return ROOT + "/cmd/endpoint/" + endpointId; }

  /** Receipts are shared between hub instances: the broker gives each receipt to one of them. */
  public static String sharedReceipts(String group) { return "$share/" + group + "/" + ALL_RECEIPTS; }

  /**
   * The filter a hub takes receipts with. On an external broker several hubs split them through a shared
   * subscription. The embedded broker lives and dies with its one hub, so that hub subscribes plainly: HiveMQ
   * CE's in-memory shared-subscription queue removes every acknowledged message by scanning the whole queue,
   * which made an alert to 10,000 endpoints spend 70% of the hub's CPU there (docs/performance.md).
   */
  public static String receiptFilter(boolean externalBroker, String sharedGroup) {
    return externalBroker ? sharedReceipts(sharedGroup) : ALL_RECEIPTS;
  }

  public static String report(String endpointId, ReportKind kind) { return EP_PREFIX + endpointId + "/" + kind.segment; }
}
