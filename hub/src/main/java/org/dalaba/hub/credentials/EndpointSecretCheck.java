package org.dalaba.hub.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.dalaba.hub.broker.SecretHash;

/**
 * Checks an endpoint's secret against its stored hash, for HTTP (media downloads): the slow check runs on a
 * worker, never the event loop; a pair that passed is remembered (as SHA-256, in memory) until the stored hash
 * changes, so an endpoint fetching ten files pays it once.
 */
public final class EndpointSecretCheck {
  private final Vertx vertx;
  private final Supplier<Credentials> credentials;

  private record Verified(String storedHash, byte[] digest) {
  }

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  public EndpointSecretCheck(Vertx vertx, Supplier<Credentials> credentials) {
    this.vertx = vertx;
    this.credentials = credentials;
  }

  public Future<Boolean> matches(String endpointId, String secret) {
    String stored = credentials.get().endpointHashes().get(endpointId);
    if (stored == null || secret == null) {
      return Future.succeededFuture(false);
    }
    byte[] digest = sha256(secret);
    Verified known = verified.get(endpointId);
    if (known != null && known.storedHash().equals(stored) && MessageDigest.isEqual(known.digest(), digest)) {
      return Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> SecretHash.parse(stored).matches(secret.getBytes(StandardCharsets.UTF_8)), false)
        .map(ok -> {
          if (ok) {
            verified.put(endpointId, new Verified(stored, digest));
          }
          return ok;
        });
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
