package org.dalaba.sim.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.dalaba.sim.ReceiptSteps;
import org.dalaba.sim.Topics;

/**
 * What an alert costs the broker alone, with a hub that costs nothing: the bound on the ratio that {@link Benchmark}
 * reports for an external Mosquitto on this machine. No hub runs: a Mosquitto of this run's own (tuned as the
 * benchmark's, open to anonymous clients on loopback), N plain MQTT clients in this JVM standing for endpoints, and
 * one standing for the hub, on the hubs' shared subscription to every receipt at QoS 1, as a hub subscribes.
 *
 * <p>Each round: the baseline (one QoS 1 publish to {@code cmd/all}, timed until every client has it, as in the
 * benchmark), then the round trip an alert needs: the same publish, which each client answers as an endpoint does,
 * with a {@code received} and a {@code started} receipt at QoS 1 (with {@code --receipts folded}, {@code started}
 * alone, as docs/protocol.md recommends); timed until the hub's stand-in has the first receipt of every client.
 * Prints both, their ratio and the CPU that Mosquitto and this JVM spent on each. Run:
 * {@code java -cp device-sim/target/device-sim.jar org.dalaba.sim.bench.ProtocolFloor --n 10000 --rounds 3}
 * (bench/run.sh's {@code ulimit -n} is needed at 10,000).
 */
