package org.dalaba.hub.metrics;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.delivery.ReceiptIngest;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.mqtt.MqttGateway;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.RejectReason;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.dalaba.hub.status.Liveness;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisHealth;
import org.dalaba.hub.store.RedisStore;

/**
 * {@code GET /metrics}: the hub's figures, as Micrometer meters in the Prometheus text format. The figures kept in
 * Redis (alerts, broadcasts) are read before each scrape; the others are read from their owners as it runs.
 */
public final class HubMetrics implements AutoCloseable {
  private final RedisStore redis;
  private final HubRegistry registry = new HubRegistry();
  private final AtomicLong alertsOpen = new AtomicLong(-1);
  private final AtomicLong alertsAll = new AtomicLong(-1);
  private final AtomicLong firesOpen = new AtomicLong(-1);

  /** @param reportsDropped endpoint reports dropped on the way to the event loop (from the embedded broker or the MQTT client) */
  public HubMetrics(RedisStore redis, EndpointStatusTracker status, DirectoryService directory, AlertService alerts,
             ReceiptIngest receipts, DeviceErrors deviceErrors, Leadership leadership,
             RedisHealth redisHealth, MqttGateway mqtt, LongSupplier reportsDropped) {
    this.redis = redis;
    Map<String, DoubleSupplier> liveness = new LinkedHashMap<>();
    liveness.put("online", () -> status.count(Liveness.ONLINE));
    liveness.put("stale", () -> status.count(Liveness.STALE));
    liveness.put("offline", () -> Math.max(0, directory.current().endpoints().size() - status.count(Liveness.ONLINE)
        - status.count(Liveness.STALE)));
    Map<String, DoubleSupplier> alertsByState = new LinkedHashMap<>();
    alertsByState.put("active", alertsOpen::get);
    alertsByState.put("ended", () -> alertsAll.get() < 0 || alertsOpen.get() < 0 ? -1 : alertsAll.get() - alertsOpen.get());
    Map<String, DoubleSupplier> rejected = new LinkedHashMap<>();
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason.name(), () -> deviceErrors.count(reason));
    }
    registry
        .gauge("dalaba_endpoints", "Endpoints in the directory", () -> directory.current().endpoints().size())
        .gauge("dalaba_endpoints_connected", "Endpoints online: a live connection announced by their status, heard from within three heartbeat intervals", status::onlineCount)
        .labelledGauge("dalaba_endpoints_liveness", "Endpoints by liveness (offline includes never connected)", "state", liveness)
        .labelledGauge("dalaba_alerts", "Alerts by state (active = some endpoint not final yet)", "state", alertsByState)
        .gauge("dalaba_broadcasts_active", "Routine broadcasts (schedule fires) some endpoint has not finished", firesOpen::get)
        .counter("dalaba_receipts_applied_total", "Receipts applied to delivery records by this instance", receipts::appliedCount)
        .counter("dalaba_receipts_dropped_total", "Receipts dropped because too many waited for Redis (re-sends recover them)",
            receipts::droppedCount)
        .counter("dalaba_resends_total", "Commands sent again to endpoints that had not confirmed", alerts::resendCount)
        .labelledCounter("dalaba_device_messages_rejected_total", "Messages from endpoints rejected, by reason", "reason", rejected)
        .counter("dalaba_device_reports_dropped_total", "Endpoint reports dropped because the hub was 250,000 behind (re-sends recover them)",
            reportsDropped::getAsLong)
        .histogram(alerts.acceptToLastReceipt())
        .histogram(alerts.timeToAir())
        .gauge("dalaba_hub_leader", "1 if this instance holds the leader lease", () -> leadership.isLeader() ? 1 : 0)
        .gauge("dalaba_redis_up", "1 if Redis answers", () -> redisHealth.isAvailable() ? 1 : 0)
        .gauge("dalaba_mqtt_connected", "1 if the hub is connected to the broker", () -> mqtt.isConnected() ? 1 : 0)
        .gauge("dalaba_mqtt_ready", "1 if the hub is connected and holds every subscription it needs", () -> mqtt.isReady() ? 1 : 0)
        .gauge("dalaba_mqtt_subscriptions_refused", "Topic filters the broker refuses the hub now (SUBACK reason code 0x80 or above)",
            () -> mqtt.refusedSubscriptions().size())
        .counter("dalaba_mqtt_subscription_refusals_total", "SUBACK refusals, one per topic filter per attempt", mqtt::subscriptionRefusals)
        .gauge("dalaba_mqtt_publish_queue", "Publishes waiting to be signed or sent to the broker", mqtt::queued)
        .counter("dalaba_mqtt_publishes_refused_total", "Publishes refused at once because the queue held mqtt.publishQueueMax",
            mqtt::publishesRefused);
  }

  /** Meters kept elsewhere, in the same registry (e.g. monitoring/OperationsMetrics, the CAP feeds' per source). */
  public HubMetrics with(java.util.function.Consumer<HubRegistry> meters) {
    meters.accept(registry);
    return this;
  }

  public Future<String> render() {
    Future<Void> open = count(Command.SCARD, Keys.ALERTS_OPEN, alertsOpen);
    Future<Void> all = count(Command.ZCARD, Keys.ALERTS_BY_TIME, alertsAll);
    Future<Void> fires = count(Command.SCARD, Keys.FIRES_OPEN, firesOpen);
    return Future.join(open, all, fires).map(v -> registry.scrape());
  }

  /** Reads a count kept in Redis into {@code into}; -1 while Redis does not answer. */
  private Future<Void> count(Command command, String key, AtomicLong into) {
    return redis.send(command, key).map(r -> r.toLong()).otherwise(-1L).map(n -> {
      into.set(n);
      return null;
    });
  }

  @Override
  public void close() {
    registry.close();
  }
}
