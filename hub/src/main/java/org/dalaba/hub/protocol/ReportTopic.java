package org.dalaba.hub.protocol;

/** A parsed {@code dalaba/v1/ep/{endpointId}/{kind}} topic; {@code kind} is UNKNOWN for anything else. */
public record ReportTopic(String endpointId, ReportKind kind) {
  private static final ReportTopic NONE = new ReportTopic("", ReportKind.UNKNOWN);

  public static ReportTopic parse(String topic) {
    if (!topic.startsWith(Topics.EP_PREFIX)) {
      return NONE;
    }
    String rest = topic.substring(Topics.EP_PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
      return NONE;
    }
    return new ReportTopic(rest.substring(0, slash), ReportKind.of(rest.substring(slash + 1)));
  }
}