public final class ProtocolFloor {
  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dalaba-sim-logback.xml");
    }
  }

  private static final String SHARED_RECEIPTS = "$share/dalaba-hubs/" + Topics.ROOT + "/ep/+/receipt";
  private static final long WAIT_MS = 60_000;
  private static final long SETTLE_MS = 2_000;

  private final int n;
  private final String[] steps;
  /** The first step as it appears in a receipt's JSON, looked for in every receipt the stand-in gets. */
  private final String firstStepField;
  private final MqttClient[] endpoints;
  private final AtomicLongArray arrived;
  private final AtomicInteger receivedSeen = new AtomicInteger();
  private final AtomicInteger receiptsSeen = new AtomicInteger();
  private volatile String roundTag = "";
  private MqttClient hub;

  private ProtocolFloor(int n, ReceiptSteps receipts) {
    this.n = n;
    this.steps = receipts == ReceiptSteps.FOLDED ? new String[] {"started"} : new String[] {"received", "started"};
    this.firstStepField = "\"" + steps[0] + "\"";
    this.endpoints = new MqttClient[n];
    this.arrived = new AtomicLongArray(n);
  }

  public static void main(String[] args) throws Exception {
    int n = 10_000;
    int rounds = 3;
    int connectRate = 500;
    Path mosquitto = Path.of("/usr/sbin/mosquitto");
    ReceiptSteps receipts = ReceiptSteps.EVERY_STEP;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--connect-rate" -> connectRate = Integer.parseInt(args[++i]);
        case "--mosquitto" -> mosquitto = Path.of(args[++i]);
        case "--receipts" -> receipts = ReceiptSteps.parse(args[++i]);
        default -> {
          System.err.println("usage: ProtocolFloor [--n N] [--rounds K] [--connect-rate R] [--mosquitto FILE] [--receipts every-step|folded]");
          System.exit(2);
        }
      }
    }
    measure(n, rounds, connectRate, receipts, mosquitto, Files.createTempDirectory("dalaba-floor"), System.out);
    System.exit(0);
  }

  /** The medians of a run: the baseline fan-out and the round trip to every {@code received}, in ms. */
  public record Floor(long baselineMs, long allReceivedMs) {
  }

  /** Runs a Mosquitto under {@code work}, N clients and the hub's stand-in, {@code rounds} rounds; prints each round to {@code out}. */
  public static Floor measure(int n, int rounds, int connectRate, ReceiptSteps receipts, Path mosquitto, Path work,
      java.io.PrintStream out) throws Exception {
    Vertx vertx = Vertx.vertx();
    ProtocolFloor floor = new ProtocolFloor(n, receipts);
    try (MosquittoProcess broker = MosquittoProcess.startOpen(mosquitto, work)) {
      try {
        return floor.run(vertx, broker, mosquitto, rounds, connectRate, out);
      } finally {
        floor.disconnectAll(); // before the broker and Vert.x go
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }

  private Floor run(Vertx vertx, MosquittoProcess broker, Path mosquitto, int rounds, int connectRate, java.io.PrintStream out)
      throws Exception {
    hub = MqttClient.create(vertx, new MqttClientOptions().setClientId("floor-hub").setCleanSession(true).setMaxInflightQueue(1_000));
    hub.publishHandler(message -> {
      String payload = message.payload().toString();
      if (payload.contains(roundTag)) {
        receiptsSeen.incrementAndGet();
        if (payload.contains(firstStepField)) {
          receivedSeen.incrementAndGet();
        }
      }
    });
    await(hub.connect(broker.port(), "127.0.0.1"));
    await(hub.subscribe(SHARED_RECEIPTS, MqttQoS.AT_LEAST_ONCE.value()));
    connectEndpoints(vertx, broker.port(), connectRate);
    out.printf("Mosquitto floor, N = %,d, receipts %s: the endpoints and the hub's stand-in connected; %s%n", n,
        String.join(" + ", steps), MosquittoProcess.version(mosquitto));
    // the parties here are the broker and this JVM: no hub runs (-1 names no process, counted as 0), no Redis
    CpuMeter cpu = new CpuMeter(-1, List.of(), broker.pid());
    List<Long> baselines = new ArrayList<>();
    List<Long> roundTrips = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      CpuMeter.Sample before = cpu.sample();
      long baseline = fanOut("{\"bench\":\"floor baseline " + round + "\"}");
      CpuMeter.Sample cpuBaseline = cpu.sample().minus(before);
      Processes.sleep(SETTLE_MS);
      roundTag = "\"cmd\":\"floor-" + round + "\"";
      receivedSeen.set(0);
      receiptsSeen.set(0);
      before = cpu.sample();
      long start = System.nanoTime();
      publish("{\"floor\":" + round + "}");
      long allReceived = until(() -> receivedSeen.get() >= n, start);
      CpuMeter.Sample cpuRoundTrip = cpu.sample().minus(before);
      until(() -> receiptsSeen.get() >= steps.length * n, start); // every "started" too, before the next round
      baselines.add(baseline);
      roundTrips.add(allReceived);
      out.printf("  round %d: baseline %d ms (Mosquitto %d ms CPU, this JVM %d ms); all received by the hub %d ms "
              + "(Mosquitto %d ms CPU, this JVM %d ms): ratio %.2f%n", round, baseline, cpuBaseline.brokerMs(),
          cpuBaseline.simMs(), allReceived, cpuRoundTrip.brokerMs(), cpuRoundTrip.simMs(), baseline > 0 ? (double) allReceived / baseline : Double.NaN);
      Processes.sleep(SETTLE_MS);
    }
    long baseline = Stats.median(baselines);
    long allReceived = Stats.median(roundTrips);
    out.printf("median: baseline %d ms, all received %d ms, ratio %.2f (a hub that cost nothing, on this machine)%n",
        baseline, allReceived, baseline > 0 ? (double) allReceived / baseline : Double.NaN);
    return new Floor(baseline, allReceived);
  }

  private void connectEndpoints(Vertx vertx, int port, int connectRate) throws Exception {
    List<Future<?>> ready = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String id = String.format("floor%05d-01", i);
      int index = i;
      MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(id).setCleanSession(true).setMaxInflightQueue(10));
      client.publishHandler(message -> onCommand(index, id, message.payload()));
      endpoints[i] = client;
      ready.add(client.connect(port, "127.0.0.1").compose(ack -> client.subscribe(Topics.CMD_ALL, MqttQoS.AT_LEAST_ONCE.value())));
      long due = start + TimeUnit.SECONDS.toNanos(i + 1L) / connectRate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Processes.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
      }
    }
    await(Future.all(ready));
  }

  private void disconnectAll() {
    List<Future<Void>> closing = new ArrayList<>();
    for (MqttClient client : endpoints) {
      if (client != null && client.isConnected()) {
        closing.add(client.disconnect());
      }
    }
    if (hub != null && hub.isConnected()) {
      closing.add(hub.disconnect());
    }
    try {
      await(Future.join(closing));
    } catch (Exception e) {
      // a client already gone: the broker is stopped next anyway
    }
  }

  /** As an endpoint: note the arrival; answer a round trip's command with the receipts of an alert it starts at once. */
  private void onCommand(int index, String id, Buffer payload) {
    arrived.set(index, System.nanoTime());
    String text = payload.toString();
    if (text.startsWith("{\"floor\":")) {
      String round = text.substring("{\"floor\":".length(), text.length() - 1);
      MqttClient client = endpoints[index];
      for (String state : steps) {
        client.publish(Topics.receipt(id), Buffer.buffer("{\"v\":1,\"cmd\":\"floor-" + round + "\",\"state\":\"" + state
            + "\",\"ts\":" + System.currentTimeMillis() + "}"), MqttQoS.AT_LEAST_ONCE, false, false);
      }
    }
  }

  /** @return ms until every endpoint had the message */
  private long fanOut(String payload) throws Exception {
    long start = System.nanoTime();
    publish(payload);
    return until(() -> {
      for (int i = 0; i < n; i++) {
        if (arrived.get(i) - start <= 0) {
          return false;
        }
      }
      return true;
    }, start);
  }

  private void publish(String payload) throws Exception {
    await(hub.publish(Topics.CMD_ALL, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
  }

  private static long until(java.util.function.BooleanSupplier done, long startNanos) {
    long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not done within " + WAIT_MS / 1000 + " s");
      }
      Processes.sleep(1);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
  }
}
