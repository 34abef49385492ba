package org.dalaba.hub.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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
