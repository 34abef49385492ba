package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Reading and rotating one endpoint's MQTT credentials, for provisioning a speaker. */
public interface EndpointCredentialAdmin {
  /** @return the endpoint's provisioning file, or null if there is no such endpoint */
  Future<JsonObject> provisioningFile(String endpointId);

  /** Gives the endpoint a new secret everywhere (Redis, broker accounts, credential files); null if unknown. */
  Future<JsonObject> rotate(String endpointId);
}
