package org.dalaba.hub.directory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current directory. The stored copy in Redis is the truth; on the very first start (nothing
 * stored) the shipped Kaiyuan sample is stored and used. An import replaces it whole.
 */
public final class DirectoryService {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);

  private final Vertx vertx;
  private final RedisStore redis;
  private volatile Directory current;

  public DirectoryService(Vertx vertx, RedisStore redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  public Directory current() {
    return current;
  }

  public Future<Directory> load() {
    return redis.send(Command.GET, Keys.DIRECTORY).compose(stored -> {
      if (stored != null) {
        current = DirectoryParser.parseJson(stored.toString());
        return Future.succeededFuture(current);
      }
      return vertx.executeBlocking(DirectoryParser::loadSample, false)
          .compose(sample -> redis.send(Command.SET, Keys.DIRECTORY, DirectoryParser.toJson(sample), "NX").map(v -> {
            LOG.info("No directory stored yet: loaded the Kaiyuan sample ({} townships, {} villages)",
                sample.townships().size(), sample.villages().size());
            return sample;
          }))
          .compose(v -> redis.send(Command.GET, Keys.DIRECTORY))
          .map(r -> current = DirectoryParser.parseJson(r.toString()));
    });
  }

  /** Replaces the directory (already validated by the parser). */
  public Future<Directory> replace(Directory directory) {
    return redis.send(Command.SET, Keys.DIRECTORY, DirectoryParser.toJson(directory)).map(v -> current = directory);
  }
}
