package org.dalaba.hub.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.audio.AttentionSignal;
import org.dalaba.sim.audio.Speech;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real endpoint through a Mosquitto that speaks only TLS (certificate made with openssl, as in
 * MosquittoTlsIT): {@code --broker mqtts://localhost:PORT --cafile}, host name checked; an alert is heard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealEndpointMosquittoTlsIT {
  static final String VILLAGE = "211282101001";

  @TempDir
  static Path dataDir;
  @TempDir
  static Path endpointDir;
  ExternalProcess mosquitto;
  RunningHub hub;
  EndpointUnderTest endpoint;
  ApiClient api;

  @BeforeAll
  void start() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/openssl", "openssl");
    ExternalProcess.requireProgram("/usr/bin/espeak-ng", "espeak-ng");
    Path tls = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-broker-tls"));
    Path cert = tls.resolve("broker.crt.pem");
    Path key = tls.resolve("broker.key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertEquals(0, openssl.waitFor(), "openssl made the broker certificate");
    int port = EmbeddedRedis.freePort();
    mosquitto = HubMosquitto.start(dataDir, port, List.of("certfile " + cert, "keyfile " + key));
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "ssl://localhost:" + port, ConfigKey.TLS_CA_FILE, cert.toString(),
        ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789")), System.out, TestHubs.ADMIN_PASSWORD);
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    Await.until("the hub connected to Mosquitto over TLS", Duration.ofSeconds(60), () -> anonymous.get("/health").status() == 200);
    api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    endpoint = EndpointUnderTest.start(hub, api, dataDir, endpointDir, VILLAGE + "-01", "mqtts://localhost:" + port,
        "--cafile", cert.toString());
  }

  @AfterAll
  void stop() throws Exception {
    if (endpoint != null) {
      endpoint.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void anAlertIsHeardThroughMosquittoOverTls() throws Exception {
    Await.until("the endpoint connected over TLS", Duration.ofSeconds(60), () -> endpoint.running.endpoint().isConnected());
    String text = "暴雪橙色预警，请村民减少外出。";
    ApiClient.Reply sent = api.post("/api/v1/alerts", new JsonObject().put("title", "暴雪橙色预警").put("text", text).put("level", "orange")
        .put("repeat", 1).put("targets", new JsonObject().put("villages", new JsonArray().add(VILLAGE))));
    assertEquals(201, sent.status(), sent.toString());
    String id = sent.body().getString("id");
    Await.until("played", Duration.ofSeconds(60), () -> api.get("/api/v1/alerts/" + id).body(),
        a -> a.containsKey("counts") && a.getJsonObject("counts").getLong("played") == 1);
    // orange plays at its forced volume 90 (alert.volume.orange), signed by the key in the provisioning file
    short[] expected = EndpointUnderTest.atVolume(EndpointUnderTest.concat(AttentionSignal.forLevel("orange"),
        Speech.espeak().speak(text)), 90);
    assertEquals(EndpointUnderTest.sha256(expected), EndpointUnderTest.sha256(endpoint.output(0)));
  }
}
