package org.dalaba.hub.metrics;

/** A fixed-bucket histogram in the Prometheus text format. Updated and read on the hub's context. */
public final class Histogram {
  private final String name;
  private final String help;
  private final double[] bounds;
  private final long[] counts;
  private double sum;
  private long count;

  public Histogram(String name, String help, double... bounds) {
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
    this.counts = new long[bounds.length];
  }

  public synchronized void observe(double value) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts[i]++;
      }
    }
    sum += value;
    count++;
  }

  public synchronized void writeTo(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    for (int i = 0; i < bounds.length; i++) {
      out.append(name).append("_bucket{le=\"").append(bounds[i]).append("\"} ").append(counts[i]).append('\n');
    }
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
    out.append(name).append("_sum ").append(sum).append('\n');
    out.append(name).append("_count ").append(count).append('\n');
  }
}
