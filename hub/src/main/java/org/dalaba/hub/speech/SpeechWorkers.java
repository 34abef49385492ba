package org.dalaba.hub.speech;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.dalaba.hub.refusal.Refusal;

/**
 * The one bounded pool every text-to-speech job runs on (programme texts and previews):
 * speech.workers at once, speech.maxQueuedJobs more waiting, and any further job refused at once
 * with 503 and Retry-After, so a burst of requests cannot queue unbounded espeak-ng work and memory.
 */
public final class SpeechWorkers {
  public static final String BUSY = "speech_busy";
  public static final int RETRY_AFTER_SECONDS = 5;

  private final WorkerExecutor executor;
  private final int capacity;
  private final AtomicInteger taken = new AtomicInteger();

  public SpeechWorkers(Vertx vertx, int workers, int maxQueued) {
    this(vertx, "dalaba-speech", workers, maxQueued);
  }

  /** A pool of its own under {@code name}, e.g. for alerts, which routine speech must never hold up. */
  public SpeechWorkers(Vertx vertx, String name, int workers, int maxQueued) {
    this.executor = vertx.createSharedWorkerExecutor(name, workers);
    this.capacity = workers + maxQueued;
  }

  public <T> Future<T> submit(Callable<T> job) {
    if (taken.incrementAndGet() > capacity) {
      taken.decrementAndGet();
      return Future.failedFuture(Refusal.busy(BUSY, "语音合成繁忙，请 " + RETRY_AFTER_SECONDS + " 秒后重试",
          "text-to-speech is busy; try again in " + RETRY_AFTER_SECONDS + " s"));
    }
    return executor.executeBlocking(job, false).onComplete(r -> taken.decrementAndGet());
  }

  public void close() {
    executor.close();
  }
}
