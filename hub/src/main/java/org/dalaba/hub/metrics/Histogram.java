package org.dalaba.hub.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * A fixed-bucket histogram (a Micrometer distribution summary with the buckets as service-level objectives), made
 * by whoever observes and shown once {@link #bindTo bound} to the hub's registry. Observations made before binding
 * are not kept: bind while wiring, before anything starts. Safe from any thread.
 */
public final class Histogram {
  private final CompositeMeterRegistry forwarder = new CompositeMeterRegistry();
  private final DistributionSummary summary;

  public Histogram(String name, String help, double... bounds) {
    this.summary = DistributionSummary.builder(name).description(help).serviceLevelObjectives(bounds.clone()).register(forwarder);
  }

  public void observe(double value) {
    summary.record(value);
  }

  /** Shows this histogram in {@code registry} from now on. */
  public void bindTo(MeterRegistry registry) {
    forwarder.add(registry);
  }
}
