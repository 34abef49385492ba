package org.dalaba.hub;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.delivery.ReceiptIngest;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.metrics.Histogram;
import org.dalaba.hub.metrics.PrometheusText;
import org.dalaba.hub.mqtt.MqttGateway;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.RejectReason;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisHealth;
import org.dalaba.hub.store.RedisStore;

/** {@code GET /metrics}: the hub's figures in the Prometheus text format. */
final class HubMetrics {
  private final RedisStore redis;
  private final EndpointStatusTracker status;
  private final DirectoryService directory;
  private final AlertService alerts;
  private final ReceiptIngest receipts;
  private final DeviceErrors deviceErrors;
  private final Histogram acceptToLastReceipt;
  private final Leadership leadership;
  private final RedisHealth redisHealth;
  private final MqttGateway mqtt;
  private final LongSupplier reportsDropped;

  /** @param reportsDropped endpoint reports the embedded broker's hand-over dropped (always 0 with an external broker) */
  HubMetrics(RedisStore redis, EndpointStatusTracker status, DirectoryService directory, AlertService alerts,
             ReceiptIngest receipts, DeviceErrors deviceErrors, Histogram acceptToLastReceipt, Leadership leadership,
             RedisHealth redisHealth, MqttGateway mqtt, LongSupplier reportsDropped) {
    this.redis = redis;
    this.status = status;
    this.directory = directory;
    this.alerts = alerts;
    this.receipts = receipts;
    this.deviceErrors = deviceErrors;
    this.acceptToLastReceipt = acceptToLastReceipt;
    this.leadership = leadership;
    this.redisHealth = redisHealth;
    this.mqtt = mqtt;
    this.reportsDropped = reportsDropped;
  }

  Future<String> render() {
    Future<Long> open = redis.send(Command.SCARD, Keys.ALERTS_OPEN).map(r -> r.toLong()).otherwise(-1L);
    Future<Long> all = redis.send(Command.ZCARD, Keys.ALERTS_BY_TIME).map(r -> r.toLong()).otherwise(-1L);
    Future<Long> fires = redis.send(Command.SCARD, Keys.FIRES_OPEN).map(r -> r.toLong()).otherwise(-1L);
    return Future.all(open, all, fires).map(v -> {
      Map<String, Long> rejected = new LinkedHashMap<>();
      for (RejectReason reason : RejectReason.values()) {
        rejected.put(reason.name(), deviceErrors.count(reason));
      }
      Map<String, Long> alertsByState = new LinkedHashMap<>();
      alertsByState.put("active", open.result());
      alertsByState.put("ended", all.result() < 0 || open.result() < 0 ? -1 : all.result() - open.result());
      return new PrometheusText()
          .gauge("dalaba_endpoints", "Endpoints in the directory", directory.current().endpoints().size())
          .gauge("dalaba_endpoints_connected", "Endpoints online: a live connection announced by their status, heard from within three heartbeat intervals", status.onlineCount())
          .labelled("dalaba_endpoints_liveness", "Endpoints by liveness (offline includes never connected)", "gauge", "state",
              liveness())
          .labelled("dalaba_alerts", "Alerts by state (active = some endpoint not final yet)", "gauge", "state", alertsByState)
          .gauge("dalaba_broadcasts_active", "Routine broadcasts (schedule fires) some endpoint has not finished", fires.result())
          .counter("dalaba_receipts_applied_total", "Receipts applied to delivery records by this instance", receipts.appliedCount())
          .counter("dalaba_receipts_dropped_total", "Receipts dropped because too many waited for Redis (re-sends recover them)",
              receipts.droppedCount())
          .counter("dalaba_resends_total", "Commands sent again to endpoints that had not confirmed", alerts.resendCount())
          .labelled("dalaba_device_messages_rejected_total", "Messages from endpoints rejected, by reason", "counter", "reason", rejected)
          .counter("dalaba_device_reports_dropped_total", "Endpoint reports dropped because the hub was 250,000 behind (re-sends recover them)",
              reportsDropped.getAsLong())
          .histogram(acceptToLastReceipt)
          .histogram(alerts.timeToAir())
          .gauge("dalaba_hub_leader", "1 if this instance holds the leader lease", leadership.isLeader() ? 1 : 0)
          .gauge("dalaba_redis_up", "1 if Redis answers", redisHealth.isAvailable() ? 1 : 0)
          .gauge("dalaba_mqtt_connected", "1 if the hub is connected to the broker", mqtt.isConnected() ? 1 : 0)
          .toString();
    });
  }

  private Map<String, Long> liveness() {
    Map<String, Long> byState = new LinkedHashMap<>();
    long online = status.count(org.dalaba.hub.status.Liveness.ONLINE);
    long stale = status.count(org.dalaba.hub.status.Liveness.STALE);
    byState.put("online", online);
    byState.put("stale", stale);
    byState.put("offline", Math.max(0, directory.current().endpoints().size() - online - stale));
    return byState;
  }
}
