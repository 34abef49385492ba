package org.dalaba.hub.backup;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dalaba.hub.config.HubConfig;

/**
 * Where the Redis to back up or restore into is: the hub's embedded one (its port from
 * {@code redis/redis.conf}, its password from {@code credentials/redis.password}) or a single external
 * Redis from {@code redis.url}/{@code redis.password}. Sentinel and Cluster set-ups are not handled.
 */
record RedisTarget(String host, int port, String username, String password, int database, boolean tls) {

  /** From a URL such as {@code redis://user:password@host:6379/0} (or {@code rediss://}). */
  static RedisTarget parse(String url, String extraPassword) {
    URI uri = URI.create(url);
    if (uri.getScheme() == null || !uri.getScheme().startsWith("redis") || uri.getHost() == null) {
      throw new IllegalArgumentException("not a redis:// URL (Sentinel and Cluster are not supported by backup): " + url.replaceAll(":[^:@/]*@", ":***@"));
    }
    String user = "";
    String password = extraPassword == null ? "" : extraPassword;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      if (colon >= 0) {
        password = decode(info.substring(colon + 1));
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
    return new RedisTarget(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password,
        path.isEmpty() ? 0 : Integer.parseInt(path), uri.getScheme().equals("rediss"));
  }

  /** The Redis a hub with this configuration uses; for the embedded one, as its data directory records it. */
  static RedisTarget of(HubConfig config) throws IOException {
    switch (config.redisMode()) {
      case STANDALONE -> {
        return parse(config.redisUrl(), config.redisPassword());
      }
      case SENTINEL, CLUSTER -> throw new IOException("backup and restore support the embedded Redis and one standalone Redis;"
          + " with redis.mode " + config.redisMode().name().toLowerCase(java.util.Locale.ROOT)
          + " back up Redis with its own tools (docs/operations.md, \"Backup and restore\")");
      default -> {
      }
    }
    Path conf = config.dataDir().resolve("redis").resolve("redis.conf");
    Path password = config.dataDir().resolve("credentials").resolve("redis.password");
    if (!Files.exists(conf) || !Files.exists(password)) {
      throw new IOException("no embedded Redis has run in " + config.dataDir() + " (no redis/redis.conf); check --data-dir / dataDir");
    }
    int port = Files.readAllLines(conf).stream().filter(l -> l.startsWith("port ")).map(l -> Integer.parseInt(l.substring(5).strip()))
        .findFirst().orElseThrow(() -> new IOException(conf + " names no port"));
    return new RedisTarget("127.0.0.1", port, "", Files.readString(password).strip(), 0, false);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
