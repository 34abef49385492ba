package org.dalaba.hub.mqtt;

/** Receives every endpoint report, on the hub's Vert.x context. */
@FunctionalInterface
public interface ReportHandler {
  void onReport(String topic, byte[] payload);
}
