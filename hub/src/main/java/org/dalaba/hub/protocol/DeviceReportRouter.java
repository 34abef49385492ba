package org.dalaba.hub.protocol;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.dalaba.hub.mqtt.ReportHandler;

/**
 * Every message an endpoint publishes goes through one straight chain: parse the topic → check the
 * endpoint is in the directory → validate the payload → hand it to the handler for its kind. Any
 * failure is counted and logged by {@link DeviceErrors} and goes no further. Runs on the hub's context.
 */
public final class DeviceReportRouter implements ReportHandler {
  private final DeviceMessageParser parser;
  private final DeviceErrors errors;
  private final Predicate<String> knownEndpoint;
  private final Map<ReportKind, BiConsumer<String, byte[]>> routes = new EnumMap<>(ReportKind.class);

  public DeviceReportRouter(DeviceMessageParser parser, DeviceErrors errors, Predicate<String> knownEndpoint) {
    this.parser = parser;
    this.errors = errors;
    this.knownEndpoint = knownEndpoint;
  }

  public DeviceReportRouter onStatus(java.util.function.Consumer<EndpointStatusReport> handler) {
    routes.put(ReportKind.STATUS, (id, payload) -> handler.accept(parser.status(id, payload)));
    return this;
  }

  public DeviceReportRouter onHeartbeat(java.util.function.Consumer<Heartbeat> handler) {
    routes.put(ReportKind.HEARTBEAT, (id, payload) -> handler.accept(parser.heartbeat(id, payload)));
    return this;
  }

  public DeviceReportRouter onReceipt(java.util.function.Consumer<Receipt> handler) {
    routes.put(ReportKind.RECEIPT, (id, payload) -> handler.accept(parser.receipt(id, payload)));
    return this;
  }

  @Override
  public void onReport(String topic, byte[] payload) {
    ReportTopic parsed = ReportTopic.parse(topic);
    try {
      BiConsumer<String, byte[]> route = routes.get(parsed.kind());
      if (route == null) {
        throw new DeviceMessageException(RejectReason.UNKNOWN_TOPIC, "not a report topic");
      }
      if (!knownEndpoint.test(parsed.endpointId())) {
        throw new DeviceMessageException(RejectReason.UNKNOWN_ENDPOINT, "not in the directory");
      }
      route.accept(parsed.endpointId(), payload);
    } catch (DeviceMessageException e) {
      errors.reject(parsed.endpointId().isEmpty() ? "?" : parsed.endpointId(), topic, e.reason(), e.getMessage());
    }
  }

  /** Lists the topic kinds that have a handler; used by tests to check the route table is complete. */
  public List<ReportKind> routedKinds() {
    return new ArrayList<>(routes.keySet());
  }
}
