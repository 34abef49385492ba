package org.dalaba.hub.metrics;

import java.util.Map;

/** Writes gauges and counters in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
  private final StringBuilder out = new StringBuilder();

  public PrometheusText gauge(String name, String help, double value) {
    return single(name, help, "gauge", value);
  }

  public PrometheusText counter(String name, String help, double value) {
    return single(name, help, "counter", value);
  }

  public PrometheusText labelled(String name, String help, String type, String label, Map<String, ? extends Number> values) {
    header(name, help, type);
    values.forEach((key, value) -> out.append(name).append('{').append(label).append("=\"").append(key).append("\"} ")
        .append(format(value.doubleValue())).append('\n'));
    return this;
  }

  public PrometheusText histogram(Histogram histogram) {
    histogram.writeTo(out);
    return this;
  }

  private PrometheusText single(String name, String help, String type, double value) {
    header(name, help, type);
    out.append(name).append(' ').append(format(value)).append('\n');
    return this;
  }

  private void header(String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String format(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
