package org.dalaba.hub.monitoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.mqtt.MqttGateway;
import org.dalaba.hub.mqtt.SubscriptionWarning;
import org.dalaba.hub.store.DiskSpace;
import org.dalaba.hub.store.RedisHealth;

/**
 * {@code /health}: liveness is "the process answers"; readiness needs both the broker (connected and holding every
 * subscription) and Redis. A low disk makes the status degraded with a warning, while the hub stays ready: alerts go
 * on, uploads stop.
 */
public final class HubHealth {
  private final MqttGateway mqtt;
  private final RedisHealth redis;
  private final DiskSpace disk;
  private final Leadership leadership;
  private final String mqttUrl;

  public HubHealth(MqttGateway mqtt, RedisHealth redis, DiskSpace disk, Leadership leadership, String mqttUrl) {
    this.mqtt = mqtt;
    this.redis = redis;
    this.disk = disk;
    this.leadership = leadership;
    this.mqttUrl = mqttUrl;
  }

  /** What the health document is made of, read at one moment. */
  record Snapshot(boolean mqttConnected, boolean subscribed, Map<String, Integer> refused, String mqttUrl,
                  boolean redisAvailable, boolean redisPersistent, JsonObject disk, boolean diskLow, boolean leader) {
  }

  public JsonObject current() {
    return render(new Snapshot(mqtt.isConnected(), mqtt.isReady(), mqtt.refusedSubscriptions(), mqttUrl,
        redis.isAvailable(), redis.isPersistent(), disk.toJson(), disk.isLow(), leadership.isLeader()));
  }

  static JsonObject render(Snapshot s) {
    JsonArray warnings = new JsonArray();
    if (s.diskLow()) {
      warnings.add(DiskSpace.lowMessageZh());
    }
    JsonArray refused = new JsonArray();
    s.refused().forEach((filter, code) -> {
      refused.add(new JsonObject().put("filter", filter).put("reasonCode", code).put("reason", MqttGateway.subackReason(code)));
      warnings.add(SubscriptionWarning.text(filter, code));
    });
    boolean ready = s.subscribed() && s.redisAvailable();
    return new JsonObject().put("status", ready && !s.diskLow() ? "up" : "degraded").put("live", true).put("ready", ready)
        .put("disk", s.disk()).put("warnings", warnings)
        .put("leader", s.leader())
        .put("mqtt", new JsonObject().put("connected", s.mqttConnected()).put("subscribed", s.subscribed()).put("refused", refused)
            .put("url", s.mqttUrl()))
        .put("redis", new JsonObject().put("available", s.redisAvailable()).put("persistent", s.redisPersistent()));
  }
}
