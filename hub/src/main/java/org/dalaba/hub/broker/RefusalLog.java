package org.dalaba.hub.broker;

import org.dalaba.hub.logging.LogText;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the broker refused (bad credentials, foreign client ids, forbidden topics) and logs it without
 * flooding: every refusal at DEBUG, at most one WARN per {@link #WINDOW_NANOS} with the count since the last one.
 * A misconfigured fleet of 10,000 endpoints retrying every few seconds must not fill the disk.
 */
final class RefusalLog {
  static final long WINDOW_NANOS = 60_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

  private final LongSupplier nanoClock;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong sinceLastWarn = new AtomicLong();
  private final AtomicLong lastWarnNanos;

  RefusalLog() {
    this(System::nanoTime);
  }

  RefusalLog(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.lastWarnNanos = new AtomicLong(nanoClock.getAsLong() - WINDOW_NANOS);
  }

  /** Records one refusal; {@code what} is a fixed reason, {@code detail} names the client and topic. */
  void refused(String what, String clientId, String detail) {
    clientId = printable(clientId);
    detail = printable(detail);
    total.incrementAndGet();
    long suppressed = sinceLastWarn.incrementAndGet();
    LOG.debug("MQTT refused ({}): client '{}' {}", what, clientId, detail);
    long now = nanoClock.getAsLong();
    long last = lastWarnNanos.get();
    if (now - last >= WINDOW_NANOS && lastWarnNanos.compareAndSet(last, now)) {
      sinceLastWarn.addAndGet(-suppressed);
      LOG.warn("MQTT refused ({}): client '{}' {} [{} refusals in the last minute, {} in total; DEBUG logs each]",
          what, clientId, detail, suppressed, total.get());
    }
  }

  /** Client ids, usernames and topics come from the network: no control characters, at most 200 chars. */
  static String printable(String text) {
    return LogText.of(text);
  }

  long total() {
    return total.get();
  }
}
