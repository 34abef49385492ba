package org.dalaba.hub.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

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
   * What a hub subscribes to, with the QoS of each. On an external broker: every status and heartbeat, and a
   * share of the receipts (several hubs split them). On the embedded broker only the statuses (they include the
   * last wills the broker publishes); receipts and heartbeats come in-process (broker.ReportTap).
   */
  public static Map<String, Integer> hubSubscriptions(boolean externalBroker, String sharedGroup) {
    Map<String, Integer> filters = new LinkedHashMap<>();
    filters.put(ALL_STATUS, 1);
    if (externalBroker) {
      filters.put(ALL_HEARTBEATS, 0);
      filters.put(sharedReceipts(sharedGroup), 1);
    }
    return filters;
  }

  public static String report(String endpointId, ReportKind kind) { return EP_PREFIX + endpointId + "/" + kind.segment; }
}
