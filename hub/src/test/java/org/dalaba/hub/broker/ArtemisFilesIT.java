package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.EP_B;
import static org.dalaba.hub.broker.BrokerFixtures.EP_C;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.dalaba.hub.broker.BrokerFixtures.VILLAGE_A;
import static org.dalaba.hub.broker.BrokerFixtures.VILLAGE_B;
import static org.dalaba.hub.broker.BrokerFixtures.receipt;
import static org.dalaba.hub.broker.BrokerFixtures.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.broker.MosquittoFiles.Credential;
import org.dalaba.hub.broker.TestMqttClient.Received;
import org.dalaba.hub.testing.ArtemisCluster;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered ActiveMQ Artemis 2.40 nodes with the files {@link ArtemisFiles} writes, driven by MQTT 3.1.1
 * clients (as endpoints are) and MQTT 5 clients (as the hub is): what the accounts may do, and what the cluster
 * carries between nodes. Each test states Artemis's observed answer; docs/operations.md, "MQTT broker cluster",
 * sums them up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArtemisFilesIT {
  private static final int NOT_AUTHORIZED = MqttException.REASON_CODE_NOT_AUTHORIZED;

  @TempDir
  static Path dir;
  private final Map<String, String> secrets = new HashMap<>();
  private ArtemisCluster cluster;
  private int nodeA;
  private int nodeB;

  @BeforeAll
  void startCluster() throws Exception {
    List<Credential> credentials = new ArrayList<>();
    for (Account account : BrokerFixtures.ALL) {
      String secret = BrokerAccounts.newSecret();
      secrets.put(account.username(), secret);
      // stored hashes, as the hub writes them: the broker checks them with ArtemisSecretCodec
      credentials.add(Credential.ofHash(account, SecretHash.of(secret)));
    }
    new ArtemisFiles(new TopicPermissions()).write(credentials, dir.resolve("files"));
    cluster = ArtemisCluster.create(dir, 2).start(dir.resolve("files"));
    nodeA = cluster.node(0).mqttPort();
    nodeB = cluster.node(1).mqttPort();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private TestMqttClient connect(int port, Account account) throws MqttException {
    return TestMqttClient.connect(port, account.username(), account.username(), secrets.get(account.username()));
  }

  @Test
  void everyAccountConnectsToEitherNodeWithItsHashedSecret() throws Exception {
    for (int port : List.of(nodeA, nodeB)) {
      for (Account account : BrokerFixtures.ALL) {
        try (TestMqttClient client = connect(port, account)) {
          assertTrue(client.isConnected(), account.username() + " on " + port);
        }
      }
    }
  }

  @Test
  void wrongSecretUnknownUserAndNoCredentialsAreRefused() {
    for (String[] attempt : List.of(new String[] {EP_A.username(), "wrong-wrong-wrong-wrong"},
        new String[] {EP_A.username(), secrets.get(EP_B.username())},
        new String[] {"211282199001-01", BrokerAccounts.newSecret()}, new String[] {null, null})) {
      MqttException e = assertThrows(MqttException.class, () -> TestMqttClient.connect(nodeA,
          attempt[0] == null ? "anonymous" : attempt[0], attempt[0], attempt[1]).close());
      assertTrue(e.getReasonCode() == NOT_AUTHORIZED || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION,
          "refused with " + e.getReasonCode());
    }
  }

  @Test
  void anEndpointsCredentialsOpenNoCoreSessionOnTheClusterAcceptor() throws Exception {
    try (TestMqttClient a = connect(nodeA, EP_A)) {
      assertEquals(1, a.subscribe(BrokerTopics.CMD_ALL));
      // WHEN endpoint A's credentials are tried with Artemis's own CORE client on the cluster acceptor
      String[] result = ArtemisCluster.coreProducer(cluster.node(0), EP_A.username(), secrets.get(EP_A.username()),
          "dalaba.v1.cmd.all");
      // THEN the login is refused (the acceptor's JAAS domain has no users) and nothing reaches the endpoint
      System.out.println("Artemis CORE acceptor with an endpoint's credentials: exit " + result[0] + ", "
          + result[1].lines().filter(l -> l.contains("AMQ")).findFirst().orElse("(no AMQ line)"));
      assertTrue(result[1].contains("AMQ229031"), "refused as an unknown user: " + result[1]);
      assertNull(a.next());
    }
  }

  @Test
  void clientIdsAreNotTiedToUsernamesOnArtemis() throws Exception {
    // the same gap as Mosquitto's: endpoint A may connect with endpoint B's client id
    try (TestMqttClient impostor = TestMqttClient.connect(nodeA, EP_B.username(), EP_A.username(),
        secrets.get(EP_A.username()))) {
      assertTrue(impostor.isConnected());
    }
  }

  @Test
  void commandsFromTheHubOnOneNodeReachOnlyTheirTargetsOnTheOther() throws Exception {
    TopicPermissions permissions = new TopicPermissions();
    try (TestMqttClient hub = connect(nodeA, HUB); TestMqttClient a = connect(nodeB, EP_A);
        TestMqttClient c = connect(nodeB, EP_C)) {
      for (String topic : permissions.subscriptionsOf(EP_A)) {
        assertEquals(1, a.subscribe(topic), topic);
      }
      for (String topic : permissions.subscriptionsOf(EP_C)) {
        assertEquals(1, c.subscribe(topic), topic);
      }
      awaitRoute(() -> hub.publish(BrokerTopics.village(VILLAGE_A), "probe", 1, false), a.messages);
      awaitRoute(() -> hub.publish(BrokerTopics.endpoint(EP_C.username()), "probe", 1, false), c.messages);
      hub.publish(BrokerTopics.village(VILLAGE_A), "village", 1, false);
      hub.publish(BrokerTopics.endpoint(EP_C.username()), "endpoint", 1, false);
      assertEquals("village", a.next().payload());
      assertEquals("endpoint", c.next().payload());
      assertNull(a.messages.poll());
      assertNull(c.messages.poll());
    }
  }

  @Test
  void anEndpointCannotSubscribeToAnotherEndpointsVillageNorToWildcards() throws Exception {
    try (TestMqttClient hub = connect(nodeA, HUB); TestMqttClient a = connect(nodeA, EP_A)) {
      int other = subscribeOutcome(a, BrokerTopics.village(VILLAGE_B));
      int wildcard = subscribeOutcome(connectAgain(a, EP_A), "dalaba/v1/cmd/village/+");
      int share = subscribeOutcome(connectAgain(a, EP_A), "$share/dalaba-hubs/dalaba/v1/ep/+/receipt");
      System.out.printf("Artemis SUBACK for an endpoint: other village %d, wildcard %d, $share of receipts %d%n",
          other, wildcard, share);
      assertEquals(128, other);
      assertEquals(128, wildcard);
      assertEquals(128, share);
    }
  }

  /** The SUBACK code, or -1 when the broker closed the connection instead of answering. */
  private int subscribeOutcome(TestMqttClient client, String filter) {
    try {
      return client.subscribe(filter);
    } catch (MqttException e) {
      return -1;
    } finally {
      client.close();
    }
  }

  private TestMqttClient connectAgain(TestMqttClient previous, Account account) throws MqttException {
    previous.close();
    return connect(nodeA, account);
  }

  @Test
  void aForgedReceiptClosesTheConnectionAndNeverReachesTheHub() throws Exception {
    try (TestMqttClient hub = connect(nodeB, HUB); TestMqttClient a = connect(nodeA, EP_A)) {
      assertEquals(1, hub.subscribe("dalaba/v1/ep/+/+"));
      awaitRoute(() -> a.publish(receipt(EP_A), "probe", 1, false), hub.messages);
      // WHEN endpoint A forges B's receipt THEN Artemis closes A's connection (Mosquitto drops it silently)
      a.publishAndForget(receipt(EP_B), "forged");
      assertNotNull(a.lost.get(5, TimeUnit.SECONDS), "the connection was closed");
      try (TestMqttClient own = connect(nodeA, EP_A)) {
        own.publish(receipt(EP_A), "own", 1, false);
      }
      Received first = hub.next();
      assertNotNull(first);
      assertEquals("own", first.payload());
      assertNull(hub.messages.poll());
    }
  }

  @Test
  void sharedReceiptsAreSplitBetweenHubsOnDifferentNodesWithNoneLostOrDoubled() throws Exception {
    try (V5Client hubA = V5Client.connect(nodeA, "hub-a", HUB.username(), secrets.get(HUB.username()));
        V5Client hubB = V5Client.connect(nodeB, "hub-b", HUB.username(), secrets.get(HUB.username()));
        TestMqttClient endpointA = connect(nodeA, EP_A); TestMqttClient endpointC = connect(nodeB, EP_C)) {
      hubA.subscribe("$share/dalaba-hubs/dalaba/v1/ep/+/receipt");
      hubB.subscribe("$share/dalaba-hubs/dalaba/v1/ep/+/receipt");
      // both share queues known on both nodes: probes from each node until each hub got one
      awaitRoute(() -> endpointA.publish(receipt(EP_A), "probe", 1, false), hubB.messages);
      awaitRoute(() -> endpointC.publish(receipt(EP_C), "probe", 1, false), hubA.messages);
      TestMqttClient.drain(hubA.messages);
      TestMqttClient.drain(hubB.messages);
      hubA.count = 0;
      hubB.count = 0;
      int n = 40;
      for (int i = 0; i < n; i++) {
        endpointA.publish(receipt(EP_A), "a" + i, 1, false);
        endpointC.publish(receipt(EP_C), "c" + i, 1, false);
      }
      Set<String> seen = new HashSet<>();
      List<String> all = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      while (all.size() < 2 * n && System.currentTimeMillis() < deadline) {
        for (V5Client hub : List.of(hubA, hubB)) {
          String payload = hub.messages.poll(50, TimeUnit.MILLISECONDS);
          if (payload != null) {
            all.add(payload);
            seen.add(payload);
          }
        }
      }
      System.out.printf("Artemis shared subscription over two nodes: %d receipts, hub on node a got %d, on node b %d%n",
          all.size(), hubA.count, hubB.count);
      assertEquals(2 * n, all.size(), "every receipt once");
      assertEquals(2 * n, seen.size(), "none twice");
      assertTrue(hubA.count > 0 && hubB.count > 0, "both hubs got a share");
    }
  }

  @Test
  void aRetainedStatusIsOnlyKeptOnTheNodeItWasPublishedTo() throws Exception {
    try (TestMqttClient a = connect(nodeA, EP_A)) {
      a.publish(status(EP_A), "{\"v\":1,\"state\":\"online\"}", 1, true);
    }
    try (TestMqttClient sameNode = TestMqttClient.connect(nodeA, "hub-1", HUB.username(), secrets.get(HUB.username()));
        TestMqttClient otherNode = TestMqttClient.connect(nodeB, "hub-2", HUB.username(), secrets.get(HUB.username()))) {
      assertEquals(1, sameNode.subscribe(status(EP_A)));
      assertEquals(1, otherNode.subscribe(status(EP_A)));
      Received local = sameNode.next();
      Received remote = otherNode.next();
      System.out.printf("Artemis retained status: a subscriber on the same node gets %s, on the other node %s%n",
          local, remote);
      assertNotNull(local);
      assertNull(remote, "retained messages are not shared across the cluster");
    } finally {
      try (TestMqttClient cleaner = connect(nodeA, EP_A)) {
        cleaner.publish(status(EP_A), "", 1, true);
      }
    }
  }

  @Test
  void aLastWillReachesTheHubOnTheOtherNode() throws Exception {
    String will = "{\"v\":1,\"state\":\"offline\",\"reason\":\"will\"}";
    try (TestMqttClient hub = connect(nodeB, HUB)) {
      assertEquals(1, hub.subscribe("dalaba/v1/ep/+/status"));
      try (TestMqttClient prober = connect(nodeA, EP_B)) {
        awaitRoute(() -> prober.publish(status(EP_B), "probe", 1, false), hub.messages);
      }
      TestMqttClient endpoint = TestMqttClient.connect(nodeA, EP_B.username(), EP_B.username(),
          secrets.get(EP_B.username()), status(EP_B), will);
      endpoint.abort();
      Received received = hub.next();
      assertNotNull(received, "the will arrives across the cluster");
      assertEquals(will, received.payload());
    } finally {
      try (TestMqttClient cleaner = connect(nodeA, EP_B)) {
        cleaner.publish(status(EP_B), "", 1, true);
      }
    }
  }

  @Test
  void theMonitorCanJoinTheHubsShareGroupAsOnMosquitto() throws Exception {
    try (TestMqttClient monitor = connect(nodeA, MONITOR)) {
      int code = monitor.subscribe("$share/dalaba-hubs/dalaba/v1/ep/+/receipt");
      System.out.println("Artemis SUBACK for the monitor joining the hubs' share group: " + code);
      assertEquals(1, code, "Artemis cannot tell a shared subscription from a plain one in its security settings");
    }
  }

  /**
   * A subscription becomes a binding on the other node asynchronously (cluster notifications): publishes a probe
   * until it arrives, then forgets what arrived.
   */
  private static void awaitRoute(Probe publish, BlockingQueue<?> arrivals) {
    org.dalaba.hub.testing.Await.until("a route across the cluster", java.time.Duration.ofSeconds(20), () -> {
      try {
        publish.run();
        return arrivals.poll(200, TimeUnit.MILLISECONDS) != null;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    try {
      TestMqttClient.drain(arrivals);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Probe {
    void run() throws Exception;
  }

  /** An MQTT 5 client, as the hub's MqttGateway is, counting what it receives. */
  private static final class V5Client implements AutoCloseable {
    final MqttClient client;
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    volatile int count;

    private V5Client(MqttClient client) {
      this.client = client;
    }

    static V5Client connect(int port, String clientId, String username, String password) throws Exception {
      MqttClient paho = new MqttClient("tcp://127.0.0.1:" + port, username + "-" + clientId, new MemoryPersistence());
      V5Client v5 = new V5Client(paho);
      paho.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
          v5.count++;
          v5.messages.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
        }
      });
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName(username);
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
      options.setCleanStart(true);
      options.setConnectionTimeout(5);
      paho.connect(options);
      return v5;
    }

    void subscribe(String filter) throws Exception {
      IMqttToken token = client.subscribe(filter, 1);
      assertEquals(1, token.getReasonCodes()[0], "SUBACK for " + filter);
    }

    @Override
    public void close() throws Exception {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close(true);
    }
  }
}
