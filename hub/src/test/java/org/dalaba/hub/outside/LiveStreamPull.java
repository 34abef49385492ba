package org.dalaba.hub.outside;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One GET of a live stream (docs/protocol.md "Live stream") with the endpoint's own Basic credentials: pages are
 * parsed as the bytes arrive and handed on with their arrival time; a stream silent for 10 s is given up.
 */
final class LiveStreamPull implements AutoCloseable {
  static final long STALL_MS = 10_000;

  /** How one pull ended. */
  enum Outcome { COMPLETE, HTTP_STATUS, LOST, INVALID, STALLED }

  /** What a pull reports, from the HTTP client's threads. */
  interface Listener {
    void answered(HttpResponse.ResponseInfo info);

    void page(OggPageParser.Page page, long arrivedMs);

    void ended(Outcome outcome, String detail);
  }

  private final Listener listener;
  private final AtomicBoolean over = new AtomicBoolean();
  private volatile Flow.Subscription subscription;
  private volatile long lastBytesMs = System.currentTimeMillis();
  private final ScheduledFuture<?> watchdog;

  private LiveStreamPull(Listener listener, ScheduledExecutorService timer) {
    this.listener = listener;
    this.watchdog = timer.scheduleAtFixedRate(this::checkStall, 250, 250, TimeUnit.MILLISECONDS);
  }

  static LiveStreamPull open(HttpClient http, URI url, String username, String password, Listener listener,
      ScheduledExecutorService timer) {
    LiveStreamPull pull = new LiveStreamPull(listener, timer);
    HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofSeconds(10))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
            .getBytes(StandardCharsets.UTF_8))).build();
    http.sendAsync(request, info -> {
      listener.answered(info);
      if (info.statusCode() != 200) {
        pull.end(Outcome.HTTP_STATUS, String.valueOf(info.statusCode()));
        return HttpResponse.BodySubscribers.discarding();
      }
      return HttpResponse.BodySubscribers.fromSubscriber(pull.new Pages());
    }).whenComplete((response, error) -> {
      if (error != null) {
        pull.end(Outcome.LOST, String.valueOf(error));
      }
    });
    return pull;
  }

  private void checkStall() {
    if (System.currentTimeMillis() - lastBytesMs > STALL_MS && end(Outcome.STALLED, "no audio for " + STALL_MS + " ms")) {
      cancel();
    }
  }

  private boolean end(Outcome outcome, String detail) {
    if (!over.compareAndSet(false, true)) {
      return false;
    }
    watchdog.cancel(false);
    listener.ended(outcome, detail);
    return true;
  }

  private void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  /** Stops pulling without reporting an end (the speaker itself moved on: preempted, stopped). */
  @Override
  public void close() {
    if (over.compareAndSet(false, true)) {
      watchdog.cancel(false);
    }
    cancel();
  }

  private final class Pages implements Flow.Subscriber<List<ByteBuffer>> {
    private final OggPageParser parser = new OggPageParser();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (over.get()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      long now = System.currentTimeMillis();
      lastBytesMs = now;
      try {
        for (ByteBuffer b : buffers) {
          for (OggPageParser.Page page : parser.feed(b)) {
            if (!over.get()) {
              listener.page(page, now);
            }
          }
        }
      } catch (OggPageParser.BadStream e) {
        if (end(Outcome.INVALID, e.getMessage())) {
          cancel();
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      end(Outcome.LOST, String.valueOf(error));
    }

    @Override
    public void onComplete() {
      end(Outcome.COMPLETE, parser.pending() > 0 ? "ended inside a page" : "");
    }
  }
}
