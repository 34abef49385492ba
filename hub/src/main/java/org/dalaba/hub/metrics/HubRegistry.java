package org.dalaba.hub.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The hub's meters in one Micrometer Prometheus registry, one per hub instance (several hubs may share a JVM in
 * tests). Gauges and counters read their value when {@code /metrics} is scraped. Series names are given in full as
 * documented in docs/operations.md (counters end in {@code _total}).
 */
public final class HubRegistry implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Micrometer holds a function counter's source weakly: keep each one here, or a collected lambda reads 0. */
  private final java.util.List<DoubleSupplier> counted = new java.util.ArrayList<>();

  public HubRegistry gauge(String name, String help, DoubleSupplier value) {
    Gauge.builder(name, value::getAsDouble).description(help).strongReference(true).register(registry);
    return this;
  }

  /** @param total a count that only grows, kept by its owner */
  public HubRegistry counter(String name, String help, DoubleSupplier total) {
    counted.add(total);
    FunctionCounter.builder(name, total, DoubleSupplier::getAsDouble).description(help).register(registry);
    return this;
  }

  /** One gauge series per label value, e.g. {@code dalaba_alerts{state="active"}}. */
  public HubRegistry labelledGauge(String name, String help, String label, Map<String, DoubleSupplier> values) {
    values.forEach((key, value) -> Gauge.builder(name, value::getAsDouble).description(help).tag(label, key)
        .strongReference(true).register(registry));
    return this;
  }

  /** One counter series per label value. */
  public HubRegistry labelledCounter(String name, String help, String label, Map<String, DoubleSupplier> totals) {
    counted.addAll(totals.values());
    totals.forEach((key, total) -> FunctionCounter.builder(name, total, DoubleSupplier::getAsDouble).description(help)
        .tag(label, key).register(registry));
    return this;
  }

  /**
   * A gauge whose series (label sets) change over time, e.g. one per township and state: the returned
   * {@link Rows} replaces them all at once.
   */
  public Rows rows(String name, String help, java.util.List<String> labels) {
    return new Rows(MultiGauge.builder(name).description(help).register(registry), labels);
  }

  /** The series of one {@link #rows} gauge. */
  public static final class Rows {
    private final MultiGauge gauge;
    private final java.util.List<String> labels;

    private Rows(MultiGauge gauge, java.util.List<String> labels) {
      this.gauge = gauge;
      this.labels = java.util.List.copyOf(labels);
    }

    /** @param values label values (in the order of the labels) → value; series not listed disappear */
    public void set(Map<java.util.List<String>, Double> values) {
      java.util.List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
      values.forEach((labelValues, value) -> {
        Tags tags = Tags.empty();
        for (int i = 0; i < labels.size(); i++) {
          tags = tags.and(labels.get(i), labelValues.get(i));
        }
        rows.add(MultiGauge.Row.of(tags, value));
      });
      gauge.register(rows, true);
    }
  }

  public HubRegistry histogram(Histogram histogram) {
    histogram.bindTo(registry);
    return this;
  }

  /** Every series in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }
}
