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
 * with every page's lag once the stream has ended and played out. A connection that drops is opened again (joining at
 * the live edge) with back-off until the stream has been silent for {@code stallMs}, then fails {@code STREAM_UNAVAILABLE}
 * (so a hub that is lost is ended by the hubs left, with a {@code stop}, before its endpoints give up); while the
 * endpoint is offline (its MQTT link is down) it is held instead, and opened again by {@link #resume} when the link is
 * back. A stream silent for {@code stallMs} while connected fails {@code STREAM_STALLED}, garbage {@code STREAM_INVALID},
 * an HTTP error {@code STREAM_UNAVAILABLE} (a {@code 404} after audio has played: the session ended meanwhile, so
 * {@code finished}). Runs on its endpoint's context.
 */
public final class LiveStreamPlayer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveStreamPlayer.class);
  static final long FIRST_RETRY_MS = 200;
  static final long MAX_RETRY_MS = 2000;
  /**
   * A connection whose pages are this much later than its first page was delivers old audio (its buffers filled
   * while the endpoint could not keep up): it is closed and opened again, at the live edge (docs/protocol.md).
   */
  static final long FALLEN_BEHIND_MS = 2000;

  /**
   * The first audio page of one connection: when it started playing, its granule position, its lag, and the granule of
   * the last page played before it (-1 for the first connection). Tests read where a reconnect joined from these.
   */
  public record Join(long playedAt, long granule, long lagMs, long previousGranule) {
  }

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
  private boolean held;
  private boolean joining;
  /** The lag of the current connection's first page. */
  private long joinLagMs;
  private long lastPlayedGranule = -1;
  private final java.util.List<Join> joins = new java.util.concurrent.CopyOnWriteArrayList<>();
  private java.util.function.BooleanSupplier offline = () -> false;
  private java.util.function.BooleanSupplier unreachable = () -> false;
  private long expiresAt = Long.MAX_VALUE;
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

  /** Every connection's first audio page, in order (thread-safe). */
  public java.util.List<Join> joins() { return java.util.List.copyOf(joins); }

  /**
   * @param offline whether the endpoint's own link is down: a dropped stream is then held, not retried
   * @param unreachable whether the hub cannot be reached over HTTP now (a simulated outage): connecting fails
   * @param expiresAt the session's time limit: a stream still held then is over
   */
  public LiveStreamPlayer linkedTo(java.util.function.BooleanSupplier offline, java.util.function.BooleanSupplier unreachable,
                                   long expiresAt) {
    this.offline = offline;
    this.unreachable = unreachable;
    this.expiresAt = expiresAt;
    return this;
  }

  /** Where the stream's packets go as they arrive, in order (a real endpoint decodes and plays them); none by default. */
  public LiveStreamPlayer withAudio(java.util.function.Consumer<byte[]> packets) {
    this.audio = packets;
    return this;
  }

  public void start() {
    lastDataAt = System.currentTimeMillis();
    stallTimer = vertx.setPeriodic(Math.max(100, stallMs / 4), t -> {
      long now = System.currentTimeMillis();
      if (done || streamEnded) {
        return;
      }
      if (held) {
        if (now >= expiresAt) {
          end(); // the session's time limit passed while the endpoint was away
        }
      } else if (now - lastDataAt > stallMs) {
        if (response == null) {
          fail("STREAM_UNAVAILABLE", "the stream was lost and not reopened within " + stallMs + " ms");
        } else {
          fail("STREAM_STALLED", "no audio for " + stallMs + " ms");
        }
      }
    });
    connect();
  }

  private void connect() {
    parser = new OggStream(); // every connection starts with the headers, then the live edge
    lastGranule = -1;
    joining = true;
    if (unreachable.getAsBoolean()) {
      dropped("cannot reach the stream: the network is down");
      return;
    }
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).putHeader("Authorization", authorization))
        .compose(request -> request.send())
        .onFailure(e -> dropped("cannot reach the stream: " + e.getMessage()))
        .onSuccess(r -> {
          if (done) {
            r.request().reset();
            return;
          }
          if (r.statusCode() == 404 && !joins.isEmpty()) {
            ended(); // it played, and the session ended while this endpoint was away
            return;
          }
          if (r.statusCode() != 200) {
            fail("STREAM_UNAVAILABLE", "HTTP " + r.statusCode() + " for " + url);
            return;
          }
          response = r;
          r.handler(chunk -> {
            if (response != r) {
              return; // a connection given up (fallen behind): what it still delivers is not played
            }
            lastDataAt = System.currentTimeMillis();
            reconnects = 0;
            try {
              for (OggStream.Page page : parser.feed(chunk)) {
                if (response != r) {
                  break;
                }
                play(page);
              }
            } catch (OggStream.Garbage g) {
              fail("STREAM_INVALID", g.getMessage());
              r.request().reset();
            }
          });
          r.exceptionHandler(e -> {
            if (response == r) {
              dropped("the stream broke off: " + e.getMessage());
            }
          });
          r.endHandler(v -> ended());
        });
  }

  private void play(OggStream.Page page) {
    if (done) {
      return;
    }
    long now = System.currentTimeMillis();
    long arrivalLag = now - (anchorMs + page.granule() / 48);
    if (!joining && arrivalLag - joinLagMs > FALLEN_BEHIND_MS && response != null) {
      rejoin(arrivalLag);
      return;
    }
    long durationMs = lastGranule < 0 ? 20L * Math.max(1, page.packets().size()) : Math.max(0, (page.granule() - lastGranule) / 48);
    lastGranule = page.granule();
    long start = Math.max(now, playheadEnd);
    playheadEnd = start + durationMs;
    long pageLag = start - (anchorMs + page.granule() / 48);
    lag.add(pageLag);
    if (joining) {
      joining = false;
      joinLagMs = arrivalLag;
      joins.add(new Join(start, page.granule(), pageLag, lastPlayedGranule));
    }
    lastPlayedGranule = page.granule();
    page.packets().forEach(audio);
    if (!started) {
      started = true;
      report.started(Math.max(0, pageLag));
    }
  }

  /** Drops the connection that fell behind and what it still holds, and opens a new one at the live edge. */
  private void rejoin(long arrivalLag) {
    HttpClientResponse behind = response;
    response = null; // its reset is not a loss of the stream
    behind.request().reset();
    playheadEnd = System.currentTimeMillis(); // the late audio is skipped, not played
    LOG.info("live stream {} fell {} ms behind its connection's first page; rejoining at the live edge", url, arrivalLag - joinLagMs);
    connect();
  }

  private void dropped(String why) {
    if (done) {
      return;
    }
    response = null;
    if (offline.getAsBoolean()) {
      held = true; // the endpoint is offline: wait for its link rather than count failures
      return;
    }
    if (System.currentTimeMillis() - lastDataAt >= stallMs) {
      fail("STREAM_UNAVAILABLE", why);
      return;
    }
    long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(reconnects++, 4));
    vertx.setTimer(delay, t -> {
      if (!done && !held) {
        connect();
      }
    });
  }

  /** The endpoint's link is back (or the hub sent the session again): a held stream is opened again, at the live edge. */
  public void resume() {
    if (held && !done) {
      held = false;
      reconnects = 0;
      lastDataAt = System.currentTimeMillis();
      connect();
    }
  }

  /** Cuts the stream's connection, as a network fault would (the player then reconnects, or holds while offline). */
  public void cut() {
    HttpClientResponse current = response;
    if (current != null && !done) {
      current.request().connection().close();
    }
  }

  /** The hub ended the response: the session is over; finish once what was received has played out. */
  private void ended() {
    if (done) {
      return;
    }
    streamEnded = true;
    response = null;
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
