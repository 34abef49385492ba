package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.media.TestAudio;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 7: operators with valid accounts try to fill the hub's disk and memory: many
 * uploads, programmes of much text, a burst of speech previews, a slow upload; and a disk that is
 * nearly full. Small quotas are configured so the test stays small.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class QuotaIT {
  static final String QINGYUN = "211282101";
  static final String PASSWORD = "quota-test-password";
  static final Duration WAIT = Duration.ofSeconds(60);
  /** About 0.56 MiB of WAV; the length varies so each file has its own hash. */
  static final int MILLIS = 37_000;

  @TempDir
  static Path dataDir;
  @TempDir
  static Path fullDiskDir;
  RunningHub hub;
  ApiClient admin;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MEDIA_QUOTA_USER_MEGABYTES, 1,
        ConfigKey.MEDIA_QUOTA_TOWNSHIP_MEGABYTES, 2, ConfigKey.MEDIA_MAX_BYTES, 1_500_000,
        ConfigKey.SPEECH_MAX_CHARS_PER_REQUEST, 3000, ConfigKey.SPEECH_WORKERS, 1, ConfigKey.SPEECH_MAX_QUEUED_JOBS, 1)),
        System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private ApiClient user(String username, String role, JsonObject scope) {
    return TestUsers.create(admin, hub.httpPort(), username, PASSWORD, role, scope);
  }

  private static JsonObject village(String id) {
    return new JsonObject().put("kind", "village").put("id", id);
  }

  private static void overQuota(ApiClient.Reply reply, String what) {
    assertEquals(413, reply.status(), reply.toString());
    String message = reply.body().getString("message", "");
    assertTrue(message.contains(what) && message.contains("已用") && message.contains("上限"), message);
  }

  @Test
  void uploadsStopAtTheUsersQuotaAndAtTheTownshipsQuota() {
    // GIVEN 1 MiB per user and 2 MiB per township
    ApiClient first = user("q-v1", "village_operator", village(QINGYUN + "001"));
    ApiClient second = user("q-v2", "village_operator", village(QINGYUN + "002"));
    ApiClient third = user("q-v3", "village_operator", village(QINGYUN + "003"));
    ApiClient township = user("q-t", "township_operator", new JsonObject().put("kind", "township").put("id", QINGYUN));
    assertEquals(201, first.postBytes("/api/v1/media?name=a", "audio/wav", TestAudio.wav(MILLIS)).status());
    // WHEN a village operator uploads a second file THEN its own quota refuses it, saying how much is used
    overQuota(first.postBytes("/api/v1/media?name=b", "audio/wav", TestAudio.wav(MILLIS + 1)), "您");
    // AND the township's uploads together stop at the township's quota
    assertEquals(201, second.postBytes("/api/v1/media?name=c", "audio/wav", TestAudio.wav(MILLIS + 2)).status());
    assertEquals(201, third.postBytes("/api/v1/media?name=d", "audio/wav", TestAudio.wav(MILLIS + 3)).status());
    overQuota(township.postBytes("/api/v1/media?name=e", "audio/wav", TestAudio.wav(MILLIS + 4)), "乡镇");
    // AND the same bytes again take no more space, so they are accepted
    assertEquals(201, first.postBytes("/api/v1/media?name=a", "audio/wav", TestAudio.wav(MILLIS)).status());
  }

  @Test
  void aProgrammeOfMuchTextIsRefusedBeforeAnythingIsSpoken() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 5; i++) {
      items.add(new JsonObject().put("text", "今".repeat(1000) + i));
    }
    ApiClient.Reply reply = admin.post("/api/v1/programmes", new JsonObject().put("name", "很长").put("items", items));
    assertEquals(400, reply.status(), reply.toString());
    assertEquals("items", reply.body().getString("field"), reply.toString());
    assertTrue(reply.body().getString("message").contains("3000"), reply.toString());
  }

  @Test
  void aBurstOfSpeechWorkIsRefusedWhenThePoolIsFullAndTheHubStillAnswers() throws Exception {
    ExternalProcess.requireProgram("/usr/bin/espeak-ng", "espeak-ng");
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      replies.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/speech-preview"))
          .header("Authorization", "Bearer " + admin.token()).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(120))
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "请注意防寒保暖。".repeat(200) + i).encode())).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    // while they run, the hub answers other requests
    assertEquals(200, admin.get("/api/v1/me").status());
    int busy = 0;
    int done = 0;
    for (CompletableFuture<HttpResponse<String>> reply : replies) {
      HttpResponse<String> r = reply.get(150, TimeUnit.SECONDS);
      if (r.statusCode() == 503) {
        busy++;
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), "says when to retry");
        assertTrue(new JsonObject(r.body()).getString("message").contains("繁忙"), r.body());
      } else {
        assertEquals(200, r.statusCode(), r.body());
        done++;
      }
    }
    assertTrue(busy >= 1, "one worker and one waiting job: the rest are refused, got " + busy + " refused");
    assertTrue(done >= 1, "but the pool still works");
  }

  @Test
  void anUploadIsWrittenToDiskAsItArrivesNotHeldInMemory() throws Exception {
    byte[] wav = TestAudio.wav(MILLIS + 50);
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream body = new PipedInputStream(writer, 65536);
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> reply = http.sendAsync(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/media?name=slow"))
        .header("Authorization", "Bearer " + admin.token()).header("Content-Type", "audio/wav").timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
    int half = wav.length / 2;
    writeInChunks(writer, wav, 0, half);
    // WHILE the upload is still arriving, half of it is already in a partial file under the data directory
    Await.until("a partial upload file of at least " + (half - 65536) + " bytes", WAIT, () -> partials().stream()
        .anyMatch(p -> size(p) >= half - 65536));
    writeInChunks(writer, wav, half, wav.length);
    writer.close();
    HttpResponse<String> done = reply.get(60, TimeUnit.SECONDS);
    assertEquals(201, done.statusCode(), done.body());
    Await.until("no partial file left", WAIT, () -> partials().isEmpty());
    // AND a refused upload leaves nothing behind either
    assertEquals(400, admin.postBytes("/api/v1/media?name=big", "audio/wav", TestAudio.wav(100_000)).status());
    Await.until("no partial file left after a refusal", WAIT, () -> partials().isEmpty());
  }

  private static void writeInChunks(OutputStream out, byte[] bytes, int from, int to) throws IOException {
    for (int at = from; at < to; at += 16384) {
      out.write(bytes, at, Math.min(16384, to - at));
      out.flush();
    }
  }

  private static List<Path> partials() {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
    } catch (IOException e) {
      return List.of(); // a file vanished while walking
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  void aNearlyFullDiskTurnsHealthDegradedAndRefusesUploadsButNotAlerts() throws Exception {
    // GIVEN a hub told to keep more free space than any disk here has
    try (RunningHub full = Application.start(TestHubs.config(fullDiskDir).with(ConfigKey.DISK_MIN_FREE_MEGABYTES, 100_000_000),
        System.out, TestHubs.ADMIN_PASSWORD)) {
      ApiClient api = new ApiClient(full.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
      // THEN /health warns (while still ready for alerts)
      JsonObject health = Await.until("health reports the disk", WAIT, () -> api.get("/health").body(),
          h -> h.getJsonObject("disk") != null && h.getJsonObject("disk").getBoolean("low", false));
      assertEquals("degraded", health.getString("status"), health.toString());
      assertTrue(health.getJsonArray("warnings").encode().contains("磁盘"), health.toString());
      // AND uploads are refused with a message saying why, while alerts are still accepted
      ApiClient.Reply upload = api.postBytes("/api/v1/media?name=x", "audio/wav", TestAudio.wav(300));
      assertEquals(507, upload.status(), upload.toString());
      assertTrue(upload.body().getString("message").contains("磁盘"), upload.toString());
      assertEquals(201, api.post("/api/v1/alerts", new JsonObject().put("title", "测试").put("text", "测试。").put("level", "blue")
          .put("targets", new JsonObject().put("all", true))).status());
      assertFalse(api.get("/api/v1/media").body().getJsonArray("media").stream()
          .anyMatch(m -> "x".equals(((JsonObject) m).getString("name"))));
    }
  }
}
