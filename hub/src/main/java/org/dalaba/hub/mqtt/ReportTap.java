package org.dalaba.hub.mqtt;

import org.dalaba.hub.logging.LogText;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands endpoint reports from the thread that received them to the hub's event loop in batches: from the
 * embedded broker inside the JVM (receipts and heartbeats), and from the hub's MQTT client (everything an
 * external broker delivers).
 *
 * <p>Why in-process for the embedded broker: instead of the broker delivering each report again over TCP
 * to the hub's own MQTT subscription.
 * <p>Why: with the embedded broker the hub is the broker's only consumer of these reports, and looping them
 * back cost the broker a queue entry, an encode, a socket write and a PUBACK per receipt, and the hub's MQTT
 * client a decode and a hand-over to the event loop: about half the CPU of an alert to 10,000 endpoints
 * (docs/performance.md). Why batches for the MQTT client: one event-loop task (and wake-up) per report was
 * 30,000 hand-overs an alert to 10,000 endpoints. Statuses still go through the broker, because an endpoint's "offline" is its last
 * will, which the broker publishes without passing any interceptor.
 *
 * <p>Receiving threads {@link #offer}; the hub {@link #attach}es an executor (its event loop) and its report handler, and
 * receives the reports in batches, in the order each endpoint sent them. Reports that arrive before the hub
 * attaches wait here. At most {@link #MAX_BUFFERED} wait at once: beyond that a report is dropped, counted
 * and logged; the hub's re-send recovers it (the endpoint answers a repeated command with its last receipt).
 */
public final class ReportTap {
  static final int MAX_BUFFERED = org.dalaba.hub.config.Limits.BROKER_REPORTS_BUFFERED;
  private static final int BATCH = 2_048;
  private static final Logger LOG = LoggerFactory.getLogger(ReportTap.class);

  private record Report(String topic, byte[] payload) {
  }

  private final ConcurrentLinkedQueue<Report> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger buffered = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Executor executor;
  private volatile ReportHandler handler;

  /** Delivers reports to {@code handler}, on {@code executor}, from now on (and those already waiting). */
  public void attach(Executor executor, ReportHandler handler) {
    this.handler = handler;
    this.executor = executor;
    scheduleDrain();
  }

  /** Stops delivering; reports wait (up to the bound) for the next {@link #attach}. */
  public void detach() {
    executor = null;
    handler = null;
  }

  /** Reports dropped because {@link #MAX_BUFFERED} were already waiting. */
  public long dropped() {
    return dropped.get();
  }

  /** Called on receiving threads; never blocks. */
  public void offer(String topic, byte[] payload) {
    if (buffered.incrementAndGet() > MAX_BUFFERED) {
      buffered.decrementAndGet();
      long total = dropped.incrementAndGet();
      if (total == 1 || total % 10_000 == 0) {
        LOG.error("The hub is not keeping up with endpoint reports: {} waiting, {} dropped so far (re-sends recover them)",
            MAX_BUFFERED, total);
      }
      return;
    }
    queue.add(new Report(topic, payload));
    scheduleDrain();
  }

  private void scheduleDrain() {
    Executor target = executor;
    if (target != null && !queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      target.execute(this::drain);
    }
  }

  /** Runs on the hub's executor: one batch, then yields so that other work on that thread gets its turn. */
  private void drain() {
    ReportHandler target = handler;
    for (int i = 0; target != null && i < BATCH; i++) {
      Report report = queue.poll();
      if (report == null) {
        break;
      }
      buffered.decrementAndGet();
      try {
        target.onReport(report.topic(), report.payload());
      } catch (RuntimeException e) {
        LOG.warn("Handling a report on {} failed", LogText.of(report.topic()), e);
      }
    }
    drainScheduled.set(false);
    scheduleDrain();
  }
}
