package org.dalaba.hub.credentials;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dalaba.hub.StartupException;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Refuses to start on an empty Redis when this data directory already handed out credentials: the
 * hub would otherwise make new secrets for every endpoint and rewrite endpoints.csv, locking out every
 * provisioned speaker (and an attacker who gets the hub onto an empty Redis would get exactly that).
 */
public final class LostStoreGuard {
  /** Files that exist only after a start that generated secrets. */
  private static final List<String> ISSUED = List.of(CredentialFiles.ENDPOINTS_CSV, "hub.password", "monitor.password");

  private LostStoreGuard() {
  }

  /** Blocking (file checks): call at start-up, before credentials are ensured. */
  public static Future<Void> check(RedisStore redis, Path dataDir) {
    Path credentials = dataDir.resolve("credentials");
    boolean issued = ISSUED.stream().anyMatch(name -> Files.exists(credentials.resolve(name)));
    if (!issued) {
      return Future.succeededFuture();
    }
    return redis.send(Command.EXISTS, Keys.SERVICE_SECRETS).compose(exists -> exists.toLong() > 0
        ? Future.succeededFuture()
        : Future.failedFuture(new StartupException("Redis holds no hub data, but " + credentials + " holds credentials this hub "
            + "already issued. Refusing to start rather than make new secrets and lock out every provisioned speaker. "
            + "Restore Redis from its backup (embedded: stop the hub and put the backed-up " + dataDir.resolve("redis")
            + "/appendonlydir back; external: restore its AOF, check redis.url), then start again. Only to provision "
            + "every speaker anew on purpose, move endpoints.csv, hub.password and monitor.password out of " + credentials + ".", null)));
  }
}
