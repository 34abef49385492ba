package org.dalaba.hub.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade from the data the current release writes: {@code fixtures/format-0.zip} is a county made
 * by release 0.1's hub before data formats were recorded (see {@code fixtures/make-format-0.sh}). This
 * hub restores it, backs it up, migrates it to format 1 at start-up, and serves it whole.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReleaseFixtureUpgradeIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir
  Path dataDir;
  @TempDir
  Path work;
  RunningHub hub;
  TestFleet fleet;

  @AfterEach
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private static int dataFormat(Path archive) throws Exception {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      return BackupRestore.verified(zip).dataFormat();
    }
  }

  @Test
  void dataOfTheCurrentReleaseIsBackedUpMigratedAndServed() throws Exception {
    // GIVEN the release's data restored onto a fresh machine
    Path fixture = work.resolve("format-0.zip");
    try (InputStream in = ReleaseFixtureUpgradeIT.class.getResourceAsStream("/fixtures/format-0.zip")) {
      Files.copy(in, fixture);
    }
    assertEquals(0, dataFormat(fixture));
    HubConfig config = TestHubs.config(dataDir);
    BackupRestore.restore(fixture, config, false);

    // WHEN this hub starts on it
    hub = Application.start(config, System.out, null);

    // THEN it backed the old data up before migrating
    List<Path> before;
    try (Stream<Path> list = Files.list(config.backupDir())) {
      before = list.filter(p -> p.getFileName().toString().startsWith("dalaba-before-migration-")).toList();
    }
    assertEquals(1, before.size(), before.toString());
    assertEquals(0, dataFormat(before.get(0)));
    // and the data is now of format 1
    Path now = work.resolve("after.zip");
    BackupWriter.write(config, now);
    assertEquals(1, dataFormat(now));
    // and everything of the release is there: admin and township operator log in, the alert's history, schedule, recording
    ApiClient admin = new ApiClient(hub.httpPort()).login("admin", "Fixture-admin-2026!");
    new ApiClient(hub.httpPort()).login("township-ops", "Snow-night-duty-7#q");
    JsonObject alert = admin.get("/api/v1/alerts").body().getJsonArray("alerts").getJsonObject(0);
    assertEquals("暴雪红色预警", alert.getString("title"));
    assertEquals(113, admin.get("/api/v1/alerts/" + alert.getString("id")).body().getJsonObject("counts").getLong("played"));
    assertEquals(1, admin.get("/api/v1/schedules").body().getJsonArray("schedules").size());
    assertTrue(admin.getText("/api/v1/media").contains("fixture-tone"), "the recording is listed");
    // and the release's endpoints connect with the credentials it issued
    fleet = TestFleet.start(hub, hub.mqttPort());
    Await.until("113 online", WAIT, () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getLong("online") == 113);
  }
}
