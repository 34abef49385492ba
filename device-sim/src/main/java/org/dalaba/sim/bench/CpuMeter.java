package org.dalaba.sim.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of each party of a run, so a result says who did the work: the hub process (with the embedded
 * broker when there is one), its Redis, an external broker, and the simulator (this JVM).
 */
final class CpuMeter {
  private final long hubPid;
  private final List<Long> redisPids;
  private final long brokerPid;

  record Sample(long hubMs, long redisMs, long brokerMs, long simMs, Map<String, Long> hubThreads) {
    /** What was spent between {@code before} and this sample. */
    Sample minus(Sample before) {
      Map<String, Long> threads = new HashMap<>();
      hubThreads.forEach((name, ms) -> {
        long delta = ms - before.hubThreads.getOrDefault(name, 0L);
        if (delta > 0) {
          threads.put(name, delta);
        }
      });
      return new Sample(hubMs - before.hubMs, redisMs - before.redisMs, brokerMs - before.brokerMs, simMs - before.simMs, threads);
    }

    Sample plus(Sample other) {
      Map<String, Long> threads = new HashMap<>(hubThreads);
      other.hubThreads.forEach((name, ms) -> threads.merge(name, ms, Long::sum));
      return new Sample(hubMs + other.hubMs, redisMs + other.redisMs, brokerMs + other.brokerMs, simMs + other.simMs, threads);
    }

    Sample dividedBy(int k) {
      Map<String, Long> threads = new HashMap<>();
      hubThreads.forEach((name, ms) -> threads.put(name, ms / k));
      return new Sample(hubMs / k, redisMs / k, brokerMs / k, simMs / k, threads);
    }

    JsonObject toJson() {
      JsonObject top = new JsonObject();
      hubThreads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
          .forEach(e -> top.put(e.getKey(), e.getValue()));
      return new JsonObject().put("hubMs", hubMs).put("redisMs", redisMs).put("brokerMs", brokerMs).put("simMs", simMs)
          .put("hubThreadsMs", top);
    }
  }

  /**
   * @param hubPid the hub's pid, or -1 when no hub runs ({@link ProtocolFloor}): counted as 0
   * @param brokerPid an external broker's pid, or -1 (embedded: its CPU is in the hub's)
   */
  CpuMeter(long hubPid, List<Long> redisPids, long brokerPid) {
    this.hubPid = hubPid;
    this.redisPids = redisPids;
    this.brokerPid = brokerPid;
  }

  Sample sample() {
    long redis = redisPids.stream().mapToLong(ProcessProbe::cpuMs).sum();
    long sim = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    return new Sample(ProcessProbe.cpuMs(hubPid), redis, brokerPid < 0 ? 0 : ProcessProbe.cpuMs(brokerPid), sim,
        ProcessProbe.threadCpuMs(hubPid));
  }
}
