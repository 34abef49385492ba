package org.dalaba.hub.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dalaba.hub.testing.ApiClient;

/** The operator's side, from docs/api.md "Live sessions": open a session, stream a WAV into it, read it back. */
final class Operator {
  private final ApiClient api;
  private final int httpPort;
  // HTTP/1.1 as curl speaks it (docs/api.md's example); the JDK's default would upgrade to h2c
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  Operator(ApiClient api, int httpPort) {
    this.api = api;
    this.httpPort = httpPort;
  }

  ApiClient api() {
    return api;
  }

  /** Opens a session to these villages; returns the 201's session. */
  JsonObject open(String level, int maxSeconds, String... villages) {
    ApiClient.Reply created = api.post("/api/v1/live", new JsonObject().put("level", level).put("title", "村委会通知")
        .put("maxSeconds", maxSeconds).put("targets", new JsonObject().put("villages", new JsonArray(List.of((Object[]) villages)))));
    assertEquals(201, created.status(), created.toString());
    return created.body();
  }

  JsonObject session(String id) {
    return api.get("/api/v1/live/" + id).body();
  }

  /** {@code PUT /api/v1/live/{id}/audio} with a WAV; completes with the hub's answer when the source has ended. */
  CompletableFuture<HttpResponse<String>> stream(String id, byte[] wav) {
    return stream(id, wav, http);
  }

  /** {@link #stream} with the JDK client's default, HTTP/2 (cleartext upgrade), as a Java source would send it. */
  CompletableFuture<HttpResponse<String>> streamOverHttp2(String id, byte[] wav) {
    return stream(id, wav, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private CompletableFuture<HttpResponse<String>> stream(String id, byte[] wav, HttpClient client) {
    HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/live/" + id + "/audio"))
        .header("Authorization", "Bearer " + api.token()).header("Content-Type", "audio/wav")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build();
    return client.sendAsync(put, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Like {@link #stream} but the source goes silent after {@code wav}'s bytes (a line-in box whose cable came out):
   * the upload stays open, sending nothing, until {@code release} counts down.
   */
  CompletableFuture<HttpResponse<String>> streamThenStall(String id, byte[] wav, java.util.concurrent.CountDownLatch release) {
    java.io.InputStream stalling = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(wav), new java.io.InputStream() {
      @Override
      public int read() throws java.io.IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    });
    HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/live/" + id + "/audio"))
        .header("Authorization", "Bearer " + api.token()).header("Content-Type", "audio/wav")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> stalling)).build();
    return http.sendAsync(put, HttpResponse.BodyHandlers.ofString());
  }

  /** A 16-bit mono PCM WAV: a 440 Hz tone, loud enough to encode as speech-like audio. */
  static byte[] wav(int rate, int ms) {
    int frames = rate * ms / 1000;
    ByteBuffer data = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      data.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(frames * 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.writeBytes(data.array());
    return out.toByteArray();
  }
}
