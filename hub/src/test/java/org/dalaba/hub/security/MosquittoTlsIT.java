package org.dalaba.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub and 113 endpoints on a real Mosquitto that speaks only TLS (its certificate made with openssl,
 * as docs/operations.md tells an operator): the hub's own client connects with {@code tls.caFile} and
 * checks the host name, the simulated endpoints with the CA file, and an alert plays everywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MosquittoTlsIT {
  @TempDir
  static Path dataDir;

  ExternalProcess mosquitto;
  RunningHub hub;
  TestFleet fleet;
  Path cert;
  int port;

  @BeforeAll
  void start() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/openssl", "openssl");
    Path tls = java.nio.file.Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-broker-tls"));
    cert = tls.resolve("broker.crt.pem");
    Path key = tls.resolve("broker.key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertEquals(0, openssl.waitFor(), "openssl made the broker certificate");
    port = EmbeddedRedis.freePort();
    mosquitto = HubMosquitto.start(dataDir, port, List.of("certfile " + cert, "keyfile " + key));
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "ssl://localhost:" + port, ConfigKey.TLS_CA_FILE, cert.toString(),
        ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789")), System.out, TestHubs.ADMIN_PASSWORD);
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    Await.until("the hub connected to Mosquitto over TLS", Duration.ofSeconds(60), () -> anonymous.get("/health").status() == 200);
    fleet = TestFleet.start(hub, new FleetOptions().brokerHost("localhost").brokerPort(port).tls(cert));
  }

  @AfterAll
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void anAlertPlaysOnAll113VillagesThroughMosquittoOverTls() throws Exception {
    Await.until("113 endpoints connected over TLS", Duration.ofSeconds(60),
        () -> fleet.fleet().endpoints().stream().filter(SimEndpoint::isConnected).count() == 113);
    ApiClient api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    ApiClient.Reply sent = api.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出。")
        .put("level", "red").put("targets", new JsonObject().put("all", true)));
    assertEquals(201, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    Await.until("played on 113", Duration.ofSeconds(60), () -> api.get("/api/v1/alerts/" + id).body(),
        a -> a.containsKey("counts") && a.getJsonObject("counts").getLong("played") == 113);

    // mosquitto_pub with the CA file gets in; without it, it does not
    Endpoint endpoint = hub.directory().endpoints().values().iterator().next();
    List<String> pub = new ArrayList<>(List.of("mosquitto_pub", "-h", "localhost", "-p", String.valueOf(port), "-i",
        endpoint.id() + "-cli", "-u", endpoint.id(), "-P", hub.credentials().endpointSecrets().get(endpoint.id()),
        "-t", "dalaba/v1/ep/" + endpoint.id() + "/heartbeat", "-q", "1", "-m", "{\"v\":1,\"ts\":1,\"playing\":null}"));
    assertEquals(0, exit(with(pub, "--cafile", cert.toString())));
    assertNotEquals(0, exit(pub), "plain MQTT to a TLS listener fails");
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  private static int exit(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mosquitto_pub did not finish");
    }
    return process.exitValue();
  }
}
