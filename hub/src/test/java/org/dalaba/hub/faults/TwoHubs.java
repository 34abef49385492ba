package org.dalaba.hub.faults;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.HubProcess;
import org.dalaba.hub.testing.PersistentRedis;
import org.dalaba.hub.testing.Teardown;

/**
 * Two hub processes on one Redis and one Mosquitto, started by the test on loopback, and which of them leads.
 * Everything started is handed to the test's {@link Teardown}.
 */
final class TwoHubs {
  final ExternalProcess redis;
  final ExternalProcess mosquitto;
  final HubProcess first;
  final HubProcess second;
  final HubProcess leader;
  final HubProcess follower;
  final int mqttPort;

  private TwoHubs(ExternalProcess redis, ExternalProcess mosquitto, HubProcess first, HubProcess second, int mqttPort) {
    this.redis = redis;
    this.mosquitto = mosquitto;
    this.first = first;
    this.second = second;
    this.mqttPort = mqttPort;
    this.leader = health(first).getBoolean("leader") ? first : second;
    this.follower = leader == first ? second : first;
  }

  static TwoHubs start(Path tmp, Teardown teardown, int leaseSeconds) throws Exception {
    return start(tmp, teardown, leaseSeconds, Map.of());
  }

  /** @param env further environment of both hubs (configuration keys as DALABA_* variables) */
  static TwoHubs start(Path tmp, Teardown teardown, int leaseSeconds, Map<String, String> env) throws Exception {
    int redisPort = EmbeddedRedis.freePort();
    ExternalProcess redis = teardown.add(PersistentRedis.start(tmp, redisPort));
    int mqttPort = EmbeddedRedis.freePort();
    // both hubs write the same broker files from the same Redis; Mosquitto reads the first one's
    ExternalProcess mosquitto = teardown.add(HubMosquitto.start(tmp.resolve("a"), mqttPort));
    HubProcess first = teardown.add(hub(tmp.resolve("a"), redisPort, mqttPort, leaseSeconds, env));
    mosquitto.reload();
    HubProcess second = teardown.add(hub(tmp.resolve("b"), redisPort, mqttPort, leaseSeconds, env));
    Await.until("both hubs ready", Duration.ofSeconds(60), () -> health(first).getBoolean("ready") && health(second).getBoolean("ready"));
    Await.until("exactly one leader", Duration.ofSeconds(30),
        () -> health(first).getBoolean("leader") ^ health(second).getBoolean("leader"));
    return new TwoHubs(redis, mosquitto, first, second, mqttPort);
  }

  private static HubProcess hub(Path dataDir, int redisPort, int mqttPort, int leaseSeconds, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putAll(Map.of(
        "DALABA_REDIS_MODE", "external", "DALABA_REDIS_URL", "redis://127.0.0.1:" + redisPort,
        "DALABA_MQTT_MODE", "external", "DALABA_MQTT_URL", "tcp://127.0.0.1:" + mqttPort,
        "DALABA_MQTT_HUB_PASSWORD", "hub-test-secret-0123456789",
        "DALABA_CLUSTER_LEASE_SECONDS", String.valueOf(leaseSeconds)));
    return new HubProcess(dataDir, EmbeddedRedis.freePort(), all).start();
  }

  static JsonObject health(HubProcess hub) {
    return new ApiClient(hub.httpPort()).get("/health").body();
  }
}
