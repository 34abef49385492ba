package org.dalaba.hub.migration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dalaba.hub.StartupException;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step that brings Redis to this hub's data format: a fresh Redis gets the current
 * version; older data is backed up first, then every migration from its version upward runs in order,
 * each raising the recorded version when it succeeded; data of a newer format than this hub knows
 * stops the start with a message rather than being guessed at.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** What happened: from and to format, and the backup taken first (null when nothing ran). */
  public record Outcome(int from, int to, Path backup) {
  }

  private final Vertx vertx;
  private final List<Migration> steps;

  /** @param steps in order, the i-th taking format i to i + 1 */
  public Migrations(Vertx vertx, List<Migration> steps) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).from() != i) {
        throw new IllegalArgumentException("migration " + i + " starts from format " + steps.get(i).from());
      }
    }
    this.vertx = vertx;
    this.steps = List.copyOf(steps);
  }

  /** This release's migrations. */
  public static List<Migration> standard() {
    return List.of(new RecordFormat());
  }

  public int currentFormat() {
    return steps.size();
  }

  /** @param backup makes a backup and returns its file; blocking, run on a worker before any migration */
  public Future<Outcome> upgrade(RedisStore redis, Callable<Path> backup) {
    int current = currentFormat();
    return redis.send(Command.GET, DataFormat.KEY).compose(stored -> {
      if (stored != null) {
        try {
          return Future.succeededFuture(Integer.parseInt(stored.toString()));
        } catch (NumberFormatException e) {
          return Future.failedFuture(new StartupException("Redis key " + DataFormat.KEY + " holds '" + stored
              + "', not a data-format number; restore a backup", e));
        }
      }
      // no version: a fresh Redis, or data from a hub before the version was recorded
      return redis.send(Command.EXISTS, Keys.SERVICE_SECRETS).map(exists -> exists.toLong() > 0 ? 0 : -1);
    }).compose(found -> {
      if (found < 0) {
        return redis.send(Command.SET, DataFormat.KEY, String.valueOf(current)).map(ok -> new Outcome(current, current, null));
      }
      if (found > current) {
        return Future.failedFuture(new StartupException("Redis holds data of format " + found + ", written by a newer hub; this hub "
            + "knows formats up to " + current + ". Install the newer hub again, or restore a backup made by this version "
            + "(java -jar hub.jar restore FILE). Nothing was changed.", null));
      }
      if (found == current) {
        return Future.succeededFuture(new Outcome(current, current, null));
      }
      LOG.info("Data format {} found, this hub uses {}: backing up before migrating", found, current);
      return vertx.executeBlocking(backup, false).compose(file -> {
        LOG.info("Backup before migration written to {}", file);
        return run(redis, found).map(done -> new Outcome(found, current, file));
      });
    });
  }

  private Future<Void> run(RedisStore redis, int from) {
    if (from >= steps.size()) {
      return Future.succeededFuture();
    }
    Migration step = steps.get(from);
    LOG.info("Migrating data format {} → {}: {}", from, from + 1, step.description());
    return step.apply(redis).compose(done -> redis.send(Command.SET, DataFormat.KEY, String.valueOf(from + 1)))
        .compose(ok -> run(redis, from + 1));
  }
}
