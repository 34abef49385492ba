package org.dalaba.hub.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Accounts and ids shared by the broker tests: two villages of one township, one of another. */
final class BrokerFixtures {
  static final String TOWNSHIP = "211282105";
  static final String VILLAGE_A = "211282105001";
  static final String VILLAGE_B = "211282105002";
  static final String OTHER_TOWNSHIP = "211282106";
  static final String VILLAGE_C = "211282106001";

  static final Account HUB = Account.hub("hub");
  static final Account MONITOR = Account.monitor("monitor");
  static final Account EP_A = Account.endpoint(VILLAGE_A + "-01", VILLAGE_A, TOWNSHIP);
  static final Account EP_B = Account.endpoint(VILLAGE_B + "-01", VILLAGE_B, TOWNSHIP);
  static final Account EP_C = Account.endpoint(VILLAGE_C + "-01", VILLAGE_C, OTHER_TOWNSHIP);
  static final List<Account> ALL = List.of(HUB, MONITOR, EP_A, EP_B, EP_C);

  private BrokerFixtures() {
  }

  static String receipt(Account endpoint) {
    return BrokerTopics.report(endpoint.endpointId(), "receipt");
  }

  static String status(Account endpoint) {
    return BrokerTopics.report(endpoint.endpointId(), "status");
  }

  static String heartbeat(Account endpoint) {
    return BrokerTopics.report(endpoint.endpointId(), "heartbeat");
  }

  /** Gives every fixture account a new secret in {@code accounts}, and notes it in {@code secrets} by username. */
  static void enrolAll(BrokerAccounts accounts, Map<String, String> secrets) {
    for (Account account : ALL) {
      String secret = BrokerAccounts.newSecret();
      accounts.put(account, secret);
      secrets.put(account.username(), secret);
    }
  }

  /** The embedded broker with these accounts on loopback {@code port}, started. */
  static EmbeddedBroker startBroker(BrokerAccounts accounts, int port, Path dataDir) throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(accounts, new TopicPermissions(), EmbeddedBroker.Settings.of("127.0.0.1", port, dataDir));
    broker.start().get(60, TimeUnit.SECONDS);
    return broker;
  }

  /** A loopback port nobody listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
