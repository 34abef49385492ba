package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.EP_B;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.dalaba.hub.broker.BrokerFixtures.heartbeat;
import static org.dalaba.hub.broker.BrokerFixtures.receipt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts and heartbeats the hub takes in-process (docs/protocol.md, "Permissions"), as endpoints and watchers meet
 * them on the embedded broker: while nobody else subscribed to them, an endpoint's receipt is acknowledged with
 * success and reaches the hub; a monitor or another hub-account client that subscribes to them gets them too. One
 * fresh broker per test, because the first such subscription turns routing on for the broker's lifetime.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReportRoutingIT {
  private static final int MQTT5_SUCCESS = 0x00;
  private static final String RECEIPT = "{\"v\":1}";

  @TempDir
  Path dataDir;
  private final BrokerAccounts accounts = new BrokerAccounts();
  private final Map<String, String> secrets = new HashMap<>();
  private final BlockingQueue<String> tapped = new LinkedBlockingQueue<>();
  private EmbeddedBroker broker;
  private int port;

  @BeforeEach
  void startBroker() throws Exception {
    BrokerFixtures.enrolAll(accounts, secrets);
    port = BrokerFixtures.freePort();
    broker = BrokerFixtures.startBroker(accounts, port, dataDir);
    broker.reports().attach(Runnable::run, (topic, payload) -> tapped.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stopBroker() throws Exception {
    broker.reports().detach();
    broker.stop().get(30, TimeUnit.SECONDS);
  }

  @Test
  void withNobodyElseSubscribedAReceiptIsAcknowledgedWithSuccessAndReachesTheHub() throws Exception {
    // GIVEN an MQTT 5 endpoint and an MQTT 3.1.1 endpoint, and a monitor watching statuses only
    MqttAsyncClient five = TestMqtt5Client.connect(port, EP_A.username(), secrets.get(EP_A.username()), new CompletableFuture<>());
    try (TestMqttClient three = connect(EP_B); TestMqttClient monitor = connect(MONITOR)) {
      assertEquals(1, monitor.subscribe("dalaba/v1/ep/+/status"));
      // WHEN each publishes a receipt at QoS 1 and a heartbeat at QoS 0
      IMqttToken token = five.publish(receipt(EP_A), RECEIPT.getBytes(StandardCharsets.UTF_8), 1, false);
      token.waitForCompletion(TestMqtt5Client.WAIT_MS);
      three.publish(receipt(EP_B), RECEIPT, 1, false);
      three.publish(heartbeat(EP_B), "{}", 0, false);
      // THEN the MQTT 5 endpoint's PUBACK says success, not "no matching subscribers"
      assertArrayEquals(new int[] {MQTT5_SUCCESS}, token.getReasonCodes());
      // AND the hub has all three, and both endpoints are still connected
      assertEquals(receipt(EP_A) + " " + RECEIPT, next());
      assertEquals(receipt(EP_B) + " " + RECEIPT, next());
      assertEquals(heartbeat(EP_B) + " {}", next());
      assertTrue(five.isConnected());
      assertTrue(three.isConnected());
    } finally {
      TestMqtt5Client.close(five);
    }
  }

  @Test
  void aMonitorThatSubscribesToReceiptsGetsThemAndSoDoesTheHub() throws Exception {
    try (TestMqttClient monitor = connect(MONITOR); TestMqttClient endpoint = connect(EP_A)) {
      // GIVEN an endpoint whose receipt went to the hub alone
      endpoint.publish(receipt(EP_A), "before", 1, false);
      assertEquals(receipt(EP_A) + " before", next());
      // WHEN a monitor subscribes to every endpoint's receipts, and the endpoint reports again
      assertEquals(1, monitor.subscribe("dalaba/v1/ep/+/receipt"));
      endpoint.publish(receipt(EP_A), "after", 1, false);
      // THEN the monitor gets that receipt, and the hub still does
      TestMqttClient.Received seen = monitor.next();
      assertNotNull(seen, "the monitor gets the receipt");
      assertEquals(receipt(EP_A) + " after", seen.topic() + " " + seen.payload());
      assertEquals(receipt(EP_A) + " after", next());
    }
  }

  @Test
  void anotherHubAccountClientOnASharedSubscriptionGetsReceiptsAndHeartbeats() throws Exception {
    try (TestMqttClient otherHub = connect(HUB, "hub-b"); TestMqttClient endpoint = connect(EP_A)) {
      // GIVEN a second client of the hub account in a shared group on every report
      assertEquals(1, otherHub.subscribe("$share/dalaba-hubs/dalaba/v1/ep/+/+"));
      // WHEN the endpoint reports
      endpoint.publish(receipt(EP_A), RECEIPT, 1, false);
      endpoint.publish(heartbeat(EP_A), "{}", 0, false);
      // THEN that client gets both, and the hub's tap too
      assertEquals(receipt(EP_A), otherHub.next().topic());
      assertEquals(heartbeat(EP_A), otherHub.next().topic());
      assertEquals(receipt(EP_A) + " " + RECEIPT, next());
      assertEquals(heartbeat(EP_A) + " {}", next());
    }
  }

  private String next() throws InterruptedException {
    return tapped.poll(10, TimeUnit.SECONDS);
  }

  private TestMqttClient connect(Account account) throws MqttException {
    return connect(account, account.username());
  }

  private TestMqttClient connect(Account account, String clientId) throws MqttException {
    return TestMqttClient.connect(port, clientId, account.username(), secrets.get(account.username()));
  }
}
