package org.dalaba.sim;

import java.util.List;

/** A snapshot of what every endpoint of a fleet has done so far. */
public record FleetSummary(List<EndpointStats> endpoints) {

  /**
   * One endpoint's counts.
   *
   * @param received  command messages that arrived, duplicates and malformed ones included
   * @param distinct  distinct command ids among them
   * @param played    playbacks that finished
   * @param stopped   playbacks cut short by a stop
   * @param preempted routine plays interrupted by an alert
   * @param dropped   commands lost on purpose by a DROPPING endpoint (not counted as received)
   */
  public record EndpointStats(String endpointId, Behaviour behaviour, boolean connected, int received,
      int distinct, int played, int stopped, int preempted, int dropped) {
  }

  public FleetSummary {
    endpoints = List.copyOf(endpoints);
  }

  public int connected() {
    return (int) endpoints.stream().filter(EndpointStats::connected).count();
  }

  public int received() {
    return endpoints.stream().mapToInt(EndpointStats::received).sum();
  }

  public int distinct() {
    return endpoints.stream().mapToInt(EndpointStats::distinct).sum();
  }

  public int played() {
    return endpoints.stream().mapToInt(EndpointStats::played).sum();
  }

  public int stopped() {
    return endpoints.stream().mapToInt(EndpointStats::stopped).sum();
  }

  public int preempted() {
    return endpoints.stream().mapToInt(EndpointStats::preempted).sum();
  }

  public int dropped() {
    return endpoints.stream().mapToInt(EndpointStats::dropped).sum();
  }

  /** One line per endpoint, then a TOTAL line; fixed-width columns for a terminal. */
  public String toTable() {
    String format = "%-20s %-9s %-4s %9s %9s %7s %8s %10s %8s%n";
    StringBuilder table = new StringBuilder();
    table.append(String.format(format, "endpoint", "behaviour", "up", "received", "distinct", "played",
        "stopped", "preempted", "dropped"));
    for (EndpointStats e : endpoints) {
      table.append(String.format(format, e.endpointId(), e.behaviour().name().toLowerCase(java.util.Locale.ROOT),
          e.connected() ? "yes" : "no", e.received(), e.distinct(), e.played(), e.stopped(), e.preempted(),
          e.dropped()));
    }
    table.append(String.format(format, "TOTAL (" + endpoints.size() + ")", "", connected() + "", received(),
        distinct(), played(), stopped(), preempted(), dropped()));
    return table.toString();
  }
}
