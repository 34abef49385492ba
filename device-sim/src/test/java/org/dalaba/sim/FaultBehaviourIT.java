package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scripted misbehaviours, and recovery from a lost connection, against a real Mosquitto. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultBehaviourIT extends HubFleetTestSupport {

  private static final AtomicInteger TOWNSHIPS = new AtomicInteger(200);

  FaultBehaviourIT() {
    super(TOWNSHIPS);
  }

  /** Endpoints 1..count of one village; endpoint 1 gets {@code behaviour}. */
  private List<SimEndpoint> startFleet(FleetOptions options, int count, Behaviour behaviour) {
    options.timeScale(0.001).behaviour(Fixtures.spec(township, 1, 1).endpointId(), behaviour);
    return startFleet(options, count);
  }

  private boolean isStatus(HubProbe.Msg m, SimEndpoint endpoint, String state) {
    return m.topic().equals(Topics.status(endpoint.id())) && m.json() != null
        && state.equals(m.json().getString("state"));
  }

  @Test
  void offlineEndpointGetsNothingUntilConnectIsCalled() {
    // GIVEN a village of three endpoints, one of them OFFLINE
    List<SimEndpoint> endpoints = startFleet(broker.fleetOptions(), 3, Behaviour.OFFLINE);
    SimEndpoint offline = endpoints.get(0);
    assertFalse(offline.isConnected());

    // WHEN an alert goes to the village
    JsonObject alert = Fixtures.alert(100, 1);
    hub.publish(Topics.cmdVillage(offline.spec().villageId()), alert);

    // THEN the two others play it and the offline one neither receives nor reports anything
    Await.result(hub.await(m -> m.isReceipt(alert.getString("id"), "finished"), 2));
    assertTrue(offline.receivedCommands().isEmpty());
    assertTrue(hub.messages(m -> offline.id().equals(m.endpointId())).isEmpty());

    // AND after connect() it is online and answers commands on its endpoint topic
    Await.result(offline.connect());
    hub.awaitOne(m -> isStatus(m, offline, "online"));
    JsonObject catchUp = Fixtures.alert(100, 1);
    hub.publish(Topics.cmdEndpoint(offline.id()), catchUp);
    hub.awaitReceipt(catchUp.getString("id"), "finished");
    assertEquals(1, offline.receivedCommands().size());
  }

  @Test
  void flappingEndpointDropsAndComesBack() {
    // GIVEN a FLAPPING endpoint with a 300 ms period
    SimEndpoint flapping = startFleet(broker.fleetOptions().flapPeriodMs(300), 1, Behaviour.FLAPPING).get(0);

    // WHEN some periods pass
    // THEN the broker keeps publishing its will and the endpoint keeps coming back online
    Await.result(hub.await(m -> isStatus(m, flapping, "offline") && "will".equals(m.json().getString("reason")), 2));
    Await.result(hub.await(m -> isStatus(m, flapping, "online"), 3));
  }

  @Test
  void slowAckEndpointPublishesEveryReceiptLate() {
    // GIVEN a SLOW_ACK endpoint delaying receipts by 500 ms
    SimEndpoint slow = startFleet(broker.fleetOptions().slowAckMs(500), 1, Behaviour.SLOW_ACK).get(0);
    JsonObject volume = Fixtures.command("volume");

    // WHEN it gets a command
    long sent = System.currentTimeMillis();
    hub.publish(Topics.cmdEndpoint(slow.id()), volume);

    // THEN each receipt arrives at least 500 ms after the step it reports, which is stamped on time
    HubProbe.Msg received = hub.awaitReceipt(volume.getString("id"), "received");
    hub.awaitReceipt(volume.getString("id"), "finished");
    assertTrue(received.receivedAt() - received.json().getLong("ts") >= 500 - 20, "late by design");
    assertTrue(received.json().getLong("ts") - sent < 500, "stamped when the step happened");
    assertEquals(85, slow.volume());
  }

  @Test
  void droppingEndpointLosesCommandsSilently() {
    // GIVEN a village with a DROPPING endpoint that loses every command, and a normal one
    List<SimEndpoint> endpoints = startFleet(broker.fleetOptions().dropCommandShare(1.0), 2, Behaviour.DROPPING);
    SimEndpoint dropping = endpoints.get(0);
    SimEndpoint normal = endpoints.get(1);

    // WHEN an alert goes to the village
    JsonObject alert = Fixtures.alert(100, 1);
    hub.publish(Topics.cmdVillage(dropping.spec().villageId()), alert);

    // THEN the normal endpoint plays it and the dropping one acts as if it never arrived
    HubProbe.Msg finished = hub.awaitReceipt(alert.getString("id"), "finished");
    assertEquals(normal.id(), finished.endpointId());
    JsonObject marker = Fixtures.command("volume");
    hub.publish(Topics.cmdEndpoint(normal.id()), marker);
    hub.awaitReceipt(marker.getString("id"), "finished");
    assertTrue(hub.messages(m -> "receipt".equals(m.kind()) && dropping.id().equals(m.endpointId())).isEmpty());
    assertTrue(dropping.playLog().isEmpty());
    FleetSummary.EndpointStats stats = fleet.summary().endpoints().get(0);
    assertEquals(1, stats.dropped());
    assertEquals(0, stats.received());
  }

  @Test
  void garbageEndpointPublishesEveryKindOfMalformedReceipt() {
    // GIVEN a GARBAGE endpoint publishing every 30 ms
    SimEndpoint garbage = startFleet(broker.fleetOptions().garbagePeriodMs(30), 1, Behaviour.GARBAGE).get(0);

    // WHEN a few periods pass
    List<HubProbe.Msg> junk = Await.result(hub.await(
        m -> m.topic().equals(Topics.receipt(garbage.id())), GarbagePayloads.kinds()));

    // THEN none of them is a valid receipt, and the endpoint is still connected
    for (HubProbe.Msg msg : junk) {
      JsonObject json = msg.json();
      boolean valid = json != null && json.getValue("cmd") instanceof String && msg.payload().length() <= 4096;
      assertFalse(valid, "should be malformed: " + msg.payload());
    }
    assertTrue(garbage.isConnected());
  }

  @Test
  void endpointReconnectsByItselfAfterTheBrokerClosesItsConnection() {
    // GIVEN an online endpoint
    SimEndpoint endpoint = startFleet(broker.fleetOptions(), 1, Behaviour.NORMAL).get(0);

    // WHEN it publishes a packet over the broker's limit, so Mosquitto closes its connection
    endpoint.publishRaw(Topics.receipt(endpoint.id()), Buffer.buffer(new byte[MosquittoBroker.MAX_PACKET_SIZE + 1]), 0);

    // THEN the broker publishes its will, and the endpoint comes back online by itself (backoff ~0.5-1 s)
    hub.awaitOne(m -> isStatus(m, endpoint, "offline") && "will".equals(m.json().getString("reason")));
    Await.result(hub.await(m -> isStatus(m, endpoint, "online"), 2));
    Await.until("endpoint connected again", Duration.ofSeconds(5), endpoint::isConnected);
    JsonObject alert = Fixtures.alert(100, 1);
    hub.publish(Topics.cmdEndpoint(endpoint.id()), alert);
    hub.awaitReceipt(alert.getString("id"), "finished");
    assertNull(endpoint.playing());
  }

  @Test
  void startFailsClearlyWhenTheBrokerIsUnreachable() throws Exception {
    // GIVEN a port nobody listens on
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    // WHEN a fleet starts against it
    Throwable failure = SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1").brokerPort(closedPort),
            List.of(Fixtures.spec(township, 1, 1)))
        .map(f -> (Throwable) null)
        .otherwise(e -> e)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    // THEN it fails naming the endpoint
    assertTrue(failure != null && failure.getMessage().contains(Fixtures.spec(township, 1, 1).endpointId()),
        String.valueOf(failure));
  }
}
