package org.dalaba.hub.status;

import java.util.function.Consumer;
import org.dalaba.hub.protocol.DeviceReportRouter;
import org.dalaba.hub.protocol.EndpointStatusReport;
import org.dalaba.hub.protocol.Heartbeat;
import org.dalaba.hub.protocol.Receipt;

/**
 * Where each kind of endpoint report goes, in the order that matters: a status updates the endpoint's capabilities
 * before its liveness (going online triggers a catch-up, which reads the capabilities); a receipt counts as hearing
 * from the endpoint, then is applied to its delivery record.
 */
public final class EndpointReports {
  private final Consumer<EndpointStatusReport> capabilities;
  private final Consumer<EndpointStatusReport> liveness;
  private final Consumer<Heartbeat> heartbeats;
  private final Consumer<String> heardFrom;
  private final Consumer<Receipt> receipts;

  EndpointReports(Consumer<EndpointStatusReport> capabilities, Consumer<EndpointStatusReport> liveness,
                  Consumer<Heartbeat> heartbeats, Consumer<String> heardFrom, Consumer<Receipt> receipts) {
    this.capabilities = capabilities;
    this.liveness = liveness;
    this.heartbeats = heartbeats;
    this.heardFrom = heardFrom;
    this.receipts = receipts;
  }

  /** @param receipts applies a receipt to its delivery record */
  public EndpointReports(EndpointCaps caps, EndpointStatusTracker status, Consumer<Receipt> receipts) {
    this(caps::onStatus, status::onStatus, status::onHeartbeat, status::heardFrom, receipts);
  }

  /** Routes every parsed report of {@code router} here. */
  public void routeFrom(DeviceReportRouter router) {
    router.onStatus(this::onStatus).onHeartbeat(heartbeats).onReceipt(this::onReceipt);
  }

  void onStatus(EndpointStatusReport report) {
    capabilities.accept(report);
    liveness.accept(report);
  }

  void onReceipt(Receipt receipt) {
    heardFrom.accept(receipt.endpointId());
    receipts.accept(receipt);
  }
}
