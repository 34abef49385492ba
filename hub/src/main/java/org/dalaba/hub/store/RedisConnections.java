package org.dalaba.hub.store;

import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisClusterTransactions;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.config.HubConfig.RedisMode;

/**
 * The one place Redis clients are made, for whichever {@code redis.mode} the hub runs: one server (the
 * embedded one or an operator's), the master a set of Sentinels names (clients ask the sentinels
 * again on every new connection, so after a failover they reach the new master), or a Redis Cluster
 * (the client learns the slot map from the seed nodes and follows MOVED). Also holds what every
 * operator write waits for ({@code WAIT} for replicas).
 */
public final class RedisConnections {
  private final RedisMode mode;
  private final List<String> endpoints;
  private final String masterName;
  private final int waitReplicas;
  private final long waitTimeoutMs;
  private final AtomicInteger nextSubscriberNode = new AtomicInteger();

  private RedisConnections(RedisMode mode, List<String> endpoints, String masterName, int waitReplicas, long waitTimeoutMs) {
    this.mode = mode;
    this.endpoints = List.copyOf(endpoints);
    this.masterName = masterName;
    this.waitReplicas = waitReplicas;
    this.waitTimeoutMs = waitTimeoutMs;
  }

  /** One server at a redis:// URL (credentials in it), no replica wait. */
  public static RedisConnections standalone(String url) {
    return new RedisConnections(RedisMode.STANDALONE, List.of(url), "", 0, 1000);
  }

  /** @param embeddedUrl the URL of the Redis the hub started itself, in embedded mode; else ignored */
  public static RedisConnections of(HubConfig config, String embeddedUrl) {
    String user = config.redisUsername();
    String password = config.redisPassword();
    return switch (config.redisMode()) {
      case EMBEDDED -> new RedisConnections(RedisMode.STANDALONE, List.of(embeddedUrl), "", config.redisWaitReplicas(),
          config.redisWaitTimeoutMs());
      case STANDALONE -> new RedisConnections(RedisMode.STANDALONE, List.of(withCredentials(config.redisUrl(), user, password)),
          "", config.redisWaitReplicas(), config.redisWaitTimeoutMs());
      case SENTINEL -> new RedisConnections(RedisMode.SENTINEL, urls(config.redisSentinels(), user, password),
          config.redisMasterName(), config.redisWaitReplicas(), config.redisWaitTimeoutMs());
      case CLUSTER -> new RedisConnections(RedisMode.CLUSTER, urls(config.redisNodes(), user, password), "", 0,
          config.redisWaitTimeoutMs());
    };
  }

  private static List<String> urls(List<String> hostPorts, String user, String password) {
    return hostPorts.stream().map(hostPort -> withCredentials("redis://" + hostPort, user, password)).toList();
  }

  /** A URL with the user and password put in, unless the URL carries a password of its own. */
  public static String withCredentials(String url, String user, String password) {
    if (url.isBlank() || url.matches("^[a-z]+://[^/@]*:[^/@]*@.*") || (password.isBlank() && user.isBlank())) {
      return url;
    }
    int start = url.indexOf("://") + 3;
    int at = url.indexOf('@', start);
    int slash = url.indexOf('/', start);
    boolean hasUserInfo = at >= 0 && (slash < 0 || at < slash);
    String urlUser = hasUserInfo ? url.substring(start, at) : "";
    String rest = hasUserInfo ? url.substring(at + 1) : url.substring(start);
    String name = urlUser.isEmpty() ? URLEncoder.encode(user, StandardCharsets.UTF_8) : urlUser;
    String secret = password.isBlank() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return url.substring(0, start) + name + secret + "@" + rest;
  }

  public static String redact(String url) {
    return url.replaceAll("://([^:@/]*):[^@/]*@", "://$1:***@");
  }

  public RedisMode mode() { return mode; }

  public boolean clustered() { return mode == RedisMode.CLUSTER; }

  /** Replicas that must acknowledge an operator write before the hub answers it; 0 = do not wait. */
  public int waitReplicas() { return waitReplicas; }

  public long waitTimeoutMs() { return waitTimeoutMs; }

  /** For start-up messages: where Redis is, passwords hidden. */
  public String describe() {
    String where = String.join(", ", endpoints.stream().map(RedisConnections::redact).toList());
    return switch (mode) {
      case SENTINEL -> "the master '" + masterName + "' through the sentinels " + where;
      case CLUSTER -> "the Redis Cluster at " + where;
      default -> where;
    };
  }

  /** The hub's shared, pooled client. */
  public Redis pooled(Vertx vertx) {
    return Redis.createClient(vertx, options().setMaxPoolSize(8).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000));
  }

  /**
   * A client for one long-lived subscriber connection. On a cluster, classic pub/sub messages reach
   * every node, so the subscriber talks to one node as a plain server, the next seed on each call (a
   * retry after that node went away tries another).
   */
  public Redis subscriber(Vertx vertx) {
    if (mode == RedisMode.CLUSTER) {
      String node = endpoints.get(Math.floorMod(nextSubscriberNode.getAndIncrement(), endpoints.size()));
      return Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.STANDALONE).setConnectionString(node)
          .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    }
    return Redis.createClient(vertx, options());
  }

  private RedisOptions options() {
    RedisOptions options = new RedisOptions().setPreferredProtocolVersion(ProtocolVersion.RESP2).setEndpoints(endpoints);
    return switch (mode) {
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setRole(RedisRole.MASTER).setMasterName(masterName);
      case CLUSTER -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER)
          .setClusterTransactions(RedisClusterTransactions.SINGLE_NODE);
      default -> options.setType(RedisClientType.STANDALONE);
    };
  }
}
