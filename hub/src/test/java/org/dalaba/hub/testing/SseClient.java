package org.dalaba.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Server-Sent Events client as a browser's EventSource would be: trades the session for a stream
 * ticket, opens {@code /api/v1/events?ticket=}, and a thread collects the lines until the hub ends the
 * stream or the test closes it.
 */
public final class SseClient implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final InputStream body;
  private volatile boolean ended;

  private SseClient(InputStream body) {
    this.body = body;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // closed by the test
      }
      ended = true;
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** GET {@code pathAndQuery} on the hub, without any token. */
  public static HttpResponse<InputStream> get(int httpPort, String pathAndQuery) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads an already opened stream. */
  public static SseClient reading(InputStream body) {
    return new SseClient(body);
  }

  /** Takes a ticket with {@code user}'s session (on any hub) and opens the stream on the hub at {@code httpPort}. */
  public static SseClient open(ApiClient user, int httpPort) throws IOException, InterruptedException {
    ApiClient.Reply ticket = user.post("/api/v1/events/ticket", "{}");
    assertEquals(201, ticket.status(), ticket.toString());
    HttpResponse<InputStream> response = get(httpPort, "/api/v1/events?ticket=" + ticket.body().getString("ticket"));
    assertEquals(200, response.statusCode());
    SseClient sse = new SseClient(response.body());
    Await.until("the stream is connected", Duration.ofSeconds(30), () -> sse.saw(": connected"));
    return sse;
  }

  /** Every line read so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  public boolean saw(String text) {
    return lines.stream().anyMatch(l -> l.contains(text));
  }

  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
