package org.dalaba.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.dalaba.sim.audio.AudioOut;
import org.dalaba.sim.audio.Speech;
import org.dalaba.sim.endpoint.HubClock;
import org.dalaba.sim.endpoint.MediaCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real village endpoint: {@code java -jar device-sim.jar --endpoint ID --credentials FILE --audio-out OUT}
 * (docs/endpoint.md). Only wiring: a fleet of one simulated endpoint given an {@link EndpointRuntime},
 * a status file every {@value #STATUS_EVERY_MS} ms, a clock probe, a clean stop on SIGTERM.
 * {@code --status} prints that file.
 */
public final class EndpointMain {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointMain.class);
  static final long STATUS_EVERY_MS = 2_000;
  private static final long CLOCK_PROBE_EVERY_MS = 600_000;

  private EndpointMain() {
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.print(EndpointOptions.USAGE);
      return;
    }
    EndpointOptions o;
    try {
      o = EndpointOptions.parse(List.of(args));
    } catch (UsageException e) {
      System.err.println("dalaba-endpoint: " + e.getMessage());
      System.err.println("Run with --help for usage.");
      System.exit(2);
      return;
    }
    if (o.status) {
      System.exit(EndpointStatusCommand.print(o.statusFile, System.out));
      return;
    }
    try {
      Running running = start(Vertx.vertx(), o);
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "dalaba-endpoint-shutdown"));
    } catch (Exception e) {
      System.err.println("dalaba-endpoint: could not start: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      System.exit(1);
    }
  }

  /** A started endpoint; for tests and for {@link #main}. */
  public static final class Running implements AutoCloseable {
    private final Vertx vertx;
    private final SimulatedFleet fleet;
    private final EndpointRuntime runtime;
    private final EndpointOptions options;

    Running(Vertx vertx, SimulatedFleet fleet, EndpointRuntime runtime, EndpointOptions options) {
      this.vertx = vertx;
      this.fleet = fleet;
      this.runtime = runtime;
      this.options = options;
    }

    public SimEndpoint endpoint() {
      return fleet.endpoints().iterator().next();
    }

    public EndpointRuntime runtime() {
      return runtime;
    }

    /** The status the endpoint writes to its status file. */
    public JsonObject status() {
      SimEndpoint e = endpoint();
      JsonObject cache = new JsonObject().put("dir", runtime.cache.dir().toString()).put("files", runtime.cache.files())
          .put("bytes", runtime.cache.totalBytes()).put("maxBytes", runtime.cache.maxBytes())
          .put("verifyMs", runtime.cache.verifyMillis());
      return new JsonObject().put("endpointId", e.id()).put("ts", runtime.clock.now()).put("pid", ProcessHandle.current().pid())
          .put("broker", options.broker.toString()).put("connected", e.isConnected()).put("hub", e.hubState())
          .put("playing", e.playing()).put("audioPlaying", runtime.playback.playing()).put("volume", e.volume())
          .put("audioOut", options.audioOut).put("secondsPlayed", runtime.playback.samplesWritten() / (double) org.dalaba.sim.audio.Pcm.RATE)
          .put("decodeSpeed", Math.round(runtime.playback.decodeSpeed()))
          .put("receiptsWaiting", e.outboxSize()).put("scheduledPlays", e.scheduledPlays())
          .put("clockOffsetMs", runtime.clock.offsetMs()).put("clockMeasuredAt", runtime.clock.measuredAt())
          .put("cache", cache).put("lastErrors", runtime.status.errors());
    }

    @Override
    public void close() {
      try {
        fleet.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("clean shutdown incomplete: {}", e.toString());
      }
      try {
        runtime.close();
      } catch (IOException e) {
        LOG.warn("closing the audio output: {}", e.toString());
      }
      vertx.close();
    }
  }

  /** Starts an endpoint from command-line arguments (as {@link #main} does, without {@code --status}). */
  public static Running start(List<String> args) throws Exception {
    return start(Vertx.vertx(), EndpointOptions.parse(args));
  }

  static Running start(Vertx vertx, EndpointOptions o) throws Exception {
    HubClock clock = new HubClock();
    SSLContext tls = o.cafile == null ? null : sslContext(o.cafile);
    if (o.hubUrl != null) {
      probeClock(o.hubUrl, clock, tls); // before the cache opens, so expiry is judged on the hub's time
    }
    MediaCache cache = new MediaCache(o.cacheDir, o.cacheMaxBytes, clock::now);
    EndpointRuntime runtime = new EndpointRuntime(AudioOut.open(o.audioOut), cache, clock, new Speech("espeak-ng", o.voice), tls);
    boolean secure = !"tcp".equals(o.broker.getScheme());
    FleetOptions fleet = new FleetOptions().brokerHost(o.broker.getHost()).brokerPort(o.broker.getPort())
        .heartbeatSeconds(o.heartbeatSeconds).caps(o.caps).endpoint(runtime);
    if (secure) {
      fleet.tls(o.cafile);
    }
    if (o.hubKeys != null) {
      fleet.hubKeys(o.hubKeys);
    } else {
      LOG.warn("no hub keys (neither in the provisioning file nor --hub-key): command signatures are NOT checked");
    }
    SimEndpointSpec spec = new SimEndpointSpec(o.endpointId, o.villageId, o.townshipId, o.password);
    SimulatedFleet started = SimulatedFleet.startLenient(vertx, fleet, List.of(spec)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    Running running = new Running(vertx, started, runtime, o);
    vertx.setPeriodic(1, STATUS_EVERY_MS, t -> vertx.executeBlocking(() -> {
      writeStatus(o.statusFile, running.status());
      cache.evict();
      return null;
    }, false));
    if (o.hubUrl != null) {
      vertx.setPeriodic(CLOCK_PROBE_EVERY_MS, t -> vertx.executeBlocking(() -> {
        probeClock(o.hubUrl, clock, tls);
        return null;
      }, false));
    }
    LOG.info("endpoint {} playing to {}, cache {} ({} files), broker {}", o.endpointId, o.audioOut, o.cacheDir, cache.files(), o.broker);
    return running;
  }

  /** Written to a temporary file first, then moved, so {@code --status} never reads half a file. */
  static void writeStatus(Path file, JsonObject status) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = parent.resolve(file.getFileName() + ".tmp");
      Files.writeString(tmp, status.encodePrettily());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot write status file {}: {}", file, e.toString());
    }
  }

  /** Any answer of the hub (even a 404) carries its Date header. */
  private static void probeClock(java.net.URI hub, HubClock clock, SSLContext tls) {
    try {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
      if (tls != null) {
        builder.sslContext(tls);
      }
      long sent = System.currentTimeMillis();
      HttpResponse<Void> response = builder.build().send(HttpRequest.newBuilder(hub.resolve("/media/clock")).timeout(Duration.ofSeconds(10))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      clock.sample(response.headers().firstValue("Date").orElse(null), sent, System.currentTimeMillis());
      LOG.info("clock: the hub is {} ms ahead of this box", clock.offsetMs());
    } catch (IOException e) {
      LOG.info("clock probe of {} failed: {}", hub, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static SSLContext sslContext(Path caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, cert);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
