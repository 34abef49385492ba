package org.dalaba.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dalaba.hub.store.RedisConnections;
import org.junit.jupiter.api.Test;

/** redis.mode and the keys each mode needs: good combinations load, bad ones say what to fix. */
class RedisModeConfigTest {
  private static final String SENTINELS = "10.0.0.1:26379, 10.0.0.2:26379,10.0.0.3:26379";

  private static HubConfig env(Map<String, String> env) {
    return ConfigLoader.load(null, env, Map.of());
  }

  private static String refused(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> env(env)).getMessage();
  }

  @Test
  void sentinelModeNamesTheMasterAndItsSentinelsAndWaitsForOneReplica() {
    HubConfig config = env(Map.of("DALABA_REDIS_MODE", "sentinel", "DALABA_REDIS_SENTINELS", SENTINELS,
        "DALABA_REDIS_MASTER_NAME", "dalaba", "DALABA_REDIS_PASSWORD", "p@ss word", "DALABA_REDIS_USERNAME", "hub"));
    assertEquals(HubConfig.RedisMode.SENTINEL, config.redisMode());
    assertEquals(List.of("10.0.0.1:26379", "10.0.0.2:26379", "10.0.0.3:26379"), config.redisSentinels());
    assertEquals(1, config.redisWaitReplicas());
    RedisConnections connections = RedisConnections.of(config, "");
    assertEquals(1, connections.waitReplicas());
    assertTrue(connections.describe().contains("'dalaba'") && connections.describe().contains("redis://hub:***@10.0.0.2:26379"),
        connections.describe());
    assertEquals(0, env(Map.of("DALABA_REDIS_MODE", "sentinel", "DALABA_REDIS_SENTINELS", SENTINELS, "DALABA_REDIS_MASTER_NAME", "m",
        "DALABA_REDIS_WAIT_REPLICAS", "0")).redisWaitReplicas(), "an operator may choose not to wait");
  }

  @Test
  void clusterModeNeedsNodesAndDoesNotWait() {
    HubConfig config = env(Map.of("DALABA_REDIS_MODE", "cluster", "DALABA_REDIS_NODES", "10.0.0.1:7000,10.0.0.2:7000"));
    assertEquals(HubConfig.RedisMode.CLUSTER, config.redisMode());
    assertEquals(0, config.redisWaitReplicas());
    assertTrue(RedisConnections.of(config, "").clustered());
    assertTrue(refused(Map.of("DALABA_REDIS_MODE", "cluster")).contains("redis.nodes is required when redis.mode is cluster"));
    assertTrue(refused(Map.of("DALABA_REDIS_MODE", "cluster", "DALABA_REDIS_NODES", "10.0.0.1:7000", "DALABA_REDIS_WAIT_REPLICAS", "1"))
        .contains("redis.waitReplicas must be 0 or empty when redis.mode is cluster"));
  }

  @Test
  void externalAndStandaloneAreTheSameAndKeepTheirUrl() {
    assertEquals(HubConfig.RedisMode.STANDALONE, env(Map.of("DALABA_REDIS_MODE", "standalone", "DALABA_REDIS_URL", "redis://h:6379")).redisMode());
    assertEquals(HubConfig.RedisMode.STANDALONE, env(Map.of("DALABA_REDIS_MODE", "external", "DALABA_REDIS_URL", "redis://h:6379")).redisMode());
    assertTrue(refused(Map.of("DALABA_REDIS_MODE", "external")).contains("redis.url is required"));
  }

  @Test
  void badCombinationsSayWhichKeyToFix() {
    String noMaster = refused(Map.of("DALABA_REDIS_MODE", "sentinel", "DALABA_REDIS_SENTINELS", SENTINELS));
    assertTrue(noMaster.contains("redis.masterName is required when redis.mode is sentinel"), noMaster);
    String two = refused(Map.of("DALABA_REDIS_MODE", "sentinel", "DALABA_REDIS_SENTINELS", "a:1,b:2", "DALABA_REDIS_MASTER_NAME", "m"));
    assertTrue(two.contains("list at least three"), two);
    String notHostPort = refused(Map.of("DALABA_REDIS_MODE", "sentinel", "DALABA_REDIS_SENTINELS", "a:1,b,redis://c:3",
        "DALABA_REDIS_MASTER_NAME", "m"));
    assertTrue(notHostPort.contains("\"b\" is not host:port") && notHostPort.contains("\"redis://c:3\" is not host:port"), notHostPort);
    String urlWithSentinel = refused(Map.of("DALABA_REDIS_MODE", "sentinel", "DALABA_REDIS_SENTINELS", SENTINELS,
        "DALABA_REDIS_MASTER_NAME", "m", "DALABA_REDIS_URL", "redis://h:6379"));
    assertTrue(urlWithSentinel.contains("redis.url is set but redis.mode is sentinel"), urlWithSentinel);
    String sentinelsWithoutMode = refused(Map.of("DALABA_REDIS_SENTINELS", SENTINELS));
    assertTrue(sentinelsWithoutMode.contains("set redis.mode to sentinel"), sentinelsWithoutMode);
    assertTrue(refused(Map.of("DALABA_REDIS_NODES", "a:1")).contains("set redis.mode to cluster"));
    assertTrue(refused(Map.of("DALABA_REDIS_MODE", "replicated")).contains("must be embedded, external (or standalone), sentinel or cluster"));
    assertTrue(refused(Map.of("DALABA_REDIS_WAIT_REPLICAS", "one")).contains("must be a number of replicas"));
    assertTrue(refused(Map.of("DALABA_REDIS_WAIT_REPLICAS", "1")).contains("the embedded Redis has no replicas"));
  }

  @Test
  void credentialsGoIntoUrlsThatDoNotCarryTheirOwn() {
    assertEquals("redis://:s%2Fe@h:6379/0", RedisConnections.withCredentials("redis://h:6379/0", "", "s/e"));
    assertEquals("redis://hub:s@h:6379", RedisConnections.withCredentials("redis://h:6379", "hub", "s"));
    assertEquals("redis://u:s@h:6379", RedisConnections.withCredentials("redis://u@h:6379", "", "s"));
    assertEquals("redis://u:own@h:6379", RedisConnections.withCredentials("redis://u:own@h:6379", "hub", "s"));
    assertEquals("redis://h:6379", RedisConnections.withCredentials("redis://h:6379", "", ""));
  }
}
