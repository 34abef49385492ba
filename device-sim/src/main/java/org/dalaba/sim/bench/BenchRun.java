package org.dalaba.sim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.sim.FleetOptions;
import org.dalaba.sim.FleetSummary;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;

/**
 * One measurement: a fresh hub on one broker, a directory of N villages, N simulated endpoints, then the
 * baseline fan-out, the alerts, memory, and (optionally) a sustained phase. Returns the result as JSON.
 */
final class BenchRun {
  /** Simulated playback all but instant: {@code played} follows {@code received} at once. */
  private static final double ZERO_PLAYBACK = 1e-9;
  private static final double REAL_PLAYBACK = 1.0;
  private static final long WAIT_MS = 60_000;
  private static final long POLL_MS = 5;
  /** How often the hub is asked while some simulated endpoint has not answered yet. */
  private static final long SLOW_POLL_MS = 100;
  private static final String ALERT_TEXT = "请村民减少外出，注意防寒保暖。";

  private final BenchOptions options;
  private final String broker;
  private final int n;
  private final boolean sustain;
  private final Path dataDir;
  private final PrintStream out;

  BenchRun(BenchOptions options, String broker, int n, boolean sustain, Path dataDir, PrintStream out) {
    this.options = options;
    this.broker = broker;
    this.n = n;
    this.sustain = sustain;
    this.dataDir = dataDir;
    this.out = out;
  }

