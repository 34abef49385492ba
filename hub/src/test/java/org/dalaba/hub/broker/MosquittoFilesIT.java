package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.EP_B;
import static org.dalaba.hub.broker.BrokerFixtures.EP_C;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.dalaba.hub.broker.BrokerFixtures.TOWNSHIP;
import static org.dalaba.hub.broker.BrokerFixtures.VILLAGE_A;
import static org.dalaba.hub.broker.BrokerFixtures.VILLAGE_B;
import static org.dalaba.hub.broker.BrokerFixtures.heartbeat;
import static org.dalaba.hub.broker.BrokerFixtures.receipt;
import static org.dalaba.hub.broker.BrokerFixtures.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.broker.MosquittoFiles.Credential;
import org.dalaba.hub.broker.TestMqttClient.Received;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Mosquitto 2.0 with the files {@link MosquittoFiles} writes, driven by MQTT 3.1.1 clients: the same
 * checks as {@link EmbeddedBrokerIT}, with Mosquitto's own answers (see MosquittoFiles' Javadoc).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoFilesIT {
  private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
  private static final int NOT_AUTHORIZED = MqttException.REASON_CODE_NOT_AUTHORIZED;

  @TempDir
  static Path dir;
  private final Map<String, String> secrets = new HashMap<>();
  private final ConcurrentLinkedQueue<String> brokerLog = new ConcurrentLinkedQueue<>();
  private Process mosquitto;
  private int port;

  @BeforeAll
  void startMosquitto() throws Exception {
    if (!Files.isExecutable(MOSQUITTO)) {
      String message = MOSQUITTO + " not found: install the Debian package mosquitto";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    // GIVEN the files written for our accounts
    List<Credential> credentials = new ArrayList<>();
    for (Account account : BrokerFixtures.ALL) {
      String secret = BrokerAccounts.newSecret();
      secrets.put(account.username(), secret);
      credentials.add(new Credential(account, secret));
    }
    Path passwd = dir.resolve("passwd");
    Path acl = dir.resolve("acl");
    new MosquittoFiles(new TopicPermissions()).write(credentials, passwd, acl);
    port = BrokerFixtures.freePort();
    // run as ourselves (as root Mosquitto would switch to user 'mosquitto', who cannot read 0640 root files)
    String conf = MosquittoFiles.mosquittoConf(port, passwd, acl).replace("listener " + port, "listener " + port + " 127.0.0.1")
        + "user " + System.getProperty("user.name") + "\n"
        + "persistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n";
    Path confFile = Files.writeString(dir.resolve("mosquitto.conf"), conf);
    // WHEN Mosquitto starts THEN it says "running"
    mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", confFile.toString()).redirectErrorStream(true).start();
    CompletableFuture<Void> running = new CompletableFuture<>();
    Thread reader = new Thread(() -> readLog(running), "mosquitto-log");
    reader.setDaemon(true);
    reader.start();
    try {
      running.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("Mosquitto did not start: " + String.join("\n", brokerLog), e);
    }
  }

  private void readLog(CompletableFuture<Void> running) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(mosquitto.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        brokerLog.add(line);
        if (line.contains(" running")) {
          running.complete(null);
        }
      }
      running.completeExceptionally(new IOException("Mosquitto exited: " + String.join("\n", brokerLog)));
    } catch (IOException e) {
      running.completeExceptionally(e);
    }
  }

  @AfterAll
  void stopMosquitto() throws Exception {
    if (mosquitto != null) {
      mosquitto.destroy();
      if (!mosquitto.waitFor(10, TimeUnit.SECONDS)) {
        mosquitto.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
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
  void accountsConnectWithTheSecretsHashedForMosquitto() throws Exception {
    for (Account account : BrokerFixtures.ALL) {
      try (TestMqttClient client = connect(account)) {
        assertTrue(client.isConnected(), account.username());
      }
    }
    try (TestMqttClient tool = connect(EP_A, EP_A.username() + "-cli")) {
      assertTrue(tool.isConnected());
    }
  }

  @Test
  void wrongSecretUnknownUserAndNoCredentialsGetConnack5() {
    // Mosquitto 2.0 answers 5 "not authorized" where the embedded broker answers 4
    assertEquals(NOT_AUTHORIZED, connectFailure(EP_A.username(), EP_A.username(), "wrong-wrong-wrong-wrong"));
    assertEquals(NOT_AUTHORIZED, connectFailure(EP_A.username(), EP_A.username(), secrets.get(EP_B.username())));
    assertEquals(NOT_AUTHORIZED, connectFailure("211282199001-01", "211282199001-01", BrokerAccounts.newSecret()));
    assertEquals(NOT_AUTHORIZED, connectFailure("anonymous", null, null));
  }

  @Test
  void clientIdsAreNotTiedToUsernamesOnMosquitto() throws Exception {
    // A known gap (see MosquittoFiles): endpoint A may connect as client id of endpoint B
    try (TestMqttClient impostor = connect(EP_A, EP_B.username())) {
      assertTrue(impostor.isConnected());
    }
  }

  @Test
  void publishToAnotherEndpointsReceiptIsDroppedSilently() throws Exception {
    try (TestMqttClient hub = connect(HUB); TestMqttClient endpoint = connect(EP_A)) {
      assertEquals(1, hub.subscribe("dalaba/v1/ep/+/+"));
      // WHEN endpoint A forges B's receipt, then sends its own, on one connection
      endpoint.publish(receipt(EP_B), "forged", 1, false); // PUBACKed all the same
      endpoint.publish(receipt(EP_A), "own", 1, false);
      // THEN the hub gets only A's own, and A stays connected
      Received first = hub.next();
      assertNotNull(first);
      assertEquals(receipt(EP_A), first.topic());
      assertEquals("own", first.payload());
      assertNull(hub.messages.poll());
      assertTrue(endpoint.isConnected());
      assertFalse(endpoint.lost.isDone());
    }
  }

  @Test
  void subscriptionsAreGrantedButOnlyReadableMessagesArrive() throws Exception {
    try (TestMqttClient hub = connect(HUB); TestMqttClient endpoint = connect(EP_A)) {
      // GIVEN endpoint A subscribed to every village (Mosquitto grants any subscription)
      assertEquals(1, endpoint.subscribe("dalaba/v1/cmd/village/+"));
      assertEquals(1, endpoint.subscribe(BrokerTopics.village(VILLAGE_B)));
      // WHEN the hub sends to village B, then to village A
      hub.publish(BrokerTopics.village(VILLAGE_B), "for B", 1, false);
      hub.publish(BrokerTopics.village(VILLAGE_A), "for A", 1, false);
      // THEN A gets only its own village's command
      Received first = endpoint.next();
      assertNotNull(first);
      assertEquals("for A", first.payload());
      assertNull(endpoint.messages.poll());
    }
  }

  @Test
  void hubReceivesEveryReportAndCommandsReachOnlyTheirTargets() throws Exception {
    TopicPermissions permissions = new TopicPermissions();
    try (TestMqttClient hub = connect(HUB); TestMqttClient a = connect(EP_A); TestMqttClient b = connect(EP_B);
        TestMqttClient c = connect(EP_C)) {
      assertEquals(1, hub.subscribe("dalaba/#"));
      for (String topic : permissions.subscriptionsOf(EP_A)) {
        assertEquals(1, a.subscribe(topic));
      }
      for (String topic : permissions.subscriptionsOf(EP_B)) {
        assertEquals(1, b.subscribe(topic));
      }
      for (String topic : permissions.subscriptionsOf(EP_C)) {
        assertEquals(1, c.subscribe(topic));
      }
      a.publish(status(EP_A), "online", 1, false);
      a.publish(heartbeat(EP_A), "beat", 0, false);
      a.publish(receipt(EP_A), "received", 1, false);
      assertEquals(Set.of(status(EP_A), heartbeat(EP_A), receipt(EP_A)),
          Set.of(hub.next().topic(), hub.next().topic(), hub.next().topic()));
      hub.publish(BrokerTopics.village(VILLAGE_A), "village", 1, false);
      hub.publish(BrokerTopics.township(TOWNSHIP), "township", 1, false);
      hub.publish(BrokerTopics.endpoint(EP_C.username()), "endpoint", 1, false);
      assertEquals("village", a.next().payload());
      assertEquals("township", a.next().payload());
      assertEquals("township", b.next().payload());
      assertEquals("endpoint", c.next().payload());
      assertNull(a.messages.poll());
      assertNull(b.messages.poll());
      assertNull(c.messages.poll());
    }
  }

  @Test
  void monitorReadsEverythingUnderTheRootAndItsPublishesAreDropped() throws Exception {
    try (TestMqttClient monitor = connect(MONITOR, "monitor-cli"); TestMqttClient a = connect(EP_A)) {
      assertEquals(1, monitor.subscribe("dalaba/v1/#"));
      monitor.publish(BrokerTopics.CMD_ALL, "{}", 1, false);
      a.publish(status(EP_A), "online", 1, false);
      Received first = monitor.next();
      assertNotNull(first);
      assertEquals(status(EP_A), first.topic(), "the monitor's own command was dropped");
      assertNull(monitor.messages.poll());
    }
  }

  @Test
  void lastWillOnTheEndpointsOwnStatusIsDelivered() throws Exception {
    String will = "{\"v\":1,\"state\":\"offline\",\"reason\":\"will\"}";
    try (TestMqttClient hub = connect(HUB)) {
      assertEquals(1, hub.subscribe("dalaba/v1/ep/+/status"));
      TestMqttClient endpoint = TestMqttClient.connect(port, EP_B.username(), EP_B.username(),
          secrets.get(EP_B.username()), status(EP_B), will);
      endpoint.abort();
      Received received = hub.next();
      assertNotNull(received, "the will arrives");
      assertEquals(status(EP_B), received.topic());
      assertEquals(will, received.payload());
      try (TestMqttClient cleaner = connect(EP_B)) {
        cleaner.publish(status(EP_B), "", 1, true);
      }
    }
  }
}
