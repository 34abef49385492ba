package org.dalaba.hub.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Redis keys that only make sense together: each {@code redis.mode} needs its own keys and refuses
 * the others', so a half-edited configuration stops the hub with a sentence saying what to fix instead
 * of quietly talking to the wrong Redis.
 */
final class RedisModeCheck {
  private RedisModeCheck() {
  }

  static List<String> items(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static List<String> problems(Map<ConfigKey, String> values) {
    List<String> problems = new ArrayList<>();
    HubConfig.RedisMode mode = HubConfig.RedisMode.parse(values.get(ConfigKey.REDIS_MODE));
    if (mode == null) {
      return problems; // already reported as an invalid value
    }
    String url = values.get(ConfigKey.REDIS_URL);
    List<String> sentinels = items(values.get(ConfigKey.REDIS_SENTINELS));
    List<String> nodes = items(values.get(ConfigKey.REDIS_NODES));
    switch (mode) {
      case STANDALONE -> {
        if (url.isBlank()) {
          problems.add("redis.url is required when redis.mode is external (or standalone)");
        }
      }
      case SENTINEL -> {
        if (sentinels.isEmpty()) {
          problems.add("redis.sentinels is required when redis.mode is sentinel: list the sentinels as host:port, separated by commas");
        } else if (sentinels.size() < 3) {
          problems.add("redis.sentinels lists " + sentinels.size() + " sentinel(s); list at least three, so that a majority can "
              + "still agree on a failover when one of them is down");
        }
        if (values.get(ConfigKey.REDIS_MASTER_NAME).isBlank()) {
          problems.add("redis.masterName is required when redis.mode is sentinel: the name in the sentinels' 'sentinel monitor' line");
        }
      }
      case CLUSTER -> {
        if (nodes.isEmpty()) {
          problems.add("redis.nodes is required when redis.mode is cluster: list some cluster nodes as host:port, separated by commas");
        }
        String wait = values.get(ConfigKey.REDIS_WAIT_REPLICAS).strip();
        if (!wait.isEmpty() && !wait.equals("0")) {
          problems.add("redis.waitReplicas must be 0 or empty when redis.mode is cluster: the hub does not wait for cluster "
              + "replicas (see docs/operations.md)");
        }
      }
      case EMBEDDED -> {
        String wait = values.get(ConfigKey.REDIS_WAIT_REPLICAS).strip();
        if (!wait.isEmpty() && !wait.equals("0")) {
          problems.add("redis.waitReplicas must be 0 or empty when redis.mode is embedded: the embedded Redis has no replicas");
        }
      }
    }
    if (mode != HubConfig.RedisMode.STANDALONE && !url.isBlank()) {
      problems.add("redis.url is set but redis.mode is " + values.get(ConfigKey.REDIS_MODE) + "; redis.url is only for "
          + "redis.mode external: remove it, or set redis.mode to external");
    }
    if (mode != HubConfig.RedisMode.SENTINEL && (!sentinels.isEmpty() || !values.get(ConfigKey.REDIS_MASTER_NAME).isBlank())) {
      problems.add("redis.sentinels or redis.masterName is set but redis.mode is " + values.get(ConfigKey.REDIS_MODE)
          + "; set redis.mode to sentinel, or remove them");
    }
    if (mode != HubConfig.RedisMode.CLUSTER && !nodes.isEmpty()) {
      problems.add("redis.nodes is set but redis.mode is " + values.get(ConfigKey.REDIS_MODE) + "; set redis.mode to cluster, or remove it");
    }
    for (ConfigKey key : List.of(ConfigKey.REDIS_SENTINELS, ConfigKey.REDIS_NODES)) {
      for (String item : items(values.get(key))) {
        if (!hostPort(item)) {
          problems.add(key.key + ": \"" + item + "\" is not host:port (e.g. 10.0.0.1:26379)");
        }
      }
    }
    String wait = values.get(ConfigKey.REDIS_WAIT_REPLICAS).strip();
    if (!wait.isEmpty() && !wait.matches("\\d{1,2}")) {
      problems.add("redis.waitReplicas = \"" + wait + "\": must be a number of replicas (0, 1, 2 …) or empty");
    }
    return problems;
  }

  private static boolean hostPort(String item) {
    int colon = item.lastIndexOf(':');
    if (colon <= 0 || !item.substring(colon + 1).matches("\\d{1,5}")) {
      return false;
    }
    int port = Integer.parseInt(item.substring(colon + 1));
    return port > 0 && port <= 65535 && !item.substring(0, colon).contains("/") && !item.contains("@");
  }
}
