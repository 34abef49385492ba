package org.dalaba.hub.credentials;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.broker.BrokerAccounts;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Keeps every endpoint's MQTT secret in Redis and makes one for each endpoint that has none, so a
 * directory import provisions new endpoints without touching existing ones. Secrets are random
 * (BrokerAccounts.newSecret); HSETNX keeps two hubs starting together from handing out two secrets.
 */
public final class CredentialStore {
  private final RedisStore redis;

  public CredentialStore(RedisStore redis) {
    this.redis = redis;
  }

  public Future<Credentials> ensure(Directory directory, String hubUsername, String configuredHubPassword) {
    List<Request> creates = new ArrayList<>();
    for (String endpointId : directory.endpoints().keySet()) {
      creates.add(Request.cmd(Command.HSETNX).arg(Keys.ENDPOINT_SECRETS).arg(endpointId).arg(BrokerAccounts.newSecret()));
    }
    creates.add(Request.cmd(Command.HSETNX).arg(Keys.SERVICE_SECRETS).arg(hubUsername).arg(BrokerAccounts.newSecret()));
    creates.add(Request.cmd(Command.HSETNX).arg(Keys.SERVICE_SECRETS).arg(Credentials.MONITOR_USERNAME).arg(BrokerAccounts.newSecret()));
    return redis.pipeline(creates)
        .compose(v -> Future.all(redis.send(Command.HGETALL, Keys.ENDPOINT_SECRETS), redis.send(Command.HGETALL, Keys.SERVICE_SECRETS)))
        .map(all -> {
          Map<String, String> stored = RedisStore.toMap(all.resultAt(0));
          Map<String, String> services = RedisStore.toMap(all.resultAt(1));
          Map<String, String> endpoints = new HashMap<>();
          directory.endpoints().keySet().forEach(id -> endpoints.put(id, stored.get(id)));
          String hubPassword = configuredHubPassword.isBlank() ? services.get(hubUsername) : configuredHubPassword;
          return new Credentials(endpoints, hubUsername, hubPassword, services.get(Credentials.MONITOR_USERNAME));
        });
  }
}
