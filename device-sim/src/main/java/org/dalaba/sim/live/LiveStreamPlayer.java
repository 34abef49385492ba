package org.dalaba.sim.live;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Plays one live session on a simulated speaker (docs/protocol.md, "live"): pulls the stream with the endpoint's
 * credentials, parses its pages ({@link OggStream}) and "plays" each at real-time pace: a page starts when it
 * arrives or when the one before it has played out, whichever is later; its lag is that start minus the hub's
 * receipt of it ({@code anchorMs + granule / 48}). Reports {@code started} with the first page's lag, {@code finished}
 * with every page's lag once the stream has ended and played out; a connection that drops is opened again (joining at
 * the live edge) up to {@link #RECONNECTS} times; a stream silent for {@code stallMs} fails {@code STREAM_STALLED},
 * garbage {@code STREAM_INVALID}, an unreachable one {@code STREAM_UNAVAILABLE}. Runs on its endpoint's context.
 */
public final class LiveStreamPlayer {
  static final int RECONNECTS = 3;

  /** What the player tells its endpoint. */
  public interface Report {
    void started(long firstLagMs);

    /** @param lag every page's lag ({@link LagStats#toJson}), or null when none played */
    void finished(JsonObject lag);

    void failed(String reason, String detail, JsonObject lag);
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final String url;
  private final long anchorMs;
  private final String authorization;
  private final long stallMs;
  private final Report report;
  private final LagStats lag = new LagStats();
  private OggStream parser;
  private HttpClientResponse response;
  private boolean started;
  private boolean done;
  private long lastGranule = -1;
  private long playheadEnd;
  private long lastDataAt;
  private long stallTimer = -1;
  private int reconnects;
  private boolean streamEnded;
  private java.util.function.Consumer<byte[]> audio = packet -> { };

  public LiveStreamPlayer(Vertx vertx, HttpClient client, String url, long anchorMs, String username, String password, long stallMs,
                          Report report) {
    this.vertx = vertx;
    this.client = client;
    this.url = url;
    this.anchorMs = anchorMs;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.stallMs = stallMs;
    this.report = report;
  }

  public LagStats lag() { return lag; }

  /** Where the stream's packets go as they arrive, in order (a real endpoint decodes and plays them); none by default. */
  public LiveStreamPlayer withAudio(java.util.function.Consumer<byte[]> packets) {
    this.audio = packets;
    return this;
  }

  public void start() {
    lastDataAt = System.currentTimeMillis();
    stallTimer = vertx.setPeriodic(Math.max(100, stallMs / 4), t -> {
      if (!done && !streamEnded && System.currentTimeMillis() - lastDataAt > stallMs) {
        fail("STREAM_STALLED", "no audio for " + stallMs + " ms");
      }
    });
    connect();
  }

  private void connect() {
    parser = new OggStream(); // every connection starts with the headers, then the live edge
    lastGranule = -1;
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).putHeader("Authorization", authorization))
        .compose(request -> request.send())
        .onFailure(e -> dropped("cannot reach the stream: " + e.getMessage()))
        .onSuccess(r -> {
          if (done) {
            r.request().reset();
            return;
          }
          if (r.statusCode() != 200) {
            fail("STREAM_UNAVAILABLE", "HTTP " + r.statusCode() + " for " + url);
            return;
          }
          response = r;
          r.handler(chunk -> {
            lastDataAt = System.currentTimeMillis();
            try {
              for (OggStream.Page page : parser.feed(chunk)) {
                play(page);
              }
            } catch (OggStream.Garbage g) {
              fail("STREAM_INVALID", g.getMessage());
              r.request().reset();
            }
          });
          r.exceptionHandler(e -> dropped("the stream broke off: " + e.getMessage()));
          r.endHandler(v -> ended());
        });
  }

  private void play(OggStream.Page page) {
    if (done) {
      return;
    }
    long now = System.currentTimeMillis();
    long durationMs = lastGranule < 0 ? 20L * Math.max(1, page.packets().size()) : Math.max(0, (page.granule() - lastGranule) / 48);
    lastGranule = page.granule();
    long start = Math.max(now, playheadEnd);
    playheadEnd = start + durationMs;
    long pageLag = start - (anchorMs + page.granule() / 48);
    lag.add(pageLag);
    page.packets().forEach(audio);
    if (!started) {
      started = true;
      report.started(Math.max(0, pageLag));
    }
  }

  private void dropped(String why) {
    if (done) {
      return;
    }
    if (reconnects++ < RECONNECTS) {
      vertx.setTimer(200L * reconnects, t -> {
        if (!done) {
          connect();
        }
      });
    } else {
      fail("STREAM_UNAVAILABLE", why);
    }
  }

  /** The hub ended the response: the session is over; finish once what was received has played out. */
  private void ended() {
    if (done) {
      return;
    }
    streamEnded = true;
    end();
  }

  /** The session ended (a stop, or the end of the stream): report finished once the audio has played out. */
  public void end() {
    if (done) {
      return;
    }
    done = true;
    cancel();
    long left = Math.max(1, playheadEnd - System.currentTimeMillis());
    vertx.setTimer(left, t -> report.finished(lag.toJson()));
  }

  /** Stops pulling, without a report (preempted, or the endpoint is going away). */
  public void stop() {
    done = true;
    cancel();
  }

  private void fail(String reason, String detail) {
    if (done) {
      return;
    }
    done = true;
    cancel();
    report.failed(reason, detail, lag.toJson());
  }

  private void cancel() {
    vertx.cancelTimer(stallTimer);
    if (response != null && !streamEnded) {
      try {
        response.request().reset();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }
}
