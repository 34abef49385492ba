package org.dalaba.sim.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md, "Live stream": a connection that hands the endpoint old audio (its buffers filled while it could
 * not keep up) is closed by the endpoint, which reconnects to rejoin at the live edge rather than play late; and the
 * endpoint survives a stream that turns to garbage, ends early or goes silent.
 */
class LiveStreamPlayerTest {
  private static final int SERIAL = 7;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Buffer page(int type, long granule, long sequence, byte[] packet) {
    return OggStream.write(type, granule, SERIAL, sequence, List.of(packet));
  }

  /** A 20 ms Opus packet (TOC: CELT 20 ms, mono, one frame) and three bytes of payload. */
  private static final byte[] AUDIO = {(byte) 0xF8, 1, 2, 3};

  private static void headers(HttpServerResponse response) {
    byte[] head = new byte[19];
    System.arraycopy("OpusHead".getBytes(), 0, head, 0, 8);
    head[8] = 1;
    head[9] = 1;
    response.write(page(2, 0, 0, head));
    byte[] tags = new byte[16];
    System.arraycopy("OpusTags".getBytes(), 0, tags, 0, 8);
    response.write(page(0, 0, 1, tags));
  }

  @Test
  void aConnectionThatFallsBehindIsClosedAndTheStreamRejoinedAtTheLiveEdge() throws Exception {
    long anchorMs = System.currentTimeMillis();
    AtomicInteger connections = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "audio/ogg");
      headers(response);
      long edge = (System.currentTimeMillis() - anchorMs) * 48; // the newest audio, as the hub sends first
      if (connections.incrementAndGet() == 1) {
        // the first connection gives the edge, then (as a full socket buffer would) four seconds later the audio
        // right after it, which is four seconds old by then
        response.write(page(0, edge, 2, AUDIO));
        vertx.setTimer(4_000, t -> {
          for (int i = 1; i <= 10; i++) {
            response.write(page(0, edge + i * 960L, 2 + i, AUDIO));
          }
        });
      } else {
        response.write(page(0, edge, 2, AUDIO));
      }
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    LiveStreamPlayer player = new LiveStreamPlayer(vertx, vertx.createHttpClient(), "http://127.0.0.1:" + port + "/live/l-1/stream",
        anchorMs, "e-1", "secret", 10_000, new Reports());
    vertx.runOnContext(v -> player.start());
    org.dalaba.sim.Await.until("a second connection, joined at the live edge", Duration.ofSeconds(15), () -> player.joins().size() == 2);
    List<LiveStreamPlayer.Join> joins = player.joins();
    assertEquals(2, connections.get(), "the endpoint reconnected once");
    assertTrue(joins.get(1).lagMs() < 1_000, "the rejoin plays fresh audio, not the four-second-old backlog: " + joins);
    vertx.runOnContext(v -> player.stop());
  }

  /** What a player reported, in order: "started", "finished", or "failed REASON". */
  private static final class Reports implements LiveStreamPlayer.Report {
    final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void started(long firstLagMs) {
      seen.add("started");
    }

    @Override
    public void finished(JsonObject lag) {
      seen.add("finished");
    }

    @Override
    public void failed(String reason, String detail, JsonObject lag) {
      seen.add("failed " + reason);
    }
  }

  /** Serves the headers, one audio page at the live edge, then what {@code rest} writes. */
  private LiveStreamPlayer playerOf(java.util.function.BiConsumer<HttpServerResponse, Long> rest, long stallMs, Reports reports)
      throws Exception {
    long anchorMs = System.currentTimeMillis();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "audio/ogg");
      headers(response);
      long edge = (System.currentTimeMillis() - anchorMs) * 48;
      response.write(page(0, edge, 2, AUDIO));
      rest.accept(response, edge);
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    LiveStreamPlayer player = new LiveStreamPlayer(vertx, vertx.createHttpClient(), "http://127.0.0.1:" + port + "/live/l-1/stream",
        anchorMs, "e-1", "secret", stallMs, reports);
    vertx.runOnContext(v -> player.start());
    return player;
  }

  @Test
  void garbageInTheStreamFailsItAsInvalid() throws Exception {
    Reports reports = new Reports();
    playerOf((response, edge) -> response.write(Buffer.buffer("this is not an Ogg page at all, just bytes")), 10_000, reports);
    org.dalaba.sim.Await.until("the stream refused", Duration.ofSeconds(10), () -> reports.seen.contains("failed STREAM_INVALID"));
    assertEquals(List.of("started", "failed STREAM_INVALID"), reports.seen, "it played the good page, then refused the rest");
  }

  @Test
  void aStreamThatEndsEarlyFinishesWithWhatItHeard() throws Exception {
    Reports reports = new Reports();
    playerOf((response, edge) -> response.end(page(4, edge + 960, 3, AUDIO)), 10_000, reports); // end-of-stream after 40 ms
    org.dalaba.sim.Await.until("finished", Duration.ofSeconds(10), () -> reports.seen.contains("finished"));
    assertEquals(List.of("started", "finished"), reports.seen);
  }

  @Test
  void aStreamThatGoesSilentFailsAsStalled() throws Exception {
    Reports reports = new Reports();
    playerOf((response, edge) -> { }, 1_000, reports); // connected, and nothing more
    org.dalaba.sim.Await.until("stalled", Duration.ofSeconds(10), () -> reports.seen.contains("failed STREAM_STALLED"));
    assertEquals(List.of("started", "failed STREAM_STALLED"), reports.seen);
  }
}
