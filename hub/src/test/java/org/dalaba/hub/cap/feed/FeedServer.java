package org.dalaba.hub.cap.feed;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authorities' side of the feed tests: a local HTTP server (Vert.x, its own instance) serving Atom indexes of CAP
 * documents that the test adds to as it goes, and the ways a real source misbehaves: a body that never completes,
 * garbage, a 900 KB index, a body without end.
 */
public final class FeedServer implements AutoCloseable {
  /** One Atom entry: its id and update time, its title, and the document at {@code /docs/<name>}. */
  public record Entry(String id, String updated, String title, String name) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, List<Entry>> feeds = new ConcurrentHashMap<>();
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<HttpServerResponse> held = new CopyOnWriteArrayList<>();
  private volatile byte[] bigFeed = new byte[0];

  public FeedServer() throws Exception {
    server = vertx.createHttpServer().requestHandler(request -> {
      String path = request.path();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      HttpServerResponse response = request.response();
      if (path.startsWith("/feeds/")) {
        List<Entry> entries = feeds.get(path.substring("/feeds/".length()));
        if (entries == null) {
          response.setStatusCode(404).end();
        } else {
          response.putHeader("Content-Type", "application/atom+xml").end(atom(entries, ""));
        }
      } else if (path.startsWith("/docs/")) {
        byte[] doc = documents.get(path.substring("/docs/".length()));
        if (doc == null) {
          response.setStatusCode(404).end();
        } else {
          response.putHeader("Content-Type", "application/cap+xml").end(Buffer.buffer(doc));
        }
      } else if (path.equals("/slow")) {
        // headers at once, then a few bytes and nothing more: only an overall deadline ends it
        response.setChunked(true).putHeader("Content-Type", "application/atom+xml").write("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">");
        held.add(response);
      } else if (path.equals("/garbage")) {
        response.putHeader("Content-Type", "application/atom+xml").end("\u0000\u0001 this is <not <xml at all & ;;");
      } else if (path.equals("/big.atom")) {
        response.putHeader("Content-Type", "application/atom+xml").end(Buffer.buffer(bigFeed));
      } else if (path.equals("/endless")) {
        // no Content-Length and no end: 64 KB chunks for as long as the reader takes them
        response.setChunked(true).putHeader("Content-Type", "application/atom+xml");
        Buffer chunk = Buffer.buffer(new byte[65_536]);
        long[] timer = new long[1];
        timer[0] = vertx.setPeriodic(5, t -> {
          if (response.closed() || response.ended()) {
            vertx.cancelTimer(timer[0]);
          } else if (!response.writeQueueFull()) {
            response.write(chunk);
          }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer[0]));
      } else {
        response.setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** A URL on a port where nothing listens (the source is down). */
  public static String downUrl() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/feed.atom";
    }
  }

  public void document(String name, byte[] xml) {
    documents.put(name, xml);
  }

  /** Adds an entry at the top of a feed (feeds list the newest first). */
  public void entry(String feed, Entry entry) {
    feeds.computeIfAbsent(feed, f -> new CopyOnWriteArrayList<>()).add(0, entry);
  }

  public void emptyFeed(String feed) {
    feeds.computeIfAbsent(feed, f -> new CopyOnWriteArrayList<>());
  }

  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** An index of about {@code bytes} bytes: one entry per document given, padded with long summaries. */
  public void bigFeed(int bytes, List<Entry> entries) {
    StringBuilder padding = new StringBuilder();
    while (padding.length() < bytes) {
      padding.append("<!-- 填充内容 padding to make the index large, as a provincial platform's index with long summaries is -->\n");
    }
    bigFeed = atom(entries, padding.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public int bigFeedBytes() {
    return bigFeed.length;
  }

  private String atom(List<Entry> entries, String padding) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        + "<id>urn:test:feed</id><title>铁岭市气象灾害预警</title><updated>2026-12-02T08:00:00+08:00</updated>\n");
    xml.append(padding);
    List<Entry> copy = new ArrayList<>(entries);
    for (Entry e : copy) {
      xml.append("<entry><id>").append(e.id()).append("</id><updated>").append(e.updated()).append("</updated><title>")
          .append(e.title()).append("</title><link rel=\"alternate\" type=\"application/cap+xml\" href=\"/docs/").append(e.name())
          .append("\"/></entry>\n");
    }
    return xml.append("</feed>\n").toString();
  }

  @Override
  public void close() throws Exception {
    held.forEach(r -> {
      try {
        r.reset();
      } catch (RuntimeException e) {
        // already gone
      }
    });
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