  JsonObject run() throws Exception {
    // Other work on the machine shares its cores: say how busy it was, before and after.
    JsonObject result = new JsonObject().put("broker", broker).put("n", n)
        .put("villages", SyntheticDirectory.villagesFor(n, options.endpointsPerVillage))
        .put("endpointsPerVillage", options.endpointsPerVillage).put("loadAverageBefore", Machine.loadAverage())
        .put("caps", new JsonArray(options.caps.stream().sorted().toList()))
        .put("receipts", options.receipts.wireName());
    MosquittoProcess mosquitto = broker.equals("mosquitto") ? MosquittoProcess.start(options.mosquitto, dataDir) : null;
    try (mosquitto; HubProcess hub = HubProcess.start(options.hubProcessCommand(), dataDir, mosquitto == null ? null
        : Map.of("url", "tcp://127.0.0.1:" + mosquitto.port(), "hubPassword", "bench-hub-mqtt-secret-0123456789"))) {
      HubClient api = new HubClient(hub.httpPort());
      api.login(HubProcess.ADMIN_PASSWORD);
      long importStart = System.nanoTime();
      api.importDirectory(SyntheticDirectory.fleet(n, options.endpointsPerVillage));
      result.put("importMs", msSince(importStart));
      if (mosquitto != null) {
        mosquitto.reload();
      }
      waitFor("the hub's broker connection", api::healthy);
      long brokerPid = mosquitto == null ? -1 : mosquitto.pid();
      CpuMeter cpu = new CpuMeter(hub.pid(), hub.childPids(), brokerPid);
      long heapIdle = ProcessProbe.heapAfterFullGc(hub.pid());
      long rssIdle = ProcessProbe.rssBytes(hub.pid());

      Vertx vertx = Vertx.vertx();
      try {
        List<SimEndpointSpec> specs = specs(hub.endpointCredentials());
        FleetOptions fleetOptions = new FleetOptions().brokerHost("127.0.0.1").brokerPort(hub.mqttPort())
            .heartbeatSeconds(options.heartbeatSeconds).timeScale(ZERO_PLAYBACK).connectRatePerSecond(options.connectRate).caps(options.caps)
            .receiptSteps(options.receipts);
        long connectStart = System.nanoTime();
        CpuMeter.Sample beforeConnect = cpu.sample();
        SimulatedFleet fleet = SimulatedFleet.start(vertx, fleetOptions, specs).toCompletionStage().toCompletableFuture()
            .get(10 + n / 100, TimeUnit.MINUTES);
        try {
          waitFor("all " + n + " endpoints online at the hub", () -> api.onlineEndpoints() >= n);
          result.put("connectMs", msSince(connectStart)).put("connectCpu", cpu.sample().minus(beforeConnect).toJson());
          out.printf("  %s N=%d: %d endpoints online in %d ms%n", broker, n, n, result.getLong("connectMs"));

          try (Fanout fanout = Fanout.connect(vertx, hub.mqttPort(), "hub", hub.hubMqttPassword(), fleet.endpoints())) {
            alerts(api, fleet, fanout, cpu, result);
          }
          result.put("live", live(api, cpu));

          long heapConnected = ProcessProbe.heapAfterFullGc(hub.pid());
          long rssConnected = ProcessProbe.rssBytes(hub.pid());
          result.put("hubHeapIdleBytes", heapIdle).put("hubHeapConnectedBytes", heapConnected)
              .put("hubHeapBytesPerEndpoint", (heapConnected - heapIdle) / n)
              .put("hubRssIdleBytes", rssIdle).put("hubRssConnectedBytes", rssConnected)
              .put("hubRssBytesPerEndpoint", (rssConnected - rssIdle) / n);
          if (mosquitto != null) {
            result.put("brokerRssBytes", ProcessProbe.rssBytes(mosquitto.pid()));
          }
          if (sustain) {
            result.put("sustained", sustained(api, fleet, cpu));
          }
        } finally {
          fleet.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
    }
    return result.put("loadAverageAfter", Machine.loadAverage());
  }

  /** The raw fan-out's measured rounds and what each cost the processes. */
  private static final class Baselines {
    final List<Long> rounds = new ArrayList<>();
    int missed;
    CpuMeter.Sample spent;

    /** One publish from the plain client, timed until every endpoint has it; @return its ms, or -1 if some never did. */
    long measure(Fanout fanout, CpuMeter cpu, int round) throws Exception {
      CpuMeter.Sample before = cpu.sample();
      long ms = fanout.publishOnce(round, WAIT_MS);
      // what the raw fan-out costs each process (the broker's share bounds how fast any alert can spread on it)
      CpuMeter.Sample spentNow = cpu.sample().minus(before);
      spent = spent == null ? spentNow : spent.plus(spentNow);
      if (ms < 0) {
        missed++;
      } else {
        rounds.add(ms);
      }
      return ms;
    }

    void putInto(JsonObject result) {
      result.put("baselineAllMs", Stats.median(rounds)).put("baselineRoundsMs", new JsonArray(rounds)).put("baselineMissed", missed);
      if (spent != null) {
        result.put("baselineCpuPerRound", spent.dividedBy(rounds.size() + missed).toJson());
      }
    }
  }

  /** One alert to every endpoint, timed from the API call. */
  private record AlertRound(long acceptedMs, long fanoutMs, long allReceivedMs, long allStartedMs, long allPlayedMs, long lost,
                            List<Long> perEndpointMs, List<Long> startedMs, CpuMeter.Sample cpu) {
  }

  /**
   * Alerts in two kinds of rounds. Received: playback takes its real time (the simulator's time scale
   * 1), so within the window each endpoint sends {@code received} and {@code started}, as a real speaker
   * does; {@code finished} follows seconds later, outside it. Played: playback takes no time, so all three
   * receipts come at once and {@code played} measures the whole pipeline.
   */
  private void alerts(HubClient api, SimulatedFleet fleet, Fanout fanout, CpuMeter cpu, JsonObject result) throws Exception {
    FleetOptions playback = fleet.options();
    // Unmeasured rounds of both kinds first: a hub (and the simulator) that has been running a while has its hot code
    // compiled (JIT); with three warm-up alerts the hub's C2 compiler thread still took about a third of its CPU in
    // the measured rounds, and each round was faster than the one before.
    playback.timeScale(ZERO_PLAYBACK);
    long lost = 0;
    for (int i = 0; i < options.warmUp; i++) {
      fanout.publishOnce(-1 - i, WAIT_MS);
      settle();
      AlertRound warmUp = alert(api, fleet, cpu, "预热 " + (i + 1));
      lost += warmUp.lost();
      out.printf("  %s N=%d warm-up alert: all received %d ms, all played %d ms%n", broker, n, warmUp.allReceivedMs(),
          warmUp.allPlayedMs());
      settle();
    }
    // Then each measured alert straight after a measured raw fan-out: the machine's speed drifts over minutes (the
    // same raw fan-out took 340 ms and 925 ms within one morning), so both sides of the ratio are taken side by side.
    playback.timeScale(REAL_PLAYBACK);
    Baselines baselines = new Baselines();
    List<AlertRound> realRounds = new ArrayList<>();
    List<Double> pairRatios = new ArrayList<>();
    for (int i = 0; i < options.rounds; i++) {
      long baselineMs = baselines.measure(fanout, cpu, i);
      out.printf("  %s N=%d baseline %d: all had it in %d ms%n", broker, n, i + 1, baselineMs);
      settle();
      AlertRound round = alert(api, fleet, cpu, "性能测试 " + (i + 1));
      realRounds.add(round);
      print(round, i, "real playback");
      if (baselineMs > 0 && round.allReceivedMs() > 0) {
        pairRatios.add(ratio(round.allReceivedMs(), baselineMs));
      }
      settle();
    }
    baselines.putInto(result);
    result.put("pairRatios", new JsonArray(pairRatios)).put("ratioMedianOfPairs", Stats.percentileOf(pairRatios, 50));
    playback.timeScale(ZERO_PLAYBACK);
    List<AlertRound> zeroRounds = rounds(api, fleet, cpu, "zero playback");
    lost += realRounds.stream().mapToLong(AlertRound::lost).sum() + zeroRounds.stream().mapToLong(AlertRound::lost).sum();

    List<Long> received = realRounds.stream().map(AlertRound::allReceivedMs).toList();
    List<Long> perEndpoint = realRounds.stream().flatMap(r -> r.perEndpointMs().stream()).toList();
    List<Long> onAir = realRounds.stream().flatMap(r -> r.startedMs().stream()).toList();
    CpuMeter.Sample spent = zeroRounds.get(0).cpu();
    for (AlertRound round : zeroRounds.subList(1, zeroRounds.size())) {
      spent = spent.plus(round.cpu());
    }
    long baseline = result.getLong("baselineAllMs");
    long allReceived = Stats.median(received);
    long allReceivedZero = Stats.median(zeroRounds.stream().map(AlertRound::allReceivedMs).toList());
    result.put("alertAcceptedMs", Stats.median(realRounds.stream().map(AlertRound::acceptedMs).toList()))
        .put("alertFanoutMs", Stats.median(realRounds.stream().map(AlertRound::fanoutMs).toList()))
        .put("alertAllReceivedMs", allReceived)
        .put("alertRoundsReceivedMs", new JsonArray(received))
        .put("ratio", ratio(allReceived, baseline))
        .put("receivedP50Ms", Stats.percentile(perEndpoint, 50)).put("receivedP99Ms", Stats.percentile(perEndpoint, 99))
        .put("receivedMaxMs", Stats.max(perEndpoint))
        // time-to-air: API call to each endpoint's started (for audio-only endpoints: after voicing and fetching)
        .put("alertAllStartedMs", Stats.median(realRounds.stream().map(AlertRound::allStartedMs).toList()))
        .put("startedP50Ms", Stats.percentile(onAir, 50)).put("startedP95Ms", Stats.percentile(onAir, 95))
        .put("startedMaxMs", Stats.max(onAir))
        .put("alertAllPlayedMs", Stats.median(zeroRounds.stream().map(AlertRound::allPlayedMs).toList()))
        .put("alertRoundsPlayedMs", new JsonArray(zeroRounds.stream().map(AlertRound::allPlayedMs).toList()))
        .put("alertAllReceivedZeroPlaybackMs", allReceivedZero)
        .put("ratioZeroPlayback", ratio(allReceivedZero, baseline))
        .put("lostReceipts", lost)
        .put("cpuPerAlert", spent.dividedBy(zeroRounds.size()).toJson());
  }

  private List<AlertRound> rounds(HubClient api, SimulatedFleet fleet, CpuMeter cpu, String kind) throws Exception {
    List<AlertRound> rounds = new ArrayList<>();
    for (int i = 0; i < options.rounds; i++) {
      AlertRound round = alert(api, fleet, cpu, "性能测试 " + (i + 1));
      rounds.add(round);
      print(round, i, kind);
      settle();
    }
    return rounds;
  }

  private void print(AlertRound round, int index, String kind) {
    out.printf("  %s N=%d alert %d (%s): accepted %d ms, fan-out %d ms, all received %d ms, all started %d ms, all played %d ms%n",
        broker, n, index + 1, kind, round.acceptedMs(), round.fanoutMs(), round.allReceivedMs(), round.allStartedMs(),
        round.allPlayedMs());
  }

  private static Double ratio(long ms, long baselineMs) {
    return ms > 0 && baselineMs > 0 ? Math.round(100.0 * ms / baselineMs) / 100.0 : null;
  }

  private AlertRound alert(HubClient api, SimulatedFleet fleet, CpuMeter cpu, String title) throws Exception {
    CpuMeter.Sample before = cpu.sample();
    long startMs = System.currentTimeMillis();
    long start = System.nanoTime();
    String id = api.alertAll(title, ALERT_TEXT);
    long accepted = msSince(start);
    long allReceived = -1;
    long allStarted = -1;
    long allPlayed = -1;
    long fanout = -1;
    JsonObject counts = new JsonObject();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    long nextPoll = 0;
    boolean allAnswered = false;
    while (allPlayed < 0 && System.nanoTime() < deadline) {
      if (fanout < 0) {
        fanout = Fanout.allArrivedAfter(fleet.endpoints(), start, 0);
      }
      // Until every simulated endpoint has sent a receipt the hub cannot show them all: ask it only now and then, so
      // that the asking (an HTTP request, a session lookup and two Redis reads each) does not take the CPU the alert
      // needs; from then on, every POLL_MS.
      allAnswered = allAnswered || Fanout.allAnsweredAfter(fleet.endpoints(), start);
      if (!allAnswered && System.nanoTime() < nextPoll) {
        Processes.sleep(1);
        continue;
      }
      nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLOW_POLL_MS);
      counts = api.newestCounts();
      long got = counts.getLong("received", 0L) + counts.getLong("playing", 0L) + counts.getLong("played", 0L);
      if (allReceived < 0 && got >= n) {
        allReceived = msSince(start);
      }
      if (allStarted < 0 && counts.getLong("playing", 0L) + counts.getLong("played", 0L) >= n) {
        allStarted = msSince(start);
      }
      if (counts.getLong("played", 0L) >= n) {
        allPlayed = msSince(start);
      } else {
        Processes.sleep(POLL_MS);
      }
    }
    CpuMeter.Sample spent = cpu.sample().minus(before);
    List<Long> perEndpoint = new ArrayList<>();
    api.receivedTimes(id).forEach(at -> perEndpoint.add(at - startMs));
    List<Long> started = new ArrayList<>();
    api.startedTimes(id).forEach(at -> started.add(at - startMs));
    return new AlertRound(accepted, fanout, allReceived, allStarted, allPlayed, n - counts.getLong("played", 0L), perEndpoint,
        started, spent);
  }

  /** Heartbeats at their interval and an alert every few seconds; every alert must end fully played. */
  private JsonObject sustained(HubClient api, SimulatedFleet fleet, CpuMeter cpu) throws Exception {
    out.printf("  %s N=%d: sustained load for %d s, an alert every %d s%n", broker, n, options.sustainSeconds,
        options.sustainAlertSeconds);
    fleet.options().timeScale(ZERO_PLAYBACK);
    FleetSummary before = fleet.summary();
    CpuMeter.Sample cpuBefore = cpu.sample();
    List<String> ids = new ArrayList<>();
    long start = System.nanoTime();
    long next = start;
    long end = start + TimeUnit.SECONDS.toNanos(options.sustainSeconds);
    while (next < end) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Processes.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
      }
      ids.add(api.alertAll("持续负载 " + (ids.size() + 1), ALERT_TEXT));
      next += TimeUnit.SECONDS.toNanos(options.sustainAlertSeconds);
    }
    long sentMs = msSince(start);
    long lost = 0;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    for (String id : ids) {
      long played;
      do {
        played = api.counts(id).getLong("played", 0L);
        if (played < n) {
          Processes.sleep(100);
        }
      } while (played < n && System.nanoTime() < deadline);
      lost += n - played;
    }
    long totalMs = msSince(start);
    CpuMeter.Sample spent = cpu.sample().minus(cpuBefore);
    FleetSummary after = fleet.summary();
    long receipts = 3L * ids.size() * n; // received, started, finished per endpoint and alert
    long heartbeats = (long) n * options.sustainSeconds / options.heartbeatSeconds;
    JsonObject sustained = new JsonObject().put("seconds", options.sustainSeconds).put("alerts", ids.size())
        .put("receipts", receipts).put("heartbeatsApprox", heartbeats)
        .put("receiptsPerSecond", receipts * 1000 / Math.max(1, sentMs))
        .put("drainMs", totalMs - sentMs).put("lostReceipts", lost)
        .put("duplicateCommands", (after.received() - after.distinct()) - (before.received() - before.distinct()))
        .put("hubCpuPercent", Math.round(100.0 * spent.hubMs() / totalMs))
        .put("redisCpuPercent", Math.round(100.0 * spent.redisMs() / totalMs))
        .put("brokerCpuPercent", Math.round(100.0 * spent.brokerMs() / totalMs))
        .put("simCpuPercent", Math.round(100.0 * spent.simMs() / totalMs));
    out.printf("  %s N=%d sustained: %s%n", broker, n, sustained.encode());
    return sustained;
  }

  /** Endpoint specs from the credentials file the hub wrote: endpoint_id,password,village_id,township_id. */
  static List<SimEndpointSpec> specs(Path credentials) throws IOException {
    List<SimEndpointSpec> specs = new ArrayList<>();
    List<String> lines = Files.readAllLines(credentials);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length == 4) {
        specs.add(new SimEndpointSpec(f[0], f[2], f[3], f[1]));
      }
    }
    return specs;
  }

  /** A pause between rounds, so one round's stragglers (heartbeats, GC) do not land in the next. */
  /** Seconds of audio the live phase streams. */
  private static final int LIVE_SECONDS = 10;

  /**
   * The live phase: Ogg Opus (20 ms pages, as a browser sends) streamed to a session for the whole county, at real-time
   * pace; every endpoint reports the
   * lag of every page it played (hub receipt → simulated speaker playing it), and the session's view sums them up.
   */
  private JsonObject live(HubClient api, CpuMeter cpu) throws Exception {
    settle();
    byte[] ogg = OggOpusFile.tone(LIVE_SECONDS * 1000);
    String id = api.openLive(120);
    CpuMeter.Sample before = cpu.sample();
    api.streamLive(id, "audio/ogg", ogg);
    JsonObject[] session = new JsonObject[1];
    waitFor("every endpoint's lag report", () -> {
      session[0] = api.live(id);
      JsonObject counts = session[0].getJsonObject("counts");
      return counts.getLong("pending") + counts.getLong("received") + counts.getLong("playing") == 0;
    });
    JsonObject counts = session[0].getJsonObject("counts");
    JsonObject lag = session[0].getJsonObject("lag");
    out.printf("  %s N=%d: live lag p50 %s ms, p95 %s ms, max %s ms over %s endpoints (played %d of %d)%n", broker, n,
        lag.getValue("p50Ms"), lag.getValue("p95Ms"), lag.getValue("maxMs"), lag.getValue("endpoints"), counts.getLong("played"), n);
    return new JsonObject().put("seconds", LIVE_SECONDS).put("lag", lag).put("counts", counts)
        .put("cpu", cpu.sample().minus(before).toJson()).put("targetP95Ms", 1000);
  }

  private static void settle() {
    Processes.sleep(1000);
  }

  private static long msSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(String what, Check check) throws Exception {
    long deadline = System.currentTimeMillis() + 5 * WAIT_MS;
    while (!check.ok()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Processes.sleep(100);
    }
  }
}
