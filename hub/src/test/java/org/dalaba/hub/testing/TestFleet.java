package org.dalaba.hub.testing;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;

/**
 * Every endpoint of a hub's directory simulated over real MQTT, on its own Vert.x. Playback runs at
 * 1/100 of real time (a 3 s alert plays in 30 ms); heartbeats every 5 s.
 */
public record TestFleet(Vertx vertx, SimulatedFleet fleet) implements AutoCloseable {

  public static TestFleet start(RunningHub hub, int mqttPort) throws Exception {
    return start(hub, mqttPort, e -> null);
  }

  /** @param caps what each endpoint announces ({@code text}, {@code audio}); null: both */
  public static TestFleet start(RunningHub hub, int mqttPort, java.util.function.Function<Endpoint, java.util.Set<String>> caps)
      throws Exception {
    return start(hub, new FleetOptions().brokerHost("127.0.0.1").brokerPort(mqttPort), caps);
  }

  /** Over TLS to the embedded broker's TLS port, trusting the hub's CA and checking its host name. */
  public static TestFleet startTls(RunningHub hub) throws Exception {
    return start(hub, new FleetOptions().brokerHost("localhost").brokerPort(hub.mqttTlsPort()).tls(hub.tls().caCertificate()));
  }

  /** With broker, TLS and fault settings of the caller's; playback speed, heartbeats and hub keys as above. */
  public static TestFleet start(RunningHub hub, FleetOptions options) throws Exception {
    return start(hub, options, e -> null);
  }

  /**
   * At a playback speed and heartbeat of the caller's: e.g. 0.1 and 60 s, so that an alert plays long
   * enough to be watched and heartbeats are as rare as in the field.
   */
  public static TestFleet start(RunningHub hub, double timeScale, int heartbeatSeconds) throws Exception {
    return start(hub, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort()), e -> null, timeScale, heartbeatSeconds);
  }

  private static TestFleet start(RunningHub hub, FleetOptions options,
      java.util.function.Function<Endpoint, java.util.Set<String>> caps) throws Exception {
    return start(hub, options, caps, 0.01, 5);
  }

  /** Only these endpoints of the hub's, at a playback speed of the caller's (1.0: real time, as live streams play). */
  public static TestFleet start(RunningHub hub, java.util.Collection<Endpoint> endpoints, double timeScale) throws Exception {
    return start(hub, new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort()), endpoints, e -> null, timeScale, 5);
  }

  private static TestFleet start(RunningHub hub, FleetOptions options,
      java.util.function.Function<Endpoint, java.util.Set<String>> caps, double timeScale, int heartbeatSeconds) throws Exception {
    return start(hub, options, hub.directory().endpoints().values(), caps, timeScale, heartbeatSeconds);
  }

  private static TestFleet start(RunningHub hub, FleetOptions options, java.util.Collection<Endpoint> endpoints,
      java.util.function.Function<Endpoint, java.util.Set<String>> caps, double timeScale, int heartbeatSeconds) throws Exception {
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (Endpoint e : endpoints) {
      specs.add(new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(), hub.credentials().endpointSecrets().get(e.id()),
          caps.apply(e)));
    }
    Vertx vertx = Vertx.vertx();
    SimulatedFleet fleet = SimulatedFleet.start(vertx, options.timeScale(timeScale)
        .heartbeatSeconds(heartbeatSeconds).hubKeys(org.dalaba.sim.HubKeys.of(hub.commandKeys().publicKeys())), specs).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new TestFleet(vertx, fleet);
  }

  @Override
  public void close() throws Exception {
    fleet.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
