package org.dalaba.hub.credentials;

import java.util.HashMap;
import java.util.Map;

/**
 * Every MQTT credential the hub knows: each endpoint's stored {@code $7$} hash (what Redis keeps), the
 * endpoint secrets this process still holds in plain text (made or rotated in this run, or read back from the
 * operator's {@code endpoints.csv} handout; never from Redis), and the hub's and the monitor account's passwords
 * (the hub needs its own to connect).
 *
 * @param endpointSecrets plain secrets known to this process, by endpoint id; not every endpoint has one
 * @param endpointHashes  the stored hash of every endpoint, by endpoint id
 */
public record Credentials(Map<String, String> endpointSecrets, Map<String, String> endpointHashes, String hubUsername,
                          String hubPassword, String monitorPassword) {
  public static final String MONITOR_USERNAME = "monitor";

  public Credentials {
    endpointSecrets = Map.copyOf(endpointSecrets);
    endpointHashes = Map.copyOf(endpointHashes);
  }

  /** The same, also knowing {@code earlier} secrets of endpoints that still exist (this one's win). */
  public Credentials knowing(Map<String, String> earlier) {
    Map<String, String> known = new HashMap<>();
    earlier.forEach((id, secret) -> {
      if (endpointHashes.containsKey(id)) {
        known.put(id, secret);
      }
    });
    known.putAll(endpointSecrets);
    return new Credentials(known, endpointHashes, hubUsername, hubPassword, monitorPassword);
  }

  /** After a rotation: a new secret and hash for one endpoint. */
  public Credentials withEndpoint(String endpointId, String secret, String hash) {
    Map<String, String> secrets = new HashMap<>(endpointSecrets);
    Map<String, String> hashes = new HashMap<>(endpointHashes);
    secrets.put(endpointId, secret);
    hashes.put(endpointId, hash);
    return new Credentials(secrets, hashes, hubUsername, hubPassword, monitorPassword);
  }

  @Override
  public String toString() {
    return "Credentials[" + endpointHashes.size() + " endpoints, " + endpointSecrets.size() + " secrets known, hidden]";
  }
}
