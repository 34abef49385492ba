package org.dalaba.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a paused request's body after its route has checked the session, up to a limit of its own:
 * for the few routes whose bodies are larger than the API's 1 MiB (a province's directory), so that an
 * unauthenticated client never gets that much buffered. Past the limit the request is refused with 413
 * and the rest of the body is dropped unread.
 */
final class BoundedBody {
  private BoundedBody() {
  }

  /** e.g. "16 MiB", "512 KiB". */
  private static String size(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }

  static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
    Promise<Buffer> body = Promise.promise();
    Buffer collected = Buffer.buffer();
    request.handler(chunk -> {
      if (body.future().isComplete()) {
        return;
      }
      if (collected.length() + (long) chunk.length() > maxBytes) {
        body.fail(new ApiError(413, "too_large", null, "文件过大：最多 " + size(maxBytes), "the file is too large: at most " + size(maxBytes)));
        return;
      }
      collected.appendBuffer(chunk);
    });
    request.exceptionHandler(body::tryFail);
    request.endHandler(v -> body.tryComplete(collected));
    request.resume();
    return body.future();
  }
}
