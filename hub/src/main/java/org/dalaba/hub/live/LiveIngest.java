package org.dalaba.hub.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Consumer;
import org.dalaba.hub.config.Limits;

/**
 * Turns what a source sends into checked Ogg Opus pages for its {@link LiveBroadcast}: Ogg pages checked and passed
 * through as they are ({@link #ogg}), or WAV PCM encoded to Opus on a worker ({@link #wav}), one chunk after the other.
 * A refusal is handed to {@code onRefused} once, after which nothing more is read. Runs on the hub's context.
 */
abstract class LiveIngest {
  protected final LiveBroadcast broadcast;
  private final Consumer<LiveAudioException> onRefused;
  private boolean refused;

  LiveIngest(LiveBroadcast broadcast, Consumer<LiveAudioException> onRefused) {
    this.broadcast = broadcast;
    this.onRefused = onRefused;
  }

  /** One chunk of the upload (or one WebSocket message). */
  abstract void feed(Buffer chunk);

  /** The source ended normally. */
  abstract void end();

  boolean refused() { return refused; }

  protected void refuse(LiveAudioException e) {
    if (!refused) {
      refused = true;
      onRefused.accept(e);
    }
  }

  static LiveIngest ogg(LiveBroadcast broadcast, int maxBitrate, boolean onePagePerChunk, Consumer<LiveAudioException> onRefused) {
    return new Ogg(broadcast, maxBitrate, onePagePerChunk, onRefused);
  }

  static LiveIngest wav(Vertx vertx, WorkerExecutor encoders, LiveBroadcast broadcast, Consumer<LiveAudioException> onRefused) {
    return new Wav(vertx, encoders, broadcast, onRefused);
  }

  private static final class Ogg extends LiveIngest {
    private final OggPageReader reader = new OggPageReader(Limits.LIVE_PAGE_BYTES);
    private final OpusStreamCheck check;
    private final boolean onePagePerChunk;

    Ogg(LiveBroadcast broadcast, int maxBitrate, boolean onePagePerChunk, Consumer<LiveAudioException> onRefused) {
      super(broadcast, onRefused);
      this.check = new OpusStreamCheck(maxBitrate, Limits.LIVE_PAGE_MS);
      this.onePagePerChunk = onePagePerChunk;
    }

    @Override
    void feed(Buffer chunk) {
      if (refused()) {
        return;
      }
      try {
        List<Buffer> pages = reader.feed(chunk);
        if (onePagePerChunk && (pages.size() != 1 || reader.midPage())) {
          throw LiveAudioException.notOpus("a WebSocket message must be exactly one Ogg page");
        }
        for (Buffer bytes : pages) {
          OggPage page = OggPage.parse(bytes);
          OpusStreamCheck.Kind kind = check.check(page);
          if (kind == OpusStreamCheck.Kind.AUDIO && page.granule() == -1) {
            continue;
          }
          broadcast.accept(bytes, kind, page.granule(), page.endsStream(), System.currentTimeMillis());
        }
      } catch (OggPage.BadPage e) {
        refuse(LiveAudioException.notOpus(e.getMessage()));
      } catch (LiveAudioException e) {
        refuse(e);
      }
    }

    @Override
    void end() {
      if (refused()) {
        return;
      }
      if (reader.midPage()) {
        refuse(LiveAudioException.notOpus("the stream ended in the middle of a page"));
        return;
      }
      broadcast.sourceEnded();
    }
  }

  private static final class Wav extends LiveIngest {
    /** Chunks being encoded at most before the upload is paused. */
    private static final int MAX_ENCODING = 4;
    private final Vertx vertx;
    private final WorkerExecutor encoders;
    private final WavReader reader = new WavReader();
    private OpusPager pager;
    private Future<Void> chain = Future.succeededFuture();
    private int encoding;
    private LiveBroadcast.Flow flow;
    private boolean paused;

    Wav(Vertx vertx, WorkerExecutor encoders, LiveBroadcast broadcast, Consumer<LiveAudioException> onRefused) {
      super(broadcast, onRefused);
      this.vertx = vertx;
      this.encoders = encoders;
    }

    void flow(LiveBroadcast.Flow flow) {
      this.flow = flow;
    }

    @Override
    void feed(Buffer chunk) {
      if (refused()) {
        return;
      }
      short[] samples;
      try {
        samples = reader.feed(chunk);
        if (reader.started() && pager == null) {
          pager = new OpusPager(reader.rate(), (int) (System.nanoTime() & 0x7fffffff));
          List<Buffer> headers = pager.headers();
          broadcast.accept(headers.get(0), OpusStreamCheck.Kind.HEAD, 0, false, System.currentTimeMillis());
          broadcast.accept(headers.get(1), OpusStreamCheck.Kind.TAGS, 0, false, System.currentTimeMillis());
        }
      } catch (LiveAudioException e) {
        refuse(e);
        return;
      } catch (Exception e) {
        refuse(LiveAudioException.notWav(e.getMessage()));
        return;
      }
      if (samples.length > 0) {
        encode(() -> pager.encode(samples));
      }
    }

    @Override
    void end() {
      if (refused()) {
        return;
      }
      if (pager == null) {
        refuse(LiveAudioException.notWav("the upload ended before any audio"));
        return;
      }
      encode(() -> pager.finish());
      chain.onComplete(v -> {
        if (!refused()) {
          broadcast.sourceEnded();
        }
      });
    }

    private void encode(java.util.concurrent.Callable<List<Buffer>> work) {
      encoding++;
      if (encoding > MAX_ENCODING && flow != null && !paused) {
        paused = true;
        flow.pause();
      }
      chain = chain.compose(v -> encoders.executeBlocking(work, false)).map(pages -> {
        encoding--;
        if (paused && encoding <= MAX_ENCODING / 2) {
          paused = false;
          flow.resume();
        }
        for (Buffer bytes : pages) {
          try {
            OggPage page = OggPage.parse(bytes);
            broadcast.accept(bytes, OpusStreamCheck.Kind.AUDIO, page.granule(), page.endsStream(), System.currentTimeMillis());
          } catch (OggPage.BadPage e) {
            throw new IllegalStateException(e);
          }
        }
        return (Void) null;
      }).onFailure(e -> refuse(LiveAudioException.notWav("encoding failed")));
    }
  }

  /** Lets a WAV ingest pause its upload while encoding is behind. */
  static void flow(LiveIngest ingest, LiveBroadcast.Flow flow) {
    if (ingest instanceof Wav wav) {
      wav.flow(flow);
    }
  }
}
