package org.dalaba.sim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The hub's HTTP API as the benchmark uses it (docs/api.md); blocking, one logged-in admin session. */
final class HubClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String token;

  HubClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  void login(String password) throws IOException {
    JsonObject body = new JsonObject().put("username", "admin").put("password", password);
    token = call("POST", "/api/v1/session", "application/json", body.encode(), 201).getString("token");
  }

  /** Replaces the directory (CSV), returning the import's totals. */
  JsonObject importDirectory(String csv) throws IOException {
    return call("POST", "/api/v1/directory", "text/csv; charset=utf-8", csv, 200).getJsonObject("totals");
  }

  boolean healthy() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long onlineEndpoints() throws IOException {
    return call("GET", "/api/v1/villages", null, null, 200).getJsonObject("totals").getLong("online");
  }

  /** Sends an alert to every endpoint; returns its id. */
  String alertAll(String title, String text) throws IOException {
    JsonObject body = new JsonObject().put("title", title).put("text", text).put("level", "red")
        .put("targets", new JsonObject().put("all", true)).put("repeat", 1);
    return call("POST", "/api/v1/alerts", "application/json", body.encode(), 201).getString("id");
  }

  /** Per-state counts of the newest alert, from the cheap list call (no delivery records). */
  JsonObject newestCounts() throws IOException {
    JsonArray alerts = call("GET", "/api/v1/alerts?limit=1", null, null, 200).getJsonArray("alerts");
    return alerts.isEmpty() ? new JsonObject() : alerts.getJsonObject(0).getJsonObject("counts");
  }

  JsonObject counts(String alertId) throws IOException {
    return call("GET", "/api/v1/alerts/" + alertId, null, null, 200).getJsonObject("counts");
  }

  /** Hub receive times of every endpoint's {@code received} step, epoch ms (missing ones left out). */
  List<Long> receivedTimes(String alertId) throws IOException {
    return times(alertId, "receivedAt");
  }

  /** When each endpoint started playing the alert (its time on air), epoch ms. */
  List<Long> startedTimes(String alertId) throws IOException {
    return times(alertId, "startedAt");
  }

  private List<Long> times(String alertId, String field) throws IOException {
    JsonObject alert = call("GET", "/api/v1/alerts/" + alertId, null, null, 200);
    List<Long> times = new ArrayList<>();
    for (Object village : alert.getJsonArray("villages")) {
      for (Object endpoint : ((JsonObject) village).getJsonArray("endpoints")) {
        String at = ((JsonObject) endpoint).getString(field);
        if (at != null) {
          times.add(OffsetDateTime.parse(at).toInstant().toEpochMilli());
        }
      }
    }
    return times;
  }

  /** Opens a live session to the whole county; @return its id (docs/api.md, "Live sessions"). */
  String openLive(int maxSeconds) throws IOException {
    return call("POST", "/api/v1/live", "application/json", new JsonObject().put("targets", new JsonObject().put("all", true))
        .put("level", "routine").put("title", "bench").put("maxSeconds", maxSeconds).encode(), 201).getString("id");
  }

  /** Streams audio ({@code audio/ogg} or {@code audio/wav}) to a live session at the hub's real-time pace; @return the ended session. */
  JsonObject streamLive(String id, String type, byte[] audio) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/live/" + id + "/audio")).timeout(Duration.ofMinutes(10))
        .header("Authorization", "Bearer " + token).header("Content-Type", type)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(audio)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("streaming to " + id + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  JsonObject live(String id) throws IOException {
    return call("GET", "/api/v1/live/" + id, null, null, 200);
  }

  private JsonObject call(String method, String path, String type, String body, int expected) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
