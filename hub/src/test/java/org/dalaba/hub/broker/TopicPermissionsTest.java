package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The permission table of docs/protocol.md, "Permissions", one row per case. */
class TopicPermissionsTest {
  private static final Map<String, Account> ACCOUNTS = Map.of("hub", HUB, "monitor", MONITOR, "epA", EP_A);
  private final TopicPermissions permissions = new TopicPermissions();

  @ParameterizedTest(name = "{0} subscribe {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # endpoint 211282105001-01 in village 211282105001, township 211282105: exactly its five topics
      epA     | dalaba/v1/cmd/all                              | true
      epA     | dalaba/v1/cmd/township/211282105               | true
      epA     | dalaba/v1/cmd/village/211282105001             | true
      epA     | dalaba/v1/cmd/endpoint/211282105001-01         | true
      epA     | dalaba/v1/hub/status                           | true
      # other villages, townships, endpoints
      epA     | dalaba/v1/cmd/village/211282105002             | false
      epA     | dalaba/v1/cmd/township/211282106               | false
      epA     | dalaba/v1/cmd/endpoint/211282105002-01         | false
      epA     | dalaba/v1/cmd/endpoint/211282105001-02         | false
      epA     | dalaba/v1/cmd/endpoint/211282105001-01-x       | false
      epA     | dalaba/v1/cmd/village/21128210500              | false
      # wildcard abuse
      epA     | #                                              | false
      epA     | +                                              | false
      epA     | dalaba/#                                       | false
      epA     | dalaba/v1/#                                    | false
      epA     | dalaba/v1/cmd/#                                | false
      epA     | dalaba/v1/cmd/+                                | false
      epA     | dalaba/v1/cmd/village/+                        | false
      epA     | dalaba/v1/cmd/+/211282105001                   | false
      epA     | dalaba/+/cmd/all                               | false
      epA     | +/v1/cmd/all                                   | false
      epA     | dalaba/v1/ep/+/receipt                         | false
      epA     | dalaba/v1/ep/211282105001-01/#                 | false
      # shared subscriptions, even of its own topics; $SYS; look-alikes
      epA     | $share/g/dalaba/v1/cmd/all                     | false
      epA     | $share/g/#                                     | false
      epA     | $SYS/#                                         | false
      epA     | dalaba/v1/cmd/all/                             | false
      epA     | /dalaba/v1/cmd/all                             | false
      epA     | Dalaba/v1/cmd/all                              | false
      epA     | dalaba/v2/cmd/all                              | false
      epA     | dalaba/v1/cmd/all#                             | false
      # its own report topics are for writing only
      epA     | dalaba/v1/ep/211282105001-01/status            | false
      # monitor: anything under dalaba/v1/, wildcards included
      monitor | dalaba/v1/#                                    | true
      monitor | dalaba/v1/ep/+/status                          | true
      monitor | dalaba/v1/ep/+/+                               | true
      monitor | dalaba/v1/cmd/all                              | true
      monitor | dalaba/v1/+/village/#                          | true
      monitor | #                                              | false
      monitor | +/#                                            | false
      monitor | dalaba/#                                       | false
      monitor | dalaba/+/ep/+/status                           | false
      monitor | dalaba/v1                                      | false
      monitor | dalaba/v2/#                                    | false
      monitor | $share/hub/dalaba/v1/ep/+/+                    | false
      monitor | $SYS/#                                         | false
      monitor | dalaba/v1/ep/#/status                          | false
      monitor | dalaba/v1/ep/a+/status                         | false
      monitor | dalaba/v1/ep/+#                                | false
      # hub: everything that is a valid filter
      hub     | #                                              | true
      hub     | dalaba/v1/ep/+/+                               | true
      hub     | $share/hub/dalaba/v1/ep/+/+                    | true
      hub     | dalaba/v1/cmd/all                              | true
      hub     | dalaba/v1/ep/#/x                               | false
      """)
  void subscribe(String account, String filter, boolean allowed) {
    // GIVEN an account WHEN it subscribes THEN the table decides
    assertEquals(allowed, permissions.maySubscribe(ACCOUNTS.get(account), filter));
  }

  @ParameterizedTest(name = "{0} publish {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      epA     | dalaba/v1/ep/211282105001-01/status            | true
      epA     | dalaba/v1/ep/211282105001-01/heartbeat         | true
      epA     | dalaba/v1/ep/211282105001-01/receipt           | true
      # another endpoint's reports, look-alike ids, other kinds
      epA     | dalaba/v1/ep/211282105002-01/receipt           | false
      epA     | dalaba/v1/ep/211282105001-02/status            | false
      epA     | dalaba/v1/ep/211282105001-0/status             | false
      epA     | dalaba/v1/ep/211282105001-011/status           | false
      epA     | dalaba/v1/ep/211282105001-01/other             | false
      epA     | dalaba/v1/ep/211282105001-01/status/x          | false
      epA     | dalaba/v1/ep/211282105001-01/statu             | false
      epA     | dalaba/v1/ep/211282105001-01/                  | false
      epA     | dalaba/v1/ep/211282105001-01                   | false
      epA     | dalaba/v1/ep/211282105001-01/receiptreceipt    | false
      # commands and hub status are the hub's to send
      epA     | dalaba/v1/cmd/all                              | false
      epA     | dalaba/v1/cmd/endpoint/211282105001-01         | false
      epA     | dalaba/v1/hub/status                           | false
      epA     | dalaba/v2/ep/211282105001-01/status            | false
      # the monitor is read-only
      monitor | dalaba/v1/ep/211282105001-01/status            | false
      monitor | dalaba/v1/cmd/all                              | false
      monitor | anything                                       | false
      # the hub publishes anywhere
      hub     | dalaba/v1/cmd/all                              | true
      hub     | dalaba/v1/hub/status                           | true
      hub     | dalaba/v1/ep/211282105001-01/status            | true
      """)
  void publish(String account, String topic, boolean allowed) {
    assertEquals(allowed, permissions.mayPublish(ACCOUNTS.get(account), topic));
  }

