package org.dalaba.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the API's 1 MiB body limit refused a prefecture's directory that the parser (16 MiB, 20,000
 * villages) accepts: a JSON directory of more than about 2,600 villages got 413. An administrator now
 * imports up to the parser's limit, and nobody without a session gets a large body buffered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectoryImportSizeIT {
  @TempDir
  static Path dataDir;
  RunningHub hub;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  /** A prefecture-sized JSON directory: {@code townships} × 100 villages, one endpoint each. */
  private static String prefecture(int townships) {
    JsonArray list = new JsonArray();
    for (int t = 1; t <= townships; t++) {
      String townshipId = "211282" + String.format("%03d", 100 + t);
      JsonArray villages = new JsonArray();
      for (int v = 1; v <= 100; v++) {
        String villageId = townshipId + String.format("%03d", v);
        villages.add(new JsonObject().put("id", villageId).put("name", "第" + t + "镇第" + v + "村")
            .put("contact", new JsonObject().put("name", "村委会值班室电话联系人").put("phone", "024-8888-" + String.format("%04d", v)))
            .put("lat", 42.5 + v / 1000.0).put("lon", 123.9 + t / 1000.0)
            .put("endpoints", new JsonArray().add(new JsonObject().put("id", villageId + "-01"))));
      }
      list.add(new JsonObject().put("id", townshipId).put("name", "第" + t + "镇").put("villages", villages));
    }
    return new JsonObject().put("county", new JsonObject().put("id", "211282").put("name", "开原市")).put("townships", list)
        .encodePrettily();
  }

  @Test
  void anAdministratorPreviewsADirectoryOfSixThousandVillages() {
    String file = prefecture(60);
    assertTrue(file.getBytes(StandardCharsets.UTF_8).length > 1_048_576, "larger than the API's usual 1 MiB");
    ApiClient.Reply preview = admin.postText("/api/v1/directory?dryRun=true", "application/json", file);
    assertEquals(200, preview.status(), preview.toString());
    assertEquals(6000, preview.body().getJsonObject("totals").getInteger("villages"), preview.toString());
    assertEquals(113, hub.directory().villages().size(), "a dry run changes nothing");
  }

  @Test
  void aFileOverTheDirectoryLimitIsRefusedInWordsAnOperatorUnderstands() {
    String file = " ".repeat(17 * 1024 * 1024);
    ApiClient.Reply reply = admin.postText("/api/v1/directory?dryRun=true", "application/json", file);
    assertEquals(413, reply.status(), reply.toString());
    assertTrue(reply.body().getString("message").contains("16 MiB"), reply.toString());
  }

  @Test
  void withoutASessionALargeBodyGets401NotBuffering() {
    ApiClient.Reply reply = new ApiClient(hub.httpPort()).postText("/api/v1/directory", "application/json", " ".repeat(4 * 1024 * 1024));
    assertEquals(401, reply.status(), reply.toString());
  }
}
