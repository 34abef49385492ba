package org.dalaba.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.sim.endpoint.HubClock;
import org.dalaba.sim.endpoint.MediaCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real endpoint's media: from its {@link MediaCache} when it holds the file, else downloaded into
 * the cache (docs/protocol.md, "prefetch"): HTTP GET with Basic credentials, into {@code {sha256}.part};
 * an interrupted download continues where it stopped with {@code Range: bytes=N-} (a 206 appends, a 200
 * starts over), up to {@value #ATTEMPTS} attempts with back-off 0.5, 1, 2, 4 s; then the SHA-256 check.
 * Every response's {@code Date} header feeds the {@link HubClock}. Blocking I/O, on a worker thread.
 */
final class CachingFetcher implements MediaSource {

  private static final Logger LOG = LoggerFactory.getLogger(CachingFetcher.class);
  static final int ATTEMPTS = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final MediaCache cache;
  private final HubClock clock;
  private final HttpClient http;
  private final EndpointStatus status;

  CachingFetcher(Vertx vertx, MediaCache cache, HubClock clock, HttpClient http, EndpointStatus status) {
    this.vertx = vertx;
    this.cache = cache;
    this.clock = clock;
    this.status = status;
    this.http = http;
  }

  @Override
  public Future<Map<String, Buffer>> fetchAll(List<MediaRef> refs, String username, String password, Long keepUntil) {
    String authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    long keep = keepUntil != null ? keepUntil : clock.now() + 24 * 3_600_000L;
    return vertx.executeBlocking(() -> {
      Map<String, Buffer> files = new LinkedHashMap<>();
      for (MediaRef ref : refs) {
        files.put(ref.sha256(), Buffer.buffer(get(ref, authorization, keep)));
      }
      return files;
    }, false);
  }

  private byte[] get(MediaRef ref, String authorization, long keepUntil) throws IOException {
    if (cache.has(ref.sha256())) {
      cache.keep(ref.sha256(), keepUntil);
      byte[] held = cache.read(ref.sha256());
      if (held != null) {
        return held;
      }
    }
    Path part = cache.partial(ref.sha256());
    String problem = null;
    long backoff = 500;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        problem = download(ref, authorization, part);
        if (problem == null) {
          break;
        }
      } catch (IOException e) {
        problem = "download of " + ref.url() + " broke off: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MediaFetcher.MediaException(Reason.MEDIA_UNAVAILABLE, "interrupted");
      }
      if (problem.startsWith("HTTP 40")) {
        break; // 401/403/404 will not change with a retry
      }
      LOG.info("media {}: attempt {} failed ({}), {} bytes kept", ref.sha256(), attempt, problem,
          Files.exists(part) ? Files.size(part) : 0);
      if (attempt < ATTEMPTS) {
        sleep(backoff);
        backoff *= 2;
      }
    }
    if (problem != null) {
      status.error(problem);
      throw new MediaFetcher.MediaException(Reason.MEDIA_UNAVAILABLE, problem);
    }
    if (!cache.store(ref.sha256(), part, keepUntil)) {
      status.error("sha256 of " + ref.url() + " does not match");
      throw new MediaFetcher.MediaException(Reason.MEDIA_HASH_MISMATCH, "sha256 of " + ref.url() + " does not match");
    }
    return cache.read(ref.sha256());
  }

  /** @return null when {@code part} holds the whole file, else why not */
  private String download(MediaRef ref, String authorization, Path part) throws IOException, InterruptedException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ref.url())).timeout(TIMEOUT)
        .header("Authorization", authorization).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    long sentAt = System.currentTimeMillis();
    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    clock.sample(response.headers().firstValue("Date").orElse(null), sentAt, System.currentTimeMillis());
    int code = response.statusCode();
    try (InputStream body = response.body()) {
      if (code == 416) {
        Files.deleteIfExists(part); // what we kept is not a prefix of this file: start over
        return "HTTP 416 for " + ref.url() + " (kept bytes dropped)";
      }
      if (code != 200 && code != 206) {
        return "HTTP " + code + " for " + ref.url();
      }
      boolean append = code == 206;
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        body.transferTo(out);
      }
    }
    if (ref.bytes() > 0 && Files.size(part) < ref.bytes()) {
      return "download of " + ref.url() + " ended after " + Files.size(part) + " of " + ref.bytes() + " bytes";
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
