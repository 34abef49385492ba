#!/bin/sh
# The benchmark of docs/performance.md: builds the jars, allows enough open files for 10,000
# connections, and runs org.dalaba.sim.bench.Benchmark with the arguments given (see --help).
# Results go to docs/performance.json, docs/performance.md (the table) and docs/performance.png.
# Set BENCH_SKIP_BUILD=1 to use the jars already under */target.
set -e
cd "$(dirname "$0")/.."
# the simulator holds one socket per endpoint, the hub (with the embedded broker) as many again
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q package -DskipTests
fi
# The simulated fleet (10,000 endpoints' state in one JVM) with the parallel collector: under G1 the simulator's
# concurrent refinement threads took ~125 ms of CPU per alert at N = 10,000, on the two cores the hub and the broker
# are measured on (perf, 2026-12-04); a real endpoint is a JVM of its own, with the serial collector
# (device-sim/packaging/dalaba-endpoint.service). The hub keeps its own collector (--hub-jvm-options to change it).
exec java -XX:+UseParallelGC -cp device-sim/target/device-sim.jar org.dalaba.sim.bench.Benchmark "$@"
