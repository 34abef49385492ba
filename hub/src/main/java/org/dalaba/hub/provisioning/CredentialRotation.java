package org.dalaba.hub.provisioning;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.dalaba.hub.api.EndpointCredentialAdmin;
import org.dalaba.hub.broker.BrokerAccounts;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import io.vertx.redis.client.Command;

/**
 * One endpoint's provisioning file (what a technician loads into a speaker) and rotating its secret:
 * the new secret is stored in Redis, then the broker's accounts (or Mosquitto's files) and the
 * credential files are rewritten. A speaker already connected keeps its session until it reconnects,
 * so it must be given the new file before then.
 */
public final class CredentialRotation implements EndpointCredentialAdmin {
  private final Vertx vertx;
  private final RedisStore redis;
  private final DirectoryService directory;
  private final DirectoryImport holder;
  private final Provisioning provisioning;
  private final String deviceBrokerUrl;
  /** The hub's command-signing public keys, handed out with every provisioning file. */
  private final io.vertx.core.json.JsonArray hubKeys;

  /** @param holder keeps the current credentials (a directory import replaces them too) */
  public CredentialRotation(Vertx vertx, RedisStore redis, DirectoryService directory, DirectoryImport holder, Provisioning provisioning,
                     String deviceBrokerUrl, Map<String, byte[]> hubKeys) {
    this.hubKeys = new io.vertx.core.json.JsonArray();
    hubKeys.forEach((kid, raw) -> this.hubKeys.add(new JsonObject().put("kid", kid)
        .put("publicKey", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw))));
    this.vertx = vertx;
    this.redis = redis;
    this.directory = directory;
    this.holder = holder;
    this.provisioning = provisioning;
    this.deviceBrokerUrl = deviceBrokerUrl;
  }

  @Override
  public Future<JsonObject> provisioningFile(String endpointId) {
    Directory dir = directory.current();
    return Future.succeededFuture(dir.endpoint(endpointId).map(e -> file(dir, e, holder.credentials().endpointSecrets().get(e.id())))
        .orElse(null));
  }

  @Override
  public Future<JsonObject> rotate(String endpointId) {
    Directory dir = directory.current();
    Endpoint endpoint = dir.endpoint(endpointId).orElse(null);
    if (endpoint == null) {
      return Future.succeededFuture(null);
    }
    String secret = BrokerAccounts.newSecret();
    return vertx.executeBlocking(() -> org.dalaba.hub.broker.SecretHash.of(secret).encoded(), false)
        .compose(hash -> redis.send(Command.HSET, Keys.ENDPOINT_SECRETS, endpointId, hash).map(r -> hash))
        .compose(hash -> vertx.executeBlocking(() -> {
      Credentials after = holder.credentials().withEndpoint(endpointId, secret, hash);
      provisioning.apply(dir, after);
      holder.replaceCredentials(after);
      return file(dir, endpoint, secret);
    }, true));
  }

  private JsonObject file(Directory dir, Endpoint endpoint, String secret) {
    return new JsonObject().put("endpointId", endpoint.id()).put("username", endpoint.id()).put("password", secret)
        .put("broker", deviceBrokerUrl).put("villageId", endpoint.villageId())
        .put("villageName", dir.village(endpoint.villageId()).map(v -> v.name()).orElse(null))
        .put("townshipId", endpoint.townshipId())
        .put("townshipName", dir.township(endpoint.townshipId()).map(t -> t.name()).orElse(null))
        .put("hubKeys", hubKeys.copy());
  }
}
