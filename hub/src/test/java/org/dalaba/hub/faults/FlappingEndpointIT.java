package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.Behaviour;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint whose connection drops and returns every second, through a whole alert, plays it exactly once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlappingEndpointIT {
  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  private RunningHub hub;
  private Vertx vertx;
  private SimulatedFleet fleet;

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }


  @Test
  void aFlappingEndpointEndsPlayedExactlyOnce() throws Exception {
    hub = Application.start(TestHubs.config(tmp), System.out, TestHubs.ADMIN_PASSWORD);
    teardown.add(hub);
    Village village = hub.directory().township("211282105").orElseThrow().villages().get(0);
    List<SimEndpointSpec> specs = village.endpoints().stream()
        .map(e -> new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(), hub.credentials().endpointSecrets().get(e.id())))
        .toList();
    String flapper = specs.get(0).endpointId();
    vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    // GIVEN an endpoint that loses its connection every second; playback lasts several flaps
    fleet = FaultFixtures.await(SimulatedFleet.start(vertx, new FleetOptions().brokerHost("127.0.0.1")
        .brokerPort(hub.mqttPort()).timeScale(0.5).flapPeriodMs(1000).behaviour(flapper, Behaviour.FLAPPING), specs));
    teardown.add(() -> FaultFixtures.await(fleet.close()));
    ApiClient api = FaultFixtures.login(hub.httpPort());
    // WHEN an alert is sent to its village, repeated so that it plays for about 8 s
    ApiClient.Reply reply = api.post("/api/v1/alerts", new JsonObject().put("title", "洪水橙色预警")
        .put("text", "请沿河村民立即转移到高处。").put("level", "orange").put("repeat", 3)
        .put("targets", new JsonObject().put("villages", new JsonArray().add(village.id()))));
    assertEquals(201, reply.status(), reply.toString());
    String id = reply.body().getString("id");
    // THEN it ends played, and the endpoint's own log shows one playback
    Await.until("played by the flapping endpoint", FaultFixtures.WAIT,
        () -> api.get("/api/v1/alerts/" + id).body().getJsonObject("counts").getLong("played") == 1);
    SimEndpoint endpoint = fleet.endpoint(flapper);
    assertEquals(1, endpoint.playLog().stream().filter(p -> p.commandId().equals(id)).count(), endpoint.playLog().toString());
    long received = endpoint.receivedCommands().stream().filter(c -> id.equals(c.getString("id"))).count();
    System.out.printf("flapping endpoint received alert %s %d time(s) and played it once%n", id, received);
  }
}
