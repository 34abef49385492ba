package org.dalaba.sim;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated endpoints in one Vert.x instance: no thread per endpoint, endpoints spread over the
 * event loops, every delay a timer. Used by the CLI, the hub's {@code --demo} mode and end-to-end tests.
 */
public final class SimulatedFleet {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);
  private static final long RAMP_TICK_MS = 10;

  private final Vertx vertx;
  private final FleetOptions options;
  private final Map<String, SimEndpoint> endpoints;
  private final String deploymentId;
  private static final int MAX_MEDIA_CONNECTIONS = 1024;
  private final HttpClient http;
  private final Context rampContext;
  private long rampTimer = -1;
  private volatile boolean closing;
  private Future<Void> closed;

  private SimulatedFleet(Vertx vertx, FleetOptions options, Map<String, SimEndpoint> endpoints,
      String deploymentId, HttpClient http, Context rampContext) {
    this.vertx = vertx;
    this.options = options;
    this.endpoints = endpoints;
    this.deploymentId = deploymentId;
    this.http = http;
    this.rampContext = rampContext;
  }

  /**
   * Creates the endpoints and connects every one not configured OFFLINE, at most
   * {@link FleetOptions#connectRatePerSecond()} per second. Completes when each of them has connected,
   * subscribed and published its online status; fails (and closes the fleet) if any of them cannot.
   */
  public static Future<SimulatedFleet> start(Vertx vertx, FleetOptions options, List<SimEndpointSpec> specs) {
    return build(vertx, options, specs).compose(SimulatedFleet::connectAll);
  }

  /**
   * Like {@link #start}, but completes once the endpoints exist: each keeps trying to connect, with
   * back-off and jitter, until it is up (a real endpoint that boots while the network is down).
   */
  public static Future<SimulatedFleet> startLenient(Vertx vertx, FleetOptions options, List<SimEndpointSpec> specs) {
    return build(vertx, options, specs).map(fleet -> {
      fleet.endpoints().forEach(SimEndpoint::keepConnecting);
      return fleet;
    });
  }

  private static Future<SimulatedFleet> build(Vertx vertx, FleetOptions options, List<SimEndpointSpec> specs) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(specs, "specs");
    Map<String, Behaviour> plan;
    try {
      checkUnique(specs);
      plan = BehaviourPlan.assign(specs, options);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    int hosts = Math.max(1, Math.min(specs.size(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE));
    List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
    return vertx.deployVerticle(() -> new EndpointHost(contexts), new DeploymentOptions().setInstances(hosts))
        .compose(deploymentId -> {
          // audio-only speakers fetch an alert's file all at once: one connection each, up to a bound
          HttpClientOptions httpOptions = new HttpClientOptions()
              .setMaxPoolSize(Math.max(32, Math.min(specs.size(), MAX_MEDIA_CONNECTIONS)));
          if (options.tlsCaFile() != null) {
            // https media URLs are checked against the same CA as the broker
            httpOptions.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(options.tlsCaFile().toString()));
          }
          HttpClient http = vertx.createHttpClient(httpOptions);
          MediaFetcher fetcher = new MediaFetcher(http);
          Map<String, SimEndpoint> endpoints = new LinkedHashMap<>();
          for (int i = 0; i < specs.size(); i++) {
            SimEndpointSpec spec = specs.get(i);
            long seed = options.seed() ^ (0x9E3779B97F4A7C15L * (i + 1));
            endpoints.put(spec.endpointId(), new SimEndpoint(vertx, contexts.get(i % contexts.size()), spec, options,
                plan.get(spec.endpointId()), seed, fetcher));
          }
          return Future.succeededFuture(new SimulatedFleet(vertx, options, Collections.unmodifiableMap(endpoints),
              deploymentId, http, contexts.get(0)));
        });
  }

  /** The endpoint with this id; throws if there is none. */
  public SimEndpoint endpoint(String id) {
    SimEndpoint endpoint = endpoints.get(id);
    if (endpoint == null) {
      throw new IllegalArgumentException("no endpoint " + id + " in this fleet");
    }
    return endpoint;
  }

  /** Every endpoint, in the order of the specs given to {@link #start}. */
  public Collection<SimEndpoint> endpoints() {
    return endpoints.values();
  }

  public FleetOptions options() {
    return options;
  }

  public FleetSummary summary() {
    List<FleetSummary.EndpointStats> stats = new ArrayList<>(endpoints.size());
    endpoints.values().forEach(e -> stats.add(e.stats()));
    return new FleetSummary(stats);
  }

  /**
   * Clean shutdown: every endpoint publishes its offline status (reason shutdown) and disconnects;
   * every timer is cancelled. Idempotent.
   */
  public synchronized Future<Void> close() {
    if (closed == null) {
      closing = true;
      Promise<Void> stopRamp = Promise.promise();
      rampContext.runOnContext(v -> {
        vertx.cancelTimer(rampTimer);
        stopRamp.complete();
      });
      List<Future<Void>> closes = new ArrayList<>(endpoints.size());
      closed = stopRamp.future()
          .compose(v -> {
            endpoints.values().forEach(e -> closes.add(e.close()));
            return Future.join(closes);
          })
          .transform(ar -> http.close())
          .transform(ar -> vertx.undeploy(deploymentId))
          .onComplete(ar -> LOG.info("fleet of {} endpoints closed", endpoints.size()))
          .mapEmpty();
    }
    return closed;
  }

  private Future<SimulatedFleet> connectAll() {
    List<SimEndpoint> toConnect = endpoints.values().stream()
        .filter(e -> e.behaviour() != Behaviour.OFFLINE)
        .toList();
    LOG.info("connecting {} of {} endpoints to {}:{} at up to {}/s", toConnect.size(), endpoints.size(),
        options.brokerHost(), options.brokerPort(), options.connectRatePerSecond());
    long started = System.currentTimeMillis();
    List<Future<Void>> connects = Collections.synchronizedList(new ArrayList<>(toConnect.size()));
    Promise<Void> allStarted = Promise.promise();
    rampContext.runOnContext(v -> ramp(toConnect, connects, allStarted));
    return allStarted.future()
        .compose(v -> Future.all(new ArrayList<>(connects)))
        .map(all -> {
          LOG.info("{} endpoints online in {} ms", toConnect.size(), System.currentTimeMillis() - started);
          return this;
        })
        .recover(e -> close().transform(ar -> Future.failedFuture(e)));
  }

  /** Starts connects in batches on a timer: the budget grows by rate x tick and each connect spends 1. */
  private void ramp(List<SimEndpoint> toConnect, List<Future<Void>> connects, Promise<Void> allStarted) {
    if (toConnect.isEmpty()) {
      allStarted.complete();
      return;
    }
    double perTick = options.connectRatePerSecond() * RAMP_TICK_MS / 1000.0;
    double[] budget = {1.0};
    int[] next = {0};
    Runnable tick = () -> {
      budget[0] += perTick;
      while (budget[0] >= 1 && next[0] < toConnect.size() && !closing) {
        SimEndpoint endpoint = toConnect.get(next[0]++);
        budget[0] -= 1;
        connects.add(endpoint.connect().recover(e -> Future.failedFuture(
            new IllegalStateException("endpoint " + endpoint.id() + " could not connect: " + e.getMessage(), e))));
      }
      if (next[0] >= toConnect.size() || closing) {
        vertx.cancelTimer(rampTimer);
        allStarted.tryComplete();
      }
    };
    rampTimer = vertx.setPeriodic(RAMP_TICK_MS, t -> tick.run());
    tick.run();
  }

  private static void checkUnique(List<SimEndpointSpec> specs) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (SimEndpointSpec spec : specs) {
      if (!ids.add(spec.endpointId())) {
        throw new IllegalArgumentException("endpoint " + spec.endpointId() + " appears twice");
      }
    }
  }
}