  @ParameterizedTest(name = "{0} as client id {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      epA     | 211282105001-01                                | true
      epA     | 211282105001-01-cli                            | true
      epA     | 211282105001-01-a-b                            | true
      epA     | 211282105001-01-                               | false
      epA     | 211282105001-0                                 | false
      epA     | 211282105001-011                               | false
      epA     | 211282105001-01cli                             | false
      epA     | 211282105001-02                                | false
      epA     | x211282105001-01                               | false
      hub     | hub                                            | true
      hub     | hub-1                                          | true
      hub     | hubx                                           | false
      monitor | monitor-cli                                    | true
      monitor | hub                                            | false
      """)
  void clientId(String account, String clientId, boolean allowed) {
    assertEquals(allowed, permissions.clientIdAllowed(ACCOUNTS.get(account), clientId));
  }

  @Test
  void emptyAndNullAreRefused() {
    for (Account account : ACCOUNTS.values()) {
      assertFalse(permissions.maySubscribe(account, ""), account.username());
      assertFalse(permissions.maySubscribe(account, null), account.username());
      assertFalse(permissions.mayPublish(account, ""), account.username());
      assertFalse(permissions.mayPublish(account, null), account.username());
      assertFalse(permissions.clientIdAllowed(account, ""), account.username());
      assertFalse(permissions.clientIdAllowed(account, null), account.username());
    }
    assertFalse(permissions.maySubscribe(null, "dalaba/v1/cmd/all"));
    assertFalse(permissions.mayPublish(null, "dalaba/v1/cmd/all"));
  }

  @Test
  void endpointWithWildcardsInItsIdsGetsNothing() {
    // GIVEN an endpoint account whose ids would turn its topics into wildcards
    Account sneaky = new Account(Account.Kind.ENDPOINT, "+", "+", "#", "+");
    // THEN none of those topics is granted, not even cmd/all
    assertFalse(permissions.maySubscribe(sneaky, "dalaba/v1/cmd/village/#"));
    assertFalse(permissions.maySubscribe(sneaky, "dalaba/v1/cmd/all"));
    assertFalse(permissions.mayPublish(sneaky, "dalaba/v1/ep/+/status"));
    assertTrue(permissions.subscriptionsOf(sneaky).isEmpty());
  }

  @Test
  void endpointTopicListsMatchTheTable() {
    assertEquals(List.of("dalaba/v1/cmd/all", "dalaba/v1/cmd/township/211282105",
        "dalaba/v1/cmd/village/211282105001", "dalaba/v1/cmd/endpoint/211282105001-01", "dalaba/v1/hub/status"),
        permissions.subscriptionsOf(EP_A));
    assertEquals(List.of("dalaba/v1/ep/211282105001-01/status", "dalaba/v1/ep/211282105001-01/heartbeat",
        "dalaba/v1/ep/211282105001-01/receipt"), permissions.publicationsOf(EP_A));
    for (String topic : permissions.subscriptionsOf(EP_A)) {
      assertTrue(permissions.maySubscribe(EP_A, topic), topic);
    }
    for (String topic : permissions.publicationsOf(EP_A)) {
      assertTrue(permissions.mayPublish(EP_A, topic), topic);
    }
  }

  @ParameterizedTest(name = "id {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      211282105001-01 | true
      a.b_c-D         | true
      a/b             | false
      a+b             | false
      a#b             | false
      a b             | false
      a:b             | false
      '汉字'           | false
      ''              | false
      """)
  void idRule(String id, boolean valid) {
    assertEquals(valid, TopicPermissions.isValidId(id));
  }
}
