package org.dalaba.hub.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;

/** {@code --demo}: every endpoint of the directory simulated in-process, over the real broker. */
public final class DemoVillages {
  private final Future<SimulatedFleet> fleet;

  private DemoVillages(Future<SimulatedFleet> fleet) {
    this.fleet = fleet;
  }

  public static DemoVillages start(Vertx vertx, Directory directory, Credentials credentials, String host, int port, double timeScale,
                             java.util.Map<String, byte[]> hubKeys, java.nio.file.Path tlsCa) {
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (Endpoint endpoint : directory.endpoints().values()) {
      specs.add(new SimEndpointSpec(endpoint.id(), endpoint.villageId(), endpoint.townshipId(),
          credentials.endpointSecrets().get(endpoint.id())));
    }
    FleetOptions options = new FleetOptions().brokerHost(host).brokerPort(port).timeScale(timeScale)
        .hubKeys(org.dalaba.sim.HubKeys.of(hubKeys));
    if (tlsCa != null) {
      options.tls(tlsCa);
    }
    return new DemoVillages(SimulatedFleet.start(vertx, options, specs));
  }

  public Future<Void> started() {
    return fleet.mapEmpty();
  }

  public Future<Void> close() {
    return fleet.transform(r -> r.succeeded() ? r.result().close() : Future.succeededFuture());
  }
}
