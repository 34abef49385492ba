package org.dalaba.hub.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking client of the hub's HTTP API for tests (runs on the test thread, never an event loop). */
public final class ApiClient {
  public record Reply(int status, JsonObject body) {
  }

  private final HttpClient http;
  private final String base;
  private String token;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Over HTTPS to {@code https://localhost:port}, trusting only {@code tls}. */
  public ApiClient(int httpsPort, javax.net.ssl.SSLContext tls) {
    this.base = "https://localhost:" + httpsPort;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
  }

  public ApiClient login(String username, String password) {
    Reply reply = post("/api/v1/session", new JsonObject().put("username", username).put("password", password).encode());
    if (reply.status() != 201) {
      throw new AssertionError("login failed: " + reply);
    }
    token = reply.body().getString("token");
    return this;
  }

  /** Acts with a token obtained elsewhere (e.g. from a browser's session). */
  public ApiClient withToken(String token) {
    this.token = token;
    return this;
  }

  public String token() {
    return token;
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Reply post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply postText(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply postBytes(String path, String contentType, byte[] body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Reply put(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** A non-JSON answer (a CSV export), as text; fails unless 200. */
  public String getText(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  public Reply post(String path, JsonObject body) {
    return post(path, body.encode());
  }

  private Reply send(HttpRequest.Builder request) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Reply(response.statusCode(), body == null || body.isEmpty() || !body.startsWith("{") ? new JsonObject() : new JsonObject(body));
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
