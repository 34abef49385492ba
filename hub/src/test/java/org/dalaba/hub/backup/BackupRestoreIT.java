package org.dalaba.hub.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.HubKeys;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill of docs/operations.md, "Backup and restore": a running hub with 113 simulated villages, a
 * played alert, a user, a recording and a schedule is backed up while it runs, stopped, and restored
 * onto an empty data directory; the restored hub's villages reconnect with the secrets and signing keys
 * they already had, the history is there, and the schedule fires.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BackupRestoreIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String OFFICER_PASSWORD = "雪夜值守-Kx7#pq2";
  @TempDir
  Path original;
  @TempDir
  Path fresh;
  @TempDir
  Path archives;
  RunningHub hub;
  Vertx simVertx;
  SimulatedFleet fleet;

  @AfterEach
  void stop() throws Exception {
    stopFleet();
    if (hub != null) {
      hub.close();
    }
  }

  private HubConfig config(Path dataDir) {
    return TestHubs.config(dataDir).with(Map.of(ConfigKey.SCHEDULE_PREFETCH_LEAD_SECONDS, 2, ConfigKey.DEMO_TIME_SCALE, 0.05));
  }

  /** Every endpoint of the directory with the secrets and hub keys given, not those the running hub knows. */
  private void startFleet(Map<String, String> secrets, Map<String, byte[]> hubKeys) throws Exception {
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (Endpoint e : hub.directory().endpoints().values()) {
      specs.add(new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(), secrets.get(e.id())));
    }
    simVertx = Vertx.vertx();
    fleet = SimulatedFleet.start(simVertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort()).timeScale(0.01)
        .heartbeatSeconds(5).hubKeys(HubKeys.of(hubKeys)), specs).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      fleet = null;
    }
    if (simVertx != null) {
      simVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      simVertx = null;
    }
  }

  private static long online(ApiClient api) {
    return api.get("/api/v1/villages").body().getJsonObject("totals").getLong("online");
  }

  private static JsonObject created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.body();
  }

  @Test
  void aRunningHubBackedUpAndRestoredOntoAnEmptyDataDirectoryComesBackWhole() throws Exception {
    // GIVEN a running hub, its 113 villages online
    hub = Application.start(config(original), System.out, TestHubs.ADMIN_PASSWORD);
    Map<String, String> secrets = Map.copyOf(hub.credentials().endpointSecrets());
    Map<String, byte[]> hubKeys = hub.commandKeys().publicKeys();
    startFleet(secrets, hubKeys);
    ApiClient api = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("113 online", WAIT, () -> online(api) == 113);
    // with a township operator, a recording in a programme scheduled ahead, and a red alert every village played
    TestUsers.create(api, hub.httpPort(), "duty-officer", OFFICER_PASSWORD, "township_operator",
        new JsonObject().put("kind", "township").put("id", "211282105"));
    String sha = created(api.postBytes("/api/v1/media?name=recording", "audio/wav", TestAudio.wav(1_500))).getString("sha256");
    String programme = created(api.post("/api/v1/programmes", new JsonObject().put("name", "早间节目")
        .put("items", new JsonArray().add(new JsonObject().put("media", sha))))).getString("id");
    OffsetDateTime at = OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    String schedule = created(api.post("/api/v1/schedules", new JsonObject().put("name", "早间节目").put("programmeId", programme)
        .put("targets", new JsonObject().put("all", true)).put("recurrence", new JsonObject().put("type", "once").put("at", at.toString()))))
        .getString("id");
    String alert = created(api.post("/api/v1/alerts", new JsonObject().put("title", "暴雪红色预警").put("text", "请村民减少外出。")
        .put("level", "red").put("targets", new JsonObject().put("all", true)))).getString("id");
    Await.until("the alert played by 113", WAIT,
        () -> api.get("/api/v1/alerts/" + alert).body().getJsonObject("counts").getLong("played") == 113);

    // WHEN it is backed up while it runs
    Path archive = archives.resolve("county.zip");
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    assertEquals(0, BackupCommands.backup(config(original), archive, new PrintStream(said, true, StandardCharsets.UTF_8), System.err));
    System.out.println("backup of the 113-village hub: " + said.toString(StandardCharsets.UTF_8).strip());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
    // a restore while that hub runs on its data directory is refused
    assertEquals(1, BackupCommands.restore(config(original), archive, true, System.out, System.err));
    // and the machine is lost: hub and villages stop
    stopFleet();
    hub.close();
    hub = null;

    // AND it is restored onto an empty data directory
    said.reset();
    assertEquals(0, BackupCommands.restore(config(fresh), archive, false, new PrintStream(said, true, StandardCharsets.UTF_8), System.err));
    System.out.println("restore onto an empty data directory: " + said.toString(StandardCharsets.UTF_8).strip());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("credentials"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("credentials/endpoints.csv"))));

    // THEN the restored hub starts (no admin password given: the old admin is back)
    long restart = System.nanoTime();
    hub = Application.start(config(fresh), System.out, null);
    // and every village reconnects with the secret and the hub keys it had before
    startFleet(secrets, hubKeys);
    ApiClient back = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    Await.until("113 online again with their old credentials", WAIT, () -> online(back) == 113);
    System.out.printf("restored hub started and 113 villages online in %d ms%n", (System.nanoTime() - restart) / 1_000_000);
    // the history is intact
    JsonObject played = back.get("/api/v1/alerts/" + alert).body();
    assertEquals(113, played.getJsonObject("counts").getLong("played"), played.encode());
    assertEquals(200, back.get("/api/v1/schedules/" + schedule).status());
    assertTrue(back.getText("/api/v1/media").contains(sha), "the recording is listed");
    new ApiClient(hub.httpPort()).login("duty-officer", OFFICER_PASSWORD);
    // the schedule made before the backup fires on the restored hub, to every village
    String fireId = Await.until("the schedule's fire", WAIT, () -> back.get("/api/v1/schedules/" + schedule + "/fires").body()
        .getJsonArray("fires"), fires -> fires != null && !fires.isEmpty()).getJsonObject(0).getString("id");
    Await.until("the fire played by 113", WAIT, () -> {
      JsonObject fire = back.get("/api/v1/fires/" + fireId).body();
      return fire.containsKey("counts") && fire.getJsonObject("counts").getLong("played") == 113;
    });
    // and a new alert, signed with the restored key, is accepted and played everywhere
    String next = created(back.post("/api/v1/alerts", new JsonObject().put("title", "解除预警").put("text", "预警解除。")
        .put("level", "blue").put("targets", new JsonObject().put("all", true)))).getString("id");
    Await.until("the new alert played by 113", WAIT,
        () -> back.get("/api/v1/alerts/" + next).body().getJsonObject("counts").getLong("played") == 113);

    // AND restoring again over this live data is refused without --force
    stopFleet();
    hub.close();
    hub = null;
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    assertEquals(1, BackupCommands.restore(config(fresh), archive, false, System.out, new PrintStream(refused, true, StandardCharsets.UTF_8)));
    assertTrue(refused.toString(StandardCharsets.UTF_8).contains("--force"), refused.toString(StandardCharsets.UTF_8));
  }
}
