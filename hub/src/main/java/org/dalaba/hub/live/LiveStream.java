package org.dalaba.hub.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audio of one live session as endpoints pull it: one writer (the session's source, paced to real time), many
 * readers (chunked HTTP responses). No burst buffer: a reader that joins gets the two header pages and then the
 * newest page, so it starts at the live edge; then every page as it is published. A reader whose connection cannot
 * take a page (its write queue is full) skips it, and one that has skipped {@link #MAX_SKIPPED} in a row is dropped
 * (it may reconnect and join at the edge again): nothing is ever buffered for a slow reader beyond its socket's queue.
 * Runs on the hub's context.
 */
final class LiveStream {
  /** About 1.5 s of 60 ms pages. */
  static final int MAX_SKIPPED = 25;
  /** Per reader: a few pages' worth. */
  static final int WRITE_QUEUE_BYTES = 16 * 1024;
  private static final int RING = 16;

  private final List<Buffer> headers = new ArrayList<>(2);
  private final Deque<Buffer> recent = new ArrayDeque<>(RING);
  private final Map<HttpServerResponse, int[]> readers = new LinkedHashMap<>();
  private boolean ended;
  private long pagesSkipped;
  private long readersDropped;

  void header(Buffer page) {
    headers.add(page);
  }

  boolean hasHeaders() {
    return headers.size() == 2;
  }

  /** Sends the page to every reader that can take it now. */
  void publish(Buffer page) {
    if (ended) {
      return;
    }
    if (recent.size() == RING) {
      recent.removeFirst();
    }
    recent.addLast(page);
    List<HttpServerResponse> drop = new ArrayList<>();
    new ArrayList<>(readers.entrySet()).forEach(reader -> { // a copy: a failing write may remove its reader at once
      HttpServerResponse response = reader.getKey();
      int[] skipped = reader.getValue();
      if (response.writeQueueFull()) {
        pagesSkipped++;
        if (++skipped[0] > MAX_SKIPPED) {
          drop.add(response);
        }
      } else {
        skipped[0] = 0;
        response.write(page);
      }
    });
    drop.forEach(response -> {
      readers.remove(response);
      readersDropped++;
      response.reset(); // too slow for live audio: let it reconnect at the live edge
    });
  }

  /** A new reader: headers sent, headers and the newest page written. */
  void join(HttpServerResponse response) {
    if (ended) {
      response.end();
      return;
    }
    response.setChunked(true).setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    headers.forEach(response::write);
    if (!recent.isEmpty()) {
      response.write(recent.peekLast());
    }
    readers.put(response, new int[1]);
    response.closeHandler(v -> readers.remove(response));
    response.exceptionHandler(e -> readers.remove(response));
  }

  /** The end of the session: every reader's response ends (the endpoint hears the end of the stream). */
  void end(Buffer lastPageOrNull) {
    if (ended) {
      return;
    }
    if (lastPageOrNull != null) {
      publish(lastPageOrNull);
    }
    ended = true;
    // A copy: ending a response whose connection is already going calls its close handler at once, which removes it.
    List<HttpServerResponse> ending = new ArrayList<>(readers.keySet());
    readers.clear();
    ending.forEach(response -> {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    });
  }

  boolean ended() { return ended; }

  int readerCount() { return readers.size(); }

  long pagesSkipped() { return pagesSkipped; }

  long readersDropped() { return readersDropped; }
}
