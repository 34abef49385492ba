package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.CredentialsCsv;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.HubKeys;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9 of issue 11, as a local attacker and an operator meet it: Redis holds only {@code $7$} hashes of
 * endpoint secrets, none of them usable as a password; the plain secrets are handed out once in
 * {@code endpoints.csv} (0600). Once the operator has collected that file the hub cannot show them again, yet
 * every speaker still connects with its secret and plays an alert; a rotation hands out one new secret once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SecretsAtRestIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dataDir;
  @TempDir
  Path operatorDesk;

  @Test
  void redisHoldsOnlyHashesAndTheHandoutIsShownOnce() throws Exception {
    Path handout = dataDir.resolve("credentials/endpoints.csv");
    Path collected = operatorDesk.resolve("credentials/endpoints.csv");
    try (RunningHub hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD)) {
      // GIVEN a first start: the secrets are in the owner-only handout file
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(handout)));
      List<SimEndpointSpec> specs = CredentialsCsv.endpoints(dataDir);
      assertEquals(113, specs.size());
      // WHEN an attacker with the Redis account reads the store THEN every value is a salted PBKDF2 hash, none a secret
      Map<String, String> stored = RedisStore.toMap(hub.redis.send(Command.HGETALL, Keys.ENDPOINT_SECRETS)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals(113, stored.size());
      for (SimEndpointSpec spec : specs) {
        String value = stored.get(spec.endpointId());
        assertTrue(value.matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), value);
        assertFalse(value.contains(spec.password()));
      }
      assertEquals(113, stored.values().stream().distinct().count(), "salted: no two alike");
    }
    // AND the operator collects the handout, as docs/operations.md tells them to
    Files.createDirectories(collected.getParent());
    Files.move(handout, collected, StandardCopyOption.REPLACE_EXISTING);

    try (RunningHub hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD)) {
      // THEN after a restart the hub holds no plain secret and hands none out again
      assertTrue(hub.credentials().endpointSecrets().isEmpty(), "no plain secret left in the hub");
      assertFalse(Files.readString(handout).lines().skip(1).findAny().isPresent(), "endpoints.csv is not refilled");
      ApiClient admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
      String endpointId = CredentialsCsv.endpoints(operatorDesk).get(0).endpointId();
      ApiClient.Reply file = admin.get("/api/v1/endpoints/" + endpointId + "/credentials");
      assertEquals(200, file.status(), file.toString());
      assertNull(file.body().getValue("password"), "the secret is not shown twice: " + file.body().encode());

      // AND every speaker still connects with the secret it was given, and an alert plays on all 113
      io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
      try {
        SimulatedFleet fleet = SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort())
                .timeScale(0.01).hubKeys(HubKeys.of(hub.commandKeys().publicKeys())), CredentialsCsv.endpoints(operatorDesk))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Await.until("113 endpoints online", WAIT, () -> fleet.endpoints().stream().filter(SimEndpoint::isConnected).count() == 113);
        ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出。")
            .put("level", "red").put("targets", new JsonObject().put("all", true)));
        assertEquals(201, sent.status(), sent.toString());
        String id = sent.body().getString("id");
        Await.until("played on 113", WAIT, () -> admin.get("/api/v1/alerts/" + id).body(),
            a -> a.containsKey("counts") && a.getJsonObject("counts").getLong("played") == 113);
        fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }

      // AND a rotation shows the new secret once, in its answer and in a one-line handout
      ApiClient.Reply rotated = admin.post("/api/v1/endpoints/" + endpointId + "/credentials/rotate", "{}");
      assertEquals(200, rotated.status(), rotated.toString());
      String secret = rotated.body().getString("password");
      assertNotNull(secret);
      List<SimEndpointSpec> handedOut = CredentialsCsv.endpoints(dataDir);
      assertEquals(1, handedOut.size());
      assertEquals(secret, handedOut.get(0).password());
      assertTrue(RedisStore.toMap(hub.redis.send(Command.HGETALL, Keys.ENDPOINT_SECRETS).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS)).get(endpointId).startsWith("$7$"));
    }
  }
}
