package org.dalaba.hub.testing;

import java.util.List;
import org.dalaba.hub.RunningHub;
import org.dalaba.sim.SimEndpointSpec;

/** Simulator specs for every endpoint of an in-process hub's directory, with their secrets. */
public final class SimSpecs {
  private SimSpecs() {
  }

  public static List<SimEndpointSpec> of(RunningHub hub) {
    return hub.directory().endpoints().values().stream()
        .map(e -> new SimEndpointSpec(e.id(), e.villageId(), e.townshipId(), hub.credentials().endpointSecrets().get(e.id())))
        .toList();
  }
}
