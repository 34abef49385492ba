package org.dalaba.hub.protocol;

/** The last segment of an endpoint's report topic. {@code UNKNOWN} rather than null for anything else. */
public enum ReportKind {
  STATUS("status"), HEARTBEAT("heartbeat"), RECEIPT("receipt"), UNKNOWN("");

  final String segment;

  ReportKind(String segment) {
    this.segment = segment;
  }

  static ReportKind of(String segment) {
    for (ReportKind kind : values()) {
      if (kind != UNKNOWN && kind.segment.equals(segment)) {
        return kind;
      }
    }
    return UNKNOWN;
  }
}
