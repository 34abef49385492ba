package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * One GET of a feed or a CAP document, on the event loop and never blocking it: an overall deadline (connect,
 * headers and body together, so a source that drips a byte a second is cut off as surely as a silent one), a size
 * limit checked against {@code Content-Length} first and then against every chunk as it arrives (the request is
 * reset at the first byte over, so a huge body is never read into memory), and conditional GET with the validators
 * of the last answer. Vert.x's core HTTP client rather than WebClient: only it hands over the request to reset.
 */
final class BoundedGet implements AutoCloseable {
  /** Why a GET gave no body; {@code kind} is the reason code shown in the sources API and counted in metrics. */
  static final class Failed extends RuntimeException {
    final String kind;

    Failed(String kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }
  }

  /** An answer: a 200 with its body and validators, or a 304 (body null). */
  record Answer(int status, Buffer body, String etag, String lastModified) {
    boolean notModified() {
      return status == 304;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;

  BoundedGet(Vertx vertx) {
    this.vertx = vertx;
    // no decompression: a small gzip body could unpack to gigabytes past the size check
    this.client = vertx.createHttpClient(new HttpClientOptions().setMaxRedirects(3).setTryUseCompression(false)
        .setKeepAlive(false).setMaxInitialLineLength(8192).setMaxHeaderSize(16384));
  }

  /**
   * @param etag         the last answer's ETag, or null
   * @param lastModified the last answer's Last-Modified, or null
   */
  Future<Answer> get(URI url, int timeoutMs, int maxBytes, String etag, String lastModified) {
    Promise<Answer> result = Promise.promise();
    RequestOptions options;
    try {
      options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString()).setFollowRedirects(true)
          .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
          .putHeader("Accept", "application/atom+xml, application/rss+xml, application/cap+xml, application/xml;q=0.9, */*;q=0.1")
          .putHeader("User-Agent", "Dalaba-hub CAP feed reader");
    } catch (RuntimeException e) {
      return Future.failedFuture(new Failed("bad_url", "the URL cannot be requested: " + e.getMessage()));
    }
    if (etag != null) {
      options.putHeader("If-None-Match", etag);
    }
    if (lastModified != null) {
      options.putHeader("If-Modified-Since", lastModified);
    }
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long deadline = vertx.setTimer(timeoutMs, t -> {
      if (result.tryFail(new Failed("timeout", "no complete answer within " + timeoutMs / 1000.0 + " s")) && sent[0] != null) {
        sent[0].reset();
      }
    });
    client.request(options).compose(request -> {
      sent[0] = request;
      if (result.future().isComplete()) {
        request.reset();
        return Future.failedFuture(new Failed("timeout", "no answer in time"));
      }
      return request.send();
    }).onSuccess(response -> {
      HttpClientRequest request = response.request();
      int status = response.statusCode();
      if (status == 304) {
        response.end();
        result.tryComplete(new Answer(304, null, response.getHeader("ETag"), response.getHeader("Last-Modified")));
        return;
      }
      if (status != 200) {
        result.tryFail(new Failed("http_" + status, "the source answered HTTP " + status)); // first: reset reports a broken answer
        request.reset();
        return;
      }
      String length = response.getHeader("Content-Length");
      if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19 && Long.parseLong(length) > maxBytes) {
        result.tryFail(tooLarge(Long.parseLong(length) + " bytes announced", maxBytes));
        request.reset();
        return;
      }
      Buffer body = Buffer.buffer();
      response.handler(chunk -> {
        if (result.future().isComplete()) {
          return;
        }
        if (body.length() + chunk.length() > maxBytes) {
          result.tryFail(tooLarge("more than " + maxBytes + " bytes sent", maxBytes));
          request.reset(); // stop here: nothing more of it is read
          return;
        }
        body.appendBuffer(chunk);
      });
      response.exceptionHandler(e -> result.tryFail(new Failed("network", "the answer broke off: " + e.getMessage())));
      response.endHandler(v -> result.tryComplete(new Answer(200, body, response.getHeader("ETag"), response.getHeader("Last-Modified"))));
    }).onFailure(e -> result.tryFail(e instanceof Failed f ? f : new Failed("unreachable", "cannot reach the source: " + e.getMessage())));
    return result.future().onComplete(r -> vertx.cancelTimer(deadline));
  }

  private static Failed tooLarge(String what, int maxBytes) {
    return new Failed("too_large", "the answer is too large (" + what + "; the source's maxBytes is " + maxBytes + ")");
  }

  @Override
  public void close() {
    client.close();
  }
}
