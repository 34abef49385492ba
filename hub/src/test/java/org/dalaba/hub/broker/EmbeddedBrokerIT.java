package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.EP_B;
import static org.dalaba.hub.broker.BrokerFixtures.EP_C;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.dalaba.hub.broker.BrokerFixtures.TOWNSHIP;
import static org.dalaba.hub.broker.BrokerFixtures.VILLAGE_A;
import static org.dalaba.hub.broker.BrokerFixtures.VILLAGE_B;
import static org.dalaba.hub.broker.BrokerFixtures.receipt;
import static org.dalaba.hub.broker.BrokerFixtures.status;
import static org.dalaba.hub.broker.BrokerFixtures.heartbeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.broker.TestMqttClient.Received;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded HiveMQ with our authenticator, connection rights and report tap, driven by real MQTT 3.1.1 clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedBrokerIT {
  /** Paho's codes for CONNACK 4 and 5. */
  private static final int BAD_USERNAME_OR_PASSWORD = MqttException.REASON_CODE_FAILED_AUTHENTICATION;
  private static final int NOT_AUTHORIZED = MqttException.REASON_CODE_NOT_AUTHORIZED;
  private static final int SUBACK_FAILURE = 0x80;
  private static final int RECEIPTS_IN_ORDER = 5;

  @TempDir
  static Path dataDir;
  private final BrokerAccounts accounts = new BrokerAccounts();
  private final Map<String, String> secrets = new HashMap<>();
  private EmbeddedBroker broker;
  private int port;

  @BeforeAll
  void startBroker() throws Exception {
    BrokerFixtures.enrolAll(accounts, secrets);
    port = BrokerFixtures.freePort();
    broker = BrokerFixtures.startBroker(accounts, port, dataDir);
  }

  @AfterAll
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.stop().get(30, TimeUnit.SECONDS);
    }
  }

  private TestMqttClient connect(Account account) throws MqttException {
    return connect(account, account.username());
  }

  private TestMqttClient connect(Account account, String clientId) throws MqttException {
    return TestMqttClient.connect(port, clientId, account.username(), secrets.get(account.username()));
  }

  private int connectFailure(String clientId, String username, String password) {
    MqttException e = assertThrows(MqttException.class,
        () -> TestMqttClient.connect(port, clientId, username, password).close());
    return e.getReasonCode();
  }

  @Test
  void startsItsFilesUnderTheDataDirectory() {
    assertEquals(port, broker.port());
    assertTrue(Files.isRegularFile(dataDir.resolve("hivemq/conf/config.xml")));
    assertTrue(Files.isDirectory(dataDir.resolve("hivemq/extensions")));
  }

  @Test
  void endpointWithItsSecretConnects() throws Exception {
    try (TestMqttClient endpoint = connect(EP_A); TestMqttClient tool = connect(EP_A, EP_A.username() + "-cli")) {
      assertTrue(endpoint.isConnected());
      assertTrue(tool.isConnected());
    }
  }

  @Test
  void wrongSecretUnknownUserAndNoCredentialsGetConnack4() {
    assertEquals(BAD_USERNAME_OR_PASSWORD, connectFailure(EP_A.username(), EP_A.username(), "wrong-wrong-wrong-wrong"));
    assertEquals(BAD_USERNAME_OR_PASSWORD, connectFailure(EP_A.username(), EP_A.username(), secrets.get(EP_B.username())));
    assertEquals(BAD_USERNAME_OR_PASSWORD, connectFailure("211282199001-01", "211282199001-01", BrokerAccounts.newSecret()));
    assertEquals(BAD_USERNAME_OR_PASSWORD, connectFailure("anonymous", null, null));
  }

  @Test
  void clientIdOfSomeoneElseGetsConnack5() {
    String secretA = secrets.get(EP_A.username());
    assertEquals(NOT_AUTHORIZED, connectFailure(EP_B.username(), EP_A.username(), secretA));
    assertEquals(NOT_AUTHORIZED, connectFailure("hub", EP_A.username(), secretA));
    assertEquals(NOT_AUTHORIZED, connectFailure(EP_A.username() + "x", EP_A.username(), secretA));
    assertEquals(NOT_AUTHORIZED, connectFailure("monitor-cli", "hub", secrets.get("hub")));
  }

  @Test
  void publishToAnotherEndpointsReceiptClosesTheConnectionAndNeverArrives() throws Exception {
    // GIVEN the hub listening to every report
    try (TestMqttClient hub = connect(HUB)) {
      assertEquals(1, hub.subscribe("dalaba/v1/ep/+/+"));
      // WHEN endpoint A publishes a receipt in endpoint B's name
      try (TestMqttClient intruder = connect(EP_A)) {
        intruder.publishAndForget(receipt(EP_B), "{\"v\":1,\"cmd\":\"forged\",\"state\":\"finished\",\"ts\":1}");
        // THEN the broker closes A's connection (MQTT 3.1.1 has no negative PUBACK)
        assertNotNull(intruder.lost.get(10, TimeUnit.SECONDS));
      }
      // AND A's own receipt, sent afterwards on a new connection, is the only one the hub gets
      try (TestMqttClient endpoint = connect(EP_A)) {
        endpoint.publish(receipt(EP_A), "own", 1, false);
      }
      Received first = hub.next();
      assertNotNull(first, "the endpoint's own receipt arrives");
      assertEquals(receipt(EP_A), first.topic());
      assertEquals("own", first.payload());
      assertNull(hub.messages.poll(), "the forged receipt never arrives");
    }
  }

  @Test
  void subscriptionsOutsideTheEndpointsOwnTopicsGetSubackFailure() throws Exception {
    try (TestMqttClient endpoint = connect(EP_A)) {
      // its own five topics are granted
      for (String topic : new TopicPermissions().subscriptionsOf(EP_A)) {
        assertEquals(1, endpoint.subscribe(topic), topic);
      }
      // anything else fails in SUBACK, and the connection stays open
      for (String filter : new String[] {BrokerTopics.village(VILLAGE_B), BrokerTopics.endpoint(EP_B.username()),
          "dalaba/v1/cmd/#", "dalaba/v1/cmd/village/+", "#", "$share/g/" + BrokerTopics.village(VILLAGE_A),
          receipt(EP_B)}) {
        assertEquals(SUBACK_FAILURE, endpoint.subscribe(filter), filter);
      }
      assertTrue(endpoint.isConnected());
    }
  }

  @Test
  void hubReceivesEveryReportAndCommandsReachOnlyTheirTargets() throws Exception {
    try (TestMqttClient hub = connect(HUB); TestMqttClient a = connect(EP_A); TestMqttClient b = connect(EP_B);
        TestMqttClient c = connect(EP_C)) {
      // GIVEN the hub on '#' and three endpoints on all their topics
      assertEquals(1, hub.subscribe("#"));
      for (TestMqttClient endpoint : new TestMqttClient[] {a, b, c}) {
        Account account = endpoint == a ? EP_A : endpoint == b ? EP_B : EP_C;
        for (String topic : new TopicPermissions().subscriptionsOf(account)) {
          assertEquals(1, endpoint.subscribe(topic), topic);
        }
      }
      // WHEN endpoint A reports THEN the hub gets all three reports
      a.publish(status(EP_A), "online", 1, true);
      a.publish(heartbeat(EP_A), "beat", 0, false);
      a.publish(receipt(EP_A), "received", 1, false);
      Set<String> seen = Set.of(hub.next().topic(), hub.next().topic(), hub.next().topic());
      assertEquals(Set.of(status(EP_A), heartbeat(EP_A), receipt(EP_A)), seen);
      // WHEN the hub sends to village A, then to the township of A and B, then to C alone
      hub.publish(BrokerTopics.village(VILLAGE_A), "village", 1, false);
      hub.publish(BrokerTopics.township(TOWNSHIP), "township", 1, false);
      hub.publish(BrokerTopics.endpoint(EP_C.username()), "endpoint", 1, false);
      // THEN each endpoint gets exactly what concerns it, in order
      assertEquals("village", a.next().payload());
      assertEquals("township", a.next().payload());
      assertEquals("township", b.next().payload());
      assertEquals("endpoint", c.next().payload());
      assertNull(a.messages.poll());
      assertNull(b.messages.poll());
      assertNull(c.messages.poll());
      a.publish(status(EP_A), "", 1, true); // clear the retained status
    }
  }

  @Test
  void monitorReadsEverythingUnderTheRootAndWritesNothing() throws Exception {
    try (TestMqttClient monitor = connect(MONITOR, "monitor-cli"); TestMqttClient a = connect(EP_A)) {
      assertEquals(1, monitor.subscribe("dalaba/v1/ep/+/status"));
      assertEquals(SUBACK_FAILURE, monitor.subscribe("#"));
      assertEquals(SUBACK_FAILURE, monitor.subscribe("$share/hub/dalaba/v1/ep/+/+"));
      a.publish(status(EP_A), "online", 1, false);
      assertEquals(status(EP_A), monitor.next().topic());
      monitor.publishAndForget(BrokerTopics.CMD_ALL, "{}");
      assertNotNull(monitor.lost.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void lastWillOnTheEndpointsOwnStatusIsAllowedAndDelivered() throws Exception {
    String will = "{\"v\":1,\"state\":\"offline\",\"reason\":\"will\"}";
    try (TestMqttClient hub = connect(HUB)) {
      assertEquals(1, hub.subscribe("dalaba/v1/ep/+/status"));
      // GIVEN endpoint B connected with its will on its own status topic
      TestMqttClient endpoint = TestMqttClient.connect(port, EP_B.username(), EP_B.username(),
          secrets.get(EP_B.username()), status(EP_B), will);
      // WHEN its connection dies
      endpoint.abort();
      // THEN the hub gets the will, and it stays retained for whoever subscribes later
      Received received = hub.next();
      assertNotNull(received, "the will arrives");
      assertEquals(status(EP_B), received.topic());
      assertEquals(will, received.payload());
      try (TestMqttClient monitor = connect(MONITOR)) {
        assertEquals(1, monitor.subscribe(status(EP_B)));
        Received retained = monitor.next();
        assertEquals(will, retained.payload());
        assertTrue(retained.retained());
      }
      try (TestMqttClient cleaner = connect(EP_B)) {
        cleaner.publish(status(EP_B), "", 1, true);
      }
    }
  }

  @Test
  void lastWillOnAnotherEndpointsTopicRefusesTheConnect() {
    MqttException e = assertThrows(MqttException.class, () -> TestMqttClient.connect(port, EP_A.username(),
        EP_A.username(), secrets.get(EP_A.username()), status(EP_B), "{\"v\":1,\"state\":\"offline\"}").close());
    assertEquals(NOT_AUTHORIZED, e.getReasonCode());
  }

  @Test
  void removedAccountIsDisconnectedAtOnceAndCannotConnectAgain() throws Exception {
    // GIVEN an extra endpoint, connected
    Account extra = Account.endpoint("211282105009-01", "211282105009", TOWNSHIP);
    String secret = BrokerAccounts.newSecret();
    accounts.put(extra, secret);
    try (TestMqttClient endpoint = TestMqttClient.connect(port, extra.username(), extra.username(), secret)) {
      assertEquals(1, endpoint.subscribe(BrokerTopics.CMD_ALL));
      // WHEN its account is removed
      accounts.remove(extra.username());
      // THEN the broker closes its connection (its rights were fixed at CONNECT)
      assertNotNull(endpoint.lost.get(10, TimeUnit.SECONDS));
    }
    // AND it cannot connect again
    assertEquals(BAD_USERNAME_OR_PASSWORD, connectFailure(extra.username(), extra.username(), secret));
  }

  @Test
  void endpointMovedToAnotherVillageIsDisconnectedAndOthersStay() throws Exception {
    // GIVEN two extra endpoints connected, one with a service tool beside it
    Account moving = Account.endpoint("211282105008-01", "211282105008", TOWNSHIP);
    Account staying = Account.endpoint("211282105007-01", "211282105007", TOWNSHIP);
    String movingSecret = BrokerAccounts.newSecret();
    String stayingSecret = BrokerAccounts.newSecret();
    accounts.put(moving, movingSecret);
    accounts.put(staying, stayingSecret);
    try (TestMqttClient movingClient = TestMqttClient.connect(port, moving.username(), moving.username(), movingSecret);
        TestMqttClient movingTool = TestMqttClient.connect(port, moving.username() + "-cli", moving.username(), movingSecret);
        TestMqttClient stayingClient = TestMqttClient.connect(port, staying.username(), staying.username(), stayingSecret)) {
      // WHEN a re-import moves the first to another village
      accounts.put(Account.endpoint(moving.username(), "211282105006", TOWNSHIP), movingSecret);
      // THEN both of its connections are closed, the other endpoint's stays open
      assertNotNull(movingClient.lost.get(10, TimeUnit.SECONDS));
      assertNotNull(movingTool.lost.get(10, TimeUnit.SECONDS));
      assertTrue(stayingClient.isConnected());
      assertEquals(1, stayingClient.subscribe(BrokerTopics.village("211282105007")));
    } finally {
      accounts.remove(moving.username());
      accounts.remove(staying.username());
    }
  }

  @Test
  void receiptsAndHeartbeatsReachTheTapInOrderAndForgedOnesNever() throws Exception {
    // GIVEN the hub attached to the broker's report tap
    BlockingQueue<String> tapped = new LinkedBlockingQueue<>();
    broker.reports().attach(Runnable::run, (topic, payload) ->
        tapped.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
    try (TestMqttClient a = connect(EP_A); TestMqttClient b = connect(EP_B)) {
      // (reports of earlier tests waited in the tap for someone to attach: skip past them)
      a.publish(receipt(EP_A), "marker", 1, false);
      String skipped;
      do {
        skipped = tapped.poll(10, TimeUnit.SECONDS);
        assertNotNull(skipped, "the marker reaches the tap");
      } while (!skipped.equals(receipt(EP_A) + " marker"));
      // WHEN endpoint A reports, and B publishes a receipt in A's name
      a.publish(status(EP_A), "online", 1, false);
      // (few: Paho 3 frees an in-flight slot only after the PUBACK's token completes, and allows 10)
      for (int i = 0; i < RECEIPTS_IN_ORDER; i++) {
        a.publish(receipt(EP_A), "r" + i, 1, false);
      }
      a.publish(heartbeat(EP_A), "beat", 0, false);
      b.publishAndForget(receipt(EP_A), "forged");
      assertNotNull(b.lost.get(10, TimeUnit.SECONDS));
      a.publish(receipt(EP_A), "last", 1, false);
      // THEN the tap has A's receipts in the order sent, then its heartbeat, and no status (that goes by subscription)
      for (int i = 0; i < RECEIPTS_IN_ORDER; i++) {
        assertEquals(receipt(EP_A) + " r" + i, tapped.poll(10, TimeUnit.SECONDS));
      }
      assertEquals(heartbeat(EP_A) + " beat", tapped.poll(10, TimeUnit.SECONDS));
      assertEquals(receipt(EP_A) + " last", tapped.poll(10, TimeUnit.SECONDS));
      assertNull(tapped.poll(), "neither the status nor the forged receipt is tapped");
    } finally {
      broker.reports().detach();
    }
  }

  @Test
  void secondBrokerOnATakenPortFailsClearlyAndTheFirstKeepsRunning() throws Exception {
    // GIVEN our broker on `port` and a plain socket on another port
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", 0));
      for (int taken : new int[] {port, squatter.getLocalPort()}) {
        EmbeddedBroker second = new EmbeddedBroker(accounts, new TopicPermissions(),
            EmbeddedBroker.Settings.of("127.0.0.1", taken, dataDir.resolve("second")));
        // WHEN another broker starts there
        CompletableFuture<Void> start = second.start();
        // THEN its start fails, saying where
        ExecutionException e = assertThrows(ExecutionException.class, () -> start.get(30, TimeUnit.SECONDS));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(cause.getMessage().contains("127.0.0.1:" + taken + " is not available"), cause.getMessage());
        second.stop().get(10, TimeUnit.SECONDS);
      }
    }
    // AND the running broker still serves
    try (TestMqttClient endpoint = connect(EP_A)) {
      assertTrue(endpoint.isConnected());
    }
  }

  @Test
  void badSettingsAreRefusedBeforeAnythingStarts() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.Settings.of("127.0.0.1", 0, dataDir));
    assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.Settings.of("127.0.0.1", 65_536, dataDir));
    assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.Settings.of(" ", 1883, dataDir));
  }

  // ---- MQTT 5: what an MQTT 5 endpoint sees when refused (docs/protocol.md, "Permissions") ----

  private static final int MQTT5_NOT_AUTHORIZED = 0x87;
  private static final int MQTT5_BAD_USER_NAME_OR_PASSWORD = 0x86;
  private static final long MQTT5_WAIT_MS = TestMqtt5Client.WAIT_MS;

  private MqttAsyncClient connect5(Account account, String password, CompletableFuture<Integer> disconnected)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    return TestMqtt5Client.connect(port, account.username(), password, disconnected);
  }

  private static void close5(MqttAsyncClient client) throws org.eclipse.paho.mqttv5.common.MqttException {
    TestMqtt5Client.close(client);
  }

  @Test
  void aSubscriptionToAnotherEndpointsTopicGetsSuback0x87() throws Exception {
    MqttAsyncClient client = connect5(EP_A, secrets.get(EP_A.username()), new CompletableFuture<>());
    try {
      IMqttToken own = client.subscribe(new MqttSubscription(BrokerTopics.CMD_ALL, 1));
      own.waitForCompletion(MQTT5_WAIT_MS);
      IMqttToken other = client.subscribe(new MqttSubscription("dalaba/v1/cmd/endpoint/" + EP_B.username(), 1));
      other.waitForCompletion(MQTT5_WAIT_MS);
      assertArrayEquals(new int[] {1}, own.getReasonCodes(), "granted QoS 1 on its own topic");
      assertArrayEquals(new int[] {MQTT5_NOT_AUTHORIZED}, other.getReasonCodes());
    } finally {
      close5(client);
    }
  }

  @Test
  void aQos1PublishToAnotherEndpointsTopicGetsPuback0x87() throws Exception {
    MqttAsyncClient client = connect5(EP_A, secrets.get(EP_A.username()), new CompletableFuture<>());
    try {
      IMqttToken token = client.publish(receipt(EP_B), "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
      token.waitForCompletion(MQTT5_WAIT_MS);
      assertArrayEquals(new int[] {MQTT5_NOT_AUTHORIZED}, token.getReasonCodes());
    } finally {
      close5(client);
    }
  }

  @Test
  void aQos0PublishToAnotherEndpointsTopicGetsDisconnect0x87() throws Exception {
    CompletableFuture<Integer> disconnected = new CompletableFuture<>();
    MqttAsyncClient client = connect5(EP_A, secrets.get(EP_A.username()), disconnected);
    try {
      client.publish(receipt(EP_B), "{\"v\":1}".getBytes(StandardCharsets.UTF_8), 0, false);
      assertEquals(MQTT5_NOT_AUTHORIZED, disconnected.get(MQTT5_WAIT_MS, TimeUnit.MILLISECONDS));
    } finally {
      close5(client);
    }
  }

  @Test
  void aWrongSecretGetsConnack0x86() {
    org.eclipse.paho.mqttv5.common.MqttException refused = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class, () -> connect5(EP_A, "wrong-wrong-wrong-wrong", new CompletableFuture<>()));
    assertEquals(MQTT5_BAD_USER_NAME_OR_PASSWORD, refused.getReasonCode(), refused.toString());
  }
}
