package org.dalaba.sim;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-test fixture on top of {@link MosquittoTestSupport}: a connected {@link HubProbe}, a fresh township id, and
 * at most one {@link SimulatedFleet}, all closed after each test.
 */
@ExtendWith(VertxExtension.class)
abstract class HubFleetTestSupport extends MosquittoTestSupport {

  private final AtomicInteger townships;

  protected Vertx vertx;
  protected HubProbe hub;
  protected SimulatedFleet fleet;
  protected String township;

  /** {@code townships} is the subclass's own counter, so that each class gets township ids of its own. */
  protected HubFleetTestSupport(AtomicInteger townships) {
    this.townships = townships;
  }

  @BeforeEach
  void connectHub(Vertx vertx) {
    this.vertx = vertx;
    this.hub = HubProbe.connect(vertx, broker.port());
    this.township = "211282" + townships.incrementAndGet();
  }

  @AfterEach
  void closeAll() {
    if (fleet != null) {
      Await.result(fleet.close());
    }
    hub.close();
  }

  /** Starts endpoints 1..count of village 1 of this test's township as {@link #fleet}. */
  protected List<SimEndpoint> startFleet(FleetOptions options, int count) {
    List<SimEndpointSpec> specs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      specs.add(Fixtures.spec(township, 1, i));
    }
    fleet = Await.result(SimulatedFleet.start(vertx, options, specs));
    return List.copyOf(fleet.endpoints());
  }
}
