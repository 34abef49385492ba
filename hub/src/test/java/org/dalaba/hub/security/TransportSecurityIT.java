package org.dalaba.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.tls.TlsMaterial;
import org.dalaba.sim.SimEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 8 of issue 11 with real TLS clients: a hub with {@code tls.requireTls} and its own CA serves
 * the console, API and media only over HTTPS and MQTT only over TLS. 113 simulated endpoints connect over
 * TLS with the CA file; {@code curl --cacert} and {@code mosquitto_pub --cafile} get in, the same without
 * the CA or in plain text do not; {@code /metrics} wants its token; administrators download the CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransportSecurityIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dataDir;

  RunningHub hub;
  TestFleet fleet;
  ApiClient admin;
  Path ca;
  int plainHttpPort;
  int plainMqttPort;

  @BeforeAll
  void start() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/curl", "curl");
    ExternalProcess.requireProgram("/usr/bin/mosquitto_pub", "mosquitto-clients");
    plainHttpPort = EmbeddedRedis.freePort();
    plainMqttPort = EmbeddedRedis.freePort();
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.TLS_REQUIRE, "true",
        ConfigKey.TLS_HTTPS_PORT, "0", ConfigKey.TLS_MQTT_PORT, "0", ConfigKey.HTTP_PORT, String.valueOf(plainHttpPort),
        ConfigKey.MQTT_PORT, String.valueOf(plainMqttPort))), System.out, TestHubs.ADMIN_PASSWORD);
    ca = hub.tls().caCertificate();
    admin = new ApiClient(hub.httpsPort(), TlsMaterial.sslContext(ca)).login("admin", TestHubs.ADMIN_PASSWORD);
    fleet = TestFleet.startTls(hub);
    Await.until("113 endpoints online over TLS", WAIT,
        () -> fleet.fleet().endpoints().stream().filter(SimEndpoint::isConnected).count() == 113);
  }

  @AfterAll
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void anAlertReachesAll113VillagesOverTls() {
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出。")
        .put("level", "red").put("targets", new JsonObject().put("all", true)));
    assertEquals(201, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    Await.until("played on 113", WAIT, () -> admin.get("/api/v1/alerts/" + id).body(),
        a -> a.containsKey("counts") && a.getJsonObject("counts").getLong("played") == 113);
  }

  @Test
  @Order(2)
  void curlWithTheCaGetsInWithoutItOrInPlainTextItDoesNot() throws Exception {
    String https = "https://localhost:" + hub.httpsPort();
    Result ok = run("curl", "-sS", "--cacert", ca.toString(), "-o", "/dev/null", "-w", "%{http_code}", https + "/health");
    assertEquals("200", ok.out(), ok.toString());
    Result untrusted = run("curl", "-sS", "-o", "/dev/null", https + "/health");
    assertEquals(60, untrusted.exit(), "curl refuses a certificate it cannot verify: " + untrusted);
    Result plainOnTlsPort = run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:" + hub.httpsPort() + "/health");
    assertNotEquals("200", plainOnTlsPort.out(), plainOnTlsPort.toString());
    Result plainPort = run("curl", "-sS", "-o", "/dev/null", "http://127.0.0.1:" + plainHttpPort + "/health");
    assertEquals(7, plainPort.exit(), "requireTls: nothing listens for plain HTTP: " + plainPort);
  }

  @Test
  @Order(3)
  void metricsWantTheirTokenAndAdministratorsDownloadTheCa() throws Exception {
    String metrics = "https://localhost:" + hub.httpsPort() + "/metrics";
    Result anonymous = run("curl", "-sS", "--cacert", ca.toString(), "-o", "/dev/null", "-w", "%{http_code}", metrics);
    assertEquals("401", anonymous.out(), anonymous.toString());
    String token = Files.readString(dataDir.resolve("credentials/metrics.token")).strip();
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dataDir.resolve("credentials/metrics.token"))));
    Result scraped = run("curl", "-sS", "--cacert", ca.toString(), "-H", "Authorization: Bearer " + token, metrics);
    assertTrue(scraped.out().contains("dalaba_endpoints_connected 113"), scraped.toString());

    String downloaded = admin.getText("/api/v1/tls/ca.pem");
    assertEquals(Files.readString(ca), downloaded);
    assertEquals(401, new ApiClient(hub.httpsPort(), TlsMaterial.sslContext(ca)).get("/api/v1/tls/ca.pem").status());
    ApiClient.Reply viewer = admin.post("/api/v1/users", new JsonObject().put("username", "tls-viewer")
        .put("password", "Tls-viewer-Xq7#9kLm2pWz").put("role", "viewer"));
    assertEquals(201, viewer.status(), viewer.toString());
    ApiClient notAdmin = new ApiClient(hub.httpsPort(), TlsMaterial.sslContext(ca)).login("tls-viewer", "Tls-viewer-Xq7#9kLm2pWz");
    assertEquals(403, notAdmin.get("/api/v1/tls/ca.pem").status(), "only administrators download the CA");
    assertFalse(Files.readString(ca).contains("PRIVATE"), "the download is the certificate only");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dataDir.resolve("tls/ca.key.pem"))));
  }

  @Test
  @Order(4)
  void mosquittoPubWithTheCaFilePublishesWithoutItOrInPlainTextItCannot() throws Exception {
    Endpoint endpoint = hub.directory().endpoints().values().iterator().next();
    String secret = hub.credentials().endpointSecrets().get(endpoint.id());
    String topic = "dalaba/v1/ep/" + endpoint.id() + "/heartbeat";
    String beat = "{\"v\":1,\"ts\":" + System.currentTimeMillis() + ",\"playing\":null}";
    List<String> base = List.of("mosquitto_pub", "-h", "localhost", "-i", endpoint.id() + "-cli", "-u", endpoint.id(),
        "-P", secret, "-t", topic, "-q", "1", "-m", beat);
    Result ok = run(with(base, "-p", String.valueOf(hub.mqttTlsPort()), "--cafile", ca.toString()));
    assertEquals(0, ok.exit(), ok.toString());
    Result untrusted = run(with(base, "-p", String.valueOf(hub.mqttTlsPort()), "--capath", "/etc/ssl/certs"));
    assertNotEquals(0, untrusted.exit(), "a broker certificate it cannot verify is refused: " + untrusted);
    Result plainOnTlsPort = run(with(base, "-p", String.valueOf(hub.mqttTlsPort())));
    assertNotEquals(0, plainOnTlsPort.exit(), plainOnTlsPort.toString());
    Result plainPort = run(with(base, "-p", String.valueOf(plainMqttPort)));
    assertNotEquals(0, plainPort.exit(), "requireTls: nothing listens for plain MQTT: " + plainPort);
  }

  @Test
  @Order(5)
  void mediaIsServedOverHttpsToEndpointsWithTheirCredentials() throws Exception {
    byte[] wav = TestAudio.wav(300);
    ApiClient.Reply uploaded = admin.postBytes("/api/v1/media?name=tone", "audio/wav", wav);
    assertEquals(201, uploaded.status(), uploaded.toString());
    Endpoint endpoint = hub.directory().endpoints().values().iterator().next();
    // an endpoint may fetch only what a command sent to it named: an alert to its village with the recording
    ApiClient.Reply alert = admin.post("/api/v1/alerts", new JsonObject().put("title", "测试").put("text", "请注意。")
        .put("level", "blue").put("targets", new JsonObject().put("villages", new io.vertx.core.json.JsonArray().add(endpoint.villageId())))
        .put("media", uploaded.body().getString("sha256")));
    assertEquals(201, alert.status(), alert.toString());
    String sha = admin.get("/api/v1/alerts/" + alert.body().getString("id")).body().getJsonObject("media").getString("sha256");
    Path out = dataDir.resolveSibling("media-" + sha);
    Result fetched = run("curl", "-sS", "--fail", "--cacert", ca.toString(), "-u",
        endpoint.id() + ":" + hub.credentials().endpointSecrets().get(endpoint.id()), "-o", out.toString(),
        "https://localhost:" + hub.httpsPort() + "/media/" + sha);
    assertEquals(0, fetched.exit(), fetched.toString());
    assertEquals(sha, org.dalaba.hub.media.MediaFiles.sha256(Files.readAllBytes(out)), "the file fetched is the one named");
    Files.delete(out);
  }

  record Result(int exit, String out) {
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  private static Result run(String... command) throws Exception {
    return run(List.of(command));
  }

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish");
    }
    return new Result(process.exitValue(), out);
  }
}
