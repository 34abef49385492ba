package org.dalaba.hub.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may subscribe and publish where (docs/protocol.md, "Permissions"). Pure logic, no state; the embedded
 * broker's authorizer and the Mosquitto ACL generator both derive from it.
 *
 * <ul>
 *   <li>{@code HUB}: everything.</li>
 *   <li>{@code MONITOR}: subscribe to any valid filter under {@code dalaba/v1/} (wildcards allowed, shared
 *       subscriptions not: a monitor joining the hub's share group would take messages away from the hub);
 *       publish nothing.</li>
 *   <li>{@code ENDPOINT}: subscribe to exactly its five topics (cmd/all, its township, its village, itself, hub
 *       status), no wildcards, no shared subscriptions; publish to exactly its three report topics.</li>
 * </ul>
 * Thread-safe; called on broker threads for every SUBSCRIBE and PUBLISH, so it allocates little.
 */
public final class TopicPermissions {
  /** Ids as docs/protocol.md allows them: 1–64 characters from {@code A–Z a–z 0–9 - _ .}. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** True for a string the protocol accepts as an id (and hence safe inside a topic or an ACL line). */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public boolean maySubscribe(Account account, String topicFilter) {
    if (account == null || topicFilter == null || !isValidFilter(topicFilter)) {
      return false;
    }
    switch (account.kind()) {
      case HUB:
        return true;
      case MONITOR:
        return topicFilter.startsWith(BrokerTopics.ROOT_PREFIX);
      case ENDPOINT:
        return subscriptionsOf(account).contains(topicFilter);
      default:
        return false;
    }
  }

  public boolean mayPublish(Account account, String topic) {
    if (account == null || topic == null || topic.isEmpty()) {
      return false;
    }
    switch (account.kind()) {
      case HUB:
        return true;
      case ENDPOINT:
        return isOwnReportTopic(account, topic);
      case MONITOR:
      default:
        return false;
    }
  }

  /** Only an endpoint's status may be retained (its last known state); heartbeats and receipts never are. */
  public boolean mayRetain(Account account, String topic) {
    if (account == null || topic == null) {
      return false;
    }
    return account.kind() == Account.Kind.HUB
        || account.kind() == Account.Kind.ENDPOINT && isOwnReportTopic(account, topic) && topic.endsWith("/status");
  }

  /**
   * The client id must be the username, or the username followed by {@code -} and a non-empty suffix
   * (a service tool next to the device, e.g. {@code 211282105001-01-cli}).
   */
  public boolean clientIdAllowed(Account account, String clientId) {
    if (account == null || clientId == null || account.username() == null) {
      return false;
    }
    String username = account.username();
    return clientId.equals(username)
        || clientId.length() > username.length() + 1
            && clientId.startsWith(username)
            && clientId.charAt(username.length()) == '-';
  }

  /** The exact topics an endpoint may subscribe to; empty for an endpoint account with an unusable id. */
  public List<String> subscriptionsOf(Account endpoint) {
    if (!usableEndpoint(endpoint)) {
      return List.of();
    }
    List<String> topics = new ArrayList<>(5);
    topics.add(BrokerTopics.CMD_ALL);
    if (isValidId(endpoint.townshipId())) {
      topics.add(BrokerTopics.township(endpoint.townshipId()));
    }
    if (isValidId(endpoint.villageId())) {
      topics.add(BrokerTopics.village(endpoint.villageId()));
    }
    topics.add(BrokerTopics.endpoint(endpoint.endpointId()));
    topics.add(BrokerTopics.HUB_STATUS);
    return topics;
  }

  /** The exact topics an endpoint may publish to (its status, heartbeat and receipt topics). */
  public List<String> publicationsOf(Account endpoint) {
    if (!usableEndpoint(endpoint)) {
      return List.of();
    }
    List<String> topics = new ArrayList<>(BrokerTopics.REPORT_KINDS.length);
    for (String kind : BrokerTopics.REPORT_KINDS) {
      topics.add(BrokerTopics.report(endpoint.endpointId(), kind));
    }
    return topics;
  }

  private static boolean usableEndpoint(Account account) {
    return account.kind() == Account.Kind.ENDPOINT
        && isValidId(account.endpointId())
        && Objects.equals(account.endpointId(), account.username());
  }

  private static boolean isOwnReportTopic(Account endpoint, String topic) {
    if (!usableEndpoint(endpoint)) {
      return false;
    }
    String prefix = BrokerTopics.reportPrefix(endpoint.endpointId());
    if (!topic.startsWith(prefix)) {
      return false;
    }
    for (String kind : BrokerTopics.REPORT_KINDS) {
      if (topic.length() == prefix.length() + kind.length() && topic.endsWith(kind)) {
        return true;
      }
    }
    return false;
  }

  /** MQTT topic filter syntax: {@code +} and {@code #} fill a whole level, {@code #} only the last one. */
  private static boolean isValidFilter(String filter) {
    if (filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
      return false;
    }
    int levelStart = 0;
    for (int i = 0; i <= filter.length(); i++) {
      if (i == filter.length() || filter.charAt(i) == '/') {
        if (!isValidLevel(filter, levelStart, i, i == filter.length())) {
          return false;
        }
        levelStart = i + 1;
      }
    }
    return true;
  }

  private static boolean isValidLevel(String filter, int start, int end, boolean last) {
    for (int i = start; i < end; i++) {
      char c = filter.charAt(i);
      if (c == '+' && end - start != 1) {
        return false;
      }
      if (c == '#' && (end - start != 1 || !last)) {
        return false;
      }
    }
    return true;
  }
}
