package org.dalaba.hub.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.broker.BrokerAccounts;
import org.dalaba.hub.broker.SecretHash;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Keeps every endpoint's MQTT secret in Redis as a salted slow hash ({@link SecretHash}, the {@code $7$}
 * format both brokers accept), and makes a secret for each endpoint that has none, so a directory import
 * provisions new endpoints without touching existing ones. The plain secret of a new endpoint exists only in
 * this process (and the handout file, {@link CredentialFiles}). HSETNX keeps two hubs starting together from
 * handing out two secrets. A plain secret left in Redis by an older hub is replaced by its hash.
 */
public final class CredentialStore {
  private final Vertx vertx;
  private final RedisStore redis;

  public CredentialStore(Vertx vertx, RedisStore redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  private record Prepared(Map<String, String> secrets, Map<String, String> hashes, List<String> legacy) {
  }

  public Future<Credentials> ensure(Directory directory, String hubUsername, String configuredHubPassword) {
    return redis.send(Command.HGETALL, Keys.ENDPOINT_SECRETS).map(RedisStore::toMap)
        // hashing is CPU work (10,000 new endpoints on a first start): on a worker
        .compose(stored -> vertx.executeBlocking(() -> prepare(directory, stored), false))
        .compose(prepared -> {
          List<Request> writes = new ArrayList<>();
          prepared.hashes().forEach((id, hash) -> writes.add(Request.cmd(prepared.legacy().contains(id) ? Command.HSET : Command.HSETNX)
              .arg(Keys.ENDPOINT_SECRETS).arg(id).arg(hash)));
          writes.add(Request.cmd(Command.HSETNX).arg(Keys.SERVICE_SECRETS).arg(hubUsername).arg(BrokerAccounts.newSecret()));
          writes.add(Request.cmd(Command.HSETNX).arg(Keys.SERVICE_SECRETS).arg(Credentials.MONITOR_USERNAME).arg(BrokerAccounts.newSecret()));
          return redis.pipeline(writes)
              .compose(v -> Future.all(redis.send(Command.HGETALL, Keys.ENDPOINT_SECRETS), redis.send(Command.HGETALL, Keys.SERVICE_SECRETS)))
              .map(all -> {
                Map<String, String> stored = RedisStore.toMap(all.resultAt(0));
                Map<String, String> services = RedisStore.toMap(all.resultAt(1));
                Map<String, String> hashes = new HashMap<>();
                Map<String, String> known = new HashMap<>();
                for (String id : directory.endpoints().keySet()) {
                  String hash = stored.get(id);
                  hashes.put(id, hash);
                  // ours only if our hash won the HSETNX (another hub may have provisioned it first)
                  if (hash != null && hash.equals(prepared.hashes().get(id))) {
                    known.put(id, prepared.secrets().get(id));
                  }
                }
                String hubPassword = configuredHubPassword.isBlank() ? services.get(hubUsername) : configuredHubPassword;
                return new Credentials(known, hashes, hubUsername, hubPassword, services.get(Credentials.MONITOR_USERNAME));
              });
        });
  }

  private static Prepared prepare(Directory directory, Map<String, String> stored) {
    Map<String, String> secrets = new HashMap<>();
    Map<String, String> hashes = new HashMap<>();
    List<String> legacy = new ArrayList<>();
    for (String id : directory.endpoints().keySet()) {
      String current = stored.get(id);
      if (current != null && SecretHash.isEncoded(current)) {
        continue;
      }
      String secret = current != null ? current : BrokerAccounts.newSecret();
      if (current != null) {
        legacy.add(id);
      }
      secrets.put(id, secret);
      hashes.put(id, SecretHash.of(secret).encoded());
    }
    return new Prepared(secrets, hashes, legacy);
  }
}
