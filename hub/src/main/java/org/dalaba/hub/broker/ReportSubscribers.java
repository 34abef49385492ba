package org.dalaba.hub.broker;

import java.util.concurrent.atomic.AtomicBoolean;
import org.dalaba.hub.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether any MQTT client of the embedded broker has asked for endpoints' receipts or heartbeats. The hub takes
 * those in-process ({@link org.dalaba.hub.mqtt.ReportTap}); as long as nobody else subscribed to them (a monitor
 * watching traffic, a second hub-account client), the broker acknowledges them without routing them, which spares it
 * a topic-tree walk and a publish pipeline per report: about a tenth of the hub's CPU for an alert to 10,000
 * endpoints (docs/performance.md).
 *
 * <p>Once a subscription that could match such a report is seen, every report is routed from then on, until the
 * broker stops: a monitor that disconnects keeps its session and expects what was queued for it. Subscriptions are
 * seen before the broker checks them, so callers pass only those it will grant.
 */
final class ReportSubscribers {
  private static final Logger LOG = LoggerFactory.getLogger(ReportSubscribers.class);
  private static final String SHARED = "$share/";
  /** {@code dalaba/v1/ep/{endpointId}/{kind}}, split into levels; level 3 is any endpoint's id, level 4 the kind. */
  private static final String[] REPORT_LEVELS = BrokerTopics.report("+", "+").split("/");
  private static final int ENDPOINT_LEVEL = 3;
  private static final int KIND_LEVEL = 4;
  /** What the hub takes in-process: every report but the status, which it gets by subscription with the last wills. */
  private static final String[] TAPPED_KINDS = {"receipt", "heartbeat"};

  private final AtomicBoolean any = new AtomicBoolean();

  /** True once someone besides the hub's in-process tap may want receipts or heartbeats. */
  boolean any() {
    return any.get();
  }

  /** A granted subscription of {@code clientId}: from now on reports are routed if it can match one. */
  void granted(String clientId, String topicFilter) {
    if (!any.get() && mayMatchTappedReport(topicFilter) && any.compareAndSet(false, true)) {
      LOG.info("MQTT client {} subscribed to '{}': the broker routes endpoint receipts and heartbeats from now on",
          LogText.of(clientId), LogText.of(topicFilter));
    }
  }

  /** Whether {@code topicFilter} (MQTT wildcards, optionally {@code $share/group/}) matches some endpoint's receipt or heartbeat topic. */
  static boolean mayMatchTappedReport(String topicFilter) {
    String filter = topicFilter;
    if (filter.startsWith(SHARED)) {
      int groupEnd = filter.indexOf('/', SHARED.length());
      if (groupEnd < 0) {
        return false;
      }
      filter = filter.substring(groupEnd + 1);
    }
    String[] levels = filter.split("/", -1);
    for (String kind : TAPPED_KINDS) {
      if (matches(levels, kind)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String[] filter, String kind) {
    for (int i = 0; i < filter.length; i++) {
      String level = filter[i];
      if (level.equals("#")) {
        return true;
      }
      if (i >= REPORT_LEVELS.length) {
        return false;
      }
      String expected = i == KIND_LEVEL ? kind : REPORT_LEVELS[i];
      // at the endpoint's level any literal names some endpoint
      if (!level.equals("+") && i != ENDPOINT_LEVEL && !level.equals(expected)) {
        return false;
      }
    }
    return filter.length == REPORT_LEVELS.length;
  }
}
