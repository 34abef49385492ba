package org.dalaba.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads prefetched audio: HTTP GET with the endpoint's Basic credentials, then a SHA-256 check.
 * Shared by the whole fleet; each request runs on the calling endpoint's context.
 */
final class MediaFetcher implements MediaSource {

  /** Why a fetch failed, as the receipt reason to report. */
  static final class MediaException extends RuntimeException {
    final Reason reason;

    MediaException(Reason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  private static final long TIMEOUT_MS = 30_000;

  private final HttpClient client;

  MediaFetcher(HttpClient client) {
    this.client = client;
  }

  /** The endpoint's HTTP client (live streams are pulled with it too). */
  HttpClient client() {
    return client;
  }

  /** Fetches every item in turn into memory; fails with a {@link MediaException} on the first problem. */
  @Override
  public Future<Map<String, Buffer>> fetchAll(List<MediaRef> refs, String username, String password, Long keepUntil) {
    String authorization = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    Map<String, Buffer> fetched = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (MediaRef ref : refs) {
      chain = chain.compose(v -> fetch(ref, authorization)).map(body -> {
        fetched.put(ref.sha256(), body);
        return null;
      });
    }
    return chain.map(v -> fetched);
  }

  private Future<Buffer> fetch(MediaRef ref, String authorization) {
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(ref.url())
        .setConnectTimeout(TIMEOUT_MS)
        .setIdleTimeout(TIMEOUT_MS)
        .putHeader(HttpHeaders.AUTHORIZATION, authorization);
    Future<Buffer> body;
    try {
      body = client.request(request)
          .compose(req -> req.send())
          .compose(resp -> resp.statusCode() == 200
              ? resp.body()
              : Future.failedFuture(new MediaException(Reason.MEDIA_UNAVAILABLE, "HTTP " + resp.statusCode() + " for " + ref.url())));
    } catch (RuntimeException e) {
      // A URL the client cannot even parse.
      body = Future.failedFuture(e);
    }
    return body
        .recover(e -> Future.failedFuture(e instanceof MediaException ? e
            : new MediaException(Reason.MEDIA_UNAVAILABLE, String.valueOf(e.getMessage()))))
        .compose(bytes -> {
          String actual = sha256(bytes);
          return actual.equals(ref.sha256())
              ? Future.succeededFuture(bytes)
              : Future.failedFuture(new MediaException(Reason.MEDIA_HASH_MISMATCH, "sha256 of " + ref.url() + " is " + actual));
        });
  }

  // Hashing runs on the event loop: fine for announcement-sized files (tens to hundreds of KB).
  static String sha256(Buffer bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
