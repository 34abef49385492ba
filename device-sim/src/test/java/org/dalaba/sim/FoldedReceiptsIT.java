package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Folded receipts (docs/protocol.md, "Receipts"), as a hub on a real Mosquitto sees them: a step that happens as
 * the command is accepted is the first receipt, and {@code received} is sent only when nothing follows at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FoldedReceiptsIT extends HubFleetTestSupport {

  private static final AtomicInteger TOWNSHIPS = new AtomicInteger(400);

  FoldedReceiptsIT() {
    super(TOWNSHIPS);
  }

  private SimEndpoint startOne() {
    return startFleet(broker.fleetOptions().timeScale(0.001).receiptSteps(ReceiptSteps.FOLDED), 1).get(0);
  }

  @Test
  void anAlertStartedAtOnceIsAnsweredStartedThenFinished() {
    SimEndpoint endpoint = startOne();
    JsonObject alert = Fixtures.command("alert");

    hub.publish(Topics.cmdTownship(township), alert);

    hub.awaitReceipt(alert.getString("id"), "finished");
    assertEquals(List.of("started", "finished"), hub.states(alert.getString("id")));
    assertEquals(1, endpoint.playLog().size());
  }

  @Test
  void anAlertThatWaitsBehindAnotherIsAnsweredReceivedFirst() {
    SimEndpoint endpoint = startOne();
    String topic = Topics.cmdEndpoint(endpoint.id());
    JsonObject playing = Fixtures.alert(2_000_000, 1).put("level", "orange");
    hub.publish(topic, playing);
    hub.awaitReceipt(playing.getString("id"), "started");

    JsonObject waiting = Fixtures.alert(10_000, 1).put("level", "orange");
    hub.publish(topic, waiting);

    hub.awaitReceipt(waiting.getString("id"), "finished");
    assertEquals(List.of("started", "finished"), hub.states(playing.getString("id")));
    assertEquals(List.of("received", "started", "finished"), hub.states(waiting.getString("id")));
  }

  @Test
  void aVolumeChangeIsAnsweredFinishedAlone() {
    SimEndpoint endpoint = startOne();
    JsonObject volume = Fixtures.command("volume");

    hub.publish(Topics.cmdEndpoint(endpoint.id()), volume);

    hub.awaitReceipt(volume.getString("id"), "finished");
    assertEquals(List.of("finished"), hub.states(volume.getString("id")));
    assertEquals(85, endpoint.volume());
  }
}
