package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dalaba.sim.endpoint.HubClock;
import org.dalaba.sim.endpoint.MediaCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real endpoint's download over a weak link: the first response breaks off half-way, the next request asks
 * for the rest with Range, and the file is checked and cached. A media server (JDK HttpServer) that answers
 * ranges like the hub's.
 */
class CachingFetcherTest {

  @TempDir
  Path dir;
  HttpServer server;
  Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop(0);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anInterruptedDownloadContinuesWithRangeAndIsVerified() throws Exception {
    byte[] file = org.dalaba.sim.endpoint.MediaCacheTest.random(200_000, 7);
    String sha = org.dalaba.sim.endpoint.MediaCacheTest.sha(file);
    List<String> ranges = new CopyOnWriteArrayList<>();
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/media/", exchange -> {
      String range = exchange.getRequestHeaders().getFirst("Range");
      ranges.add(String.valueOf(range));
      if (requests.getAndIncrement() == 0) {
        // the link drops after 80,000 bytes of a 200,000-byte answer
        exchange.sendResponseHeaders(200, file.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(file, 0, 80_000);
          out.flush();
        }
        exchange.close();
        return;
      }
      int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
      exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
      exchange.sendResponseHeaders(206, file.length - from);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(file, from, file.length - from);
      }
    });
    server.start();
    HubClock clock = new HubClock();
    MediaCache cache = new MediaCache(dir, 10_000_000, clock::now);
    CachingFetcher fetcher = new CachingFetcher(vertx, cache, clock, java.net.http.HttpClient.newHttpClient(), new EndpointStatus());
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/media/" + sha;
    Map<String, io.vertx.core.buffer.Buffer> got = fetcher.fetchAll(List.of(new MediaRef(sha, url, file.length)), "ep", "pw",
        System.currentTimeMillis() + 3_600_000 * 2).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertArrayEquals(file, got.get(sha).getBytes());
    assertEquals("null", ranges.get(0));
    assertEquals("bytes=80000-", ranges.get(1), "the second request asks only for the rest");
    assertTrue(cache.has(sha));
    assertTrue(clock.measuredAt() > 0, "the server's Date header was taken (the JDK server always sends its own)");
    assertEquals(0, clock.offsetMs(), "same machine, same clock");
    // a second fetch comes from the cache, without a request
    fetcher.fetchAll(List.of(new MediaRef(sha, url, file.length)), "ep", "pw", null).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(2, requests.get());
  }
}
