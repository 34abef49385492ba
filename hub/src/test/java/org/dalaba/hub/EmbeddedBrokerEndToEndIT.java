package org.dalaba.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end contract on the default set-up: embedded HiveMQ CE and embedded Redis. */
class EmbeddedBrokerEndToEndIT extends AlertEndToEndContract {
  @TempDir
  static Path dataDir;

  @BeforeAll
  void startHub() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    startFleet(hub.mqttPort());
  }

  @Override
  Path dataDir() {
    return dataDir;
  }

  @Override
  int mqttPort() {
    return hub.mqttPort();
  }

  @Test
  @Order(10)
  void theApiRefusesWhatIsWrongAndSaysWhy() {
    // no token → 401
    ApiClient anonymous = new ApiClient(hub.httpPort());
    assertEquals(401, anonymous.get("/api/v1/villages").status());
    assertEquals(401, anonymous.post("/api/v1/alerts", alertBody(new JsonObject().put("all", true), null)).status());
    // a wrong password → 401
    assertEquals(401, anonymous.post("/api/v1/session", new JsonObject().put("username", "admin").put("password", "nope")).status());
    // invalid fields → 400 naming the field
    assertField("level", alertBody(new JsonObject().put("all", true), null).put("level", "purple"));
    assertField("title", null); // missing
    assertField("targets.villages", alertBody(villages("211282999999"), null));
    assertField("expiresAt", alertBody(new JsonObject().put("all", true), "2020-01-01T00:00:00+08:00"));
    assertField("repeat", alertBody(new JsonObject().put("all", true), null).put("repeat", 0));
    ApiClient.Reply notJson = api.post("/api/v1/alerts", "{not json");
    assertEquals(400, notJson.status());
    // unknown ids → 404
    assertEquals(404, api.get("/api/v1/alerts/a-20260101-nosuch00").status());
    assertEquals(404, api.post("/api/v1/alerts/a-20260101-nosuch00/cancel", "{}").status());
  }

  @Test
  @Order(11)
  void healthAndMetricsDescribeTheHub() {
    JsonObject health = new ApiClient(hub.httpPort()).get("/health").body();
    assertEquals(true, health.getBoolean("ready"), health.encode());
    assertEquals(true, health.getBoolean("leader"), health.encode());
    assertEquals(401, new ApiClient(hub.httpPort()).get("/metrics").status(), "/metrics wants its token");
    String token = metricsToken();
    String metrics = new ApiClient(hub.httpPort()).withToken(token).getText("/metrics");
    assertTrue(metrics.contains("dalaba_endpoints_connected 113"), metrics);
    assertTrue(metrics.contains("dalaba_device_messages_rejected_total{reason=\"MALFORMED_JSON\"} 1"), metrics);
    assertTrue(metrics.contains("dalaba_hub_leader 1") && metrics.contains("dalaba_redis_up 1"), metrics);
    assertTrue(metrics.contains("dalaba_device_reports_dropped_total 0"), metrics);
    assertTrue(metrics.contains("dalaba_alert_accept_to_last_receipt_seconds_count"), metrics);
  }

  @Test
  @Order(20)
  void theDirectoryIsReplacedByImportingACsvAndABadFileChangesNothing() {
    // GIVEN the sample directory as CSV with one more village
    String csv = org.dalaba.hub.directory.DirectoryParser.toCsv(hub.directory())
        + "211282105,马家寨镇,211282105099,新建村（样例）,,村委会（样例）,024-0000-0999,42.6,124.1,true\r\n";
    // WHEN it is previewed, then imported
    ApiClient.Reply preview = api.postText("/api/v1/directory?dryRun=true", "text/csv", csv);
    assertEquals(200, preview.status(), preview.toString());
    assertEquals(113, hub.directory().villages().size(), "a dry run changes nothing");
    ApiClient.Reply imported = api.postText("/api/v1/directory", "text/csv", csv);
    // THEN the new village and its endpoint exist, with their own credentials
    assertEquals(200, imported.status(), imported.toString());
    assertEquals(114, imported.body().getJsonObject("totals").getInteger("villages"));
    assertEquals(114, api.get("/api/v1/villages").body().getJsonObject("totals").getInteger("villages"));
    assertTrue(hub.credentials().endpointSecrets().containsKey("211282105099-01"));
    // AND a file with problems is refused whole, each problem located
    ApiClient.Reply bad = api.postText("/api/v1/directory", "text/csv", csv + "211282105,马家寨镇,21128210509,短编号村,,,,,,true\r\n");
    assertEquals(400, bad.status(), bad.toString());
    assertTrue(bad.body().getJsonArray("problems").encode().contains("line"), bad.toString());
    assertEquals(114, api.get("/api/v1/villages").body().getJsonObject("totals").getInteger("villages"));
  }

  /** @param body the request, or null for a valid request without {@code field} */
  private void assertField(String field, JsonObject body) {
    JsonObject request = body == null ? alertBody(new JsonObject().put("all", true), null) : body;
    if (body == null) {
      request.remove(field);
    }
    ApiClient.Reply reply = api.post("/api/v1/alerts", request);
    assertEquals(400, reply.status(), reply.toString());
    assertEquals(field, reply.body().getString("field"), reply.toString());
    assertFalse(reply.body().getString("message").startsWith(field), "no API field name in an operator's message: " + reply);
  }
}
