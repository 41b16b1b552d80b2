#!/usr/bin/env bash
# The exporter's benchmarks (docs/benchmarks.md, "The exporter"), about 11 minutes:
#   1. ExporterBenchmark (JMH, sample time, with -prof gc): the caller's cost of
#      ChaukasExporter.export next to OpenTelemetry's BatchSpanProcessor.onEnd, 1 and 4 threads,
#      with and without agent work between events; DROPS lines give each side's drop rate.
#   2. ExporterThroughput: one exporter to the reference server's in-memory store in a JVM of its
#      own, gRPC and HTTP, batches of 100 and 512 (EXPORTER lines; CPU and THREADS lines say where
#      the CPU went); then IngestLoadDriver against the same kind of server, batches of 512 with 4
#      calls in flight (RESULT line): what the server takes from prebuilt requests, for scale.
#   3. ExporterOutage: full load with the server down for 60 s, exporter heap -Xmx256m; OUTAGE line.
# Everything is kept in benchmarks/target/exporter/. Exits non-zero when a count did not add up.
#
#   benchmarks/exporter/run.sh
#
# Environment (defaults in brackets):
#   EXPORTER_JMH_ARGS  JMH options [-wi 2 -w 2 -i 4 -r 2 -prof gc]
#   SECONDS_MEASURED   measured seconds of each throughput run [15]
#   WARMUP_SECONDS     warm-up before each throughput run [20]
#   OUTAGE_SECONDS     how long the server stays down [60]
#   SERVER_JAVA_OPTS   the throughput server JVM's options [-XX:+UseParallelGC -Xms12g -Xmx12g
#                      -Xmn2g -XX:+AlwaysPreTouch]: the heap of bench-ingest, touched once at start
#                      (a long-running server's state; ~30 s before it is ready), room for every
#                      event stored; a throughput collector, the server being the other half of
#                      the load on 2 cores
#   SERVER_MAX_BYTES   the in-memory store's byte bound [9000000000]: a quarter of the heap, the
#                      server's default, fills within a run (the store then refuses, and the
#                      exporter retries)
#   OUTAGE_SERVER_JAVA_OPTS  the outage run's server [-Xmx2g]: it starts when the outage ends
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/benchmarks/target/exporter
JAR=$ROOT/benchmarks/target/benchmarks.jar
EXPORTER_JMH_ARGS=${EXPORTER_JMH_ARGS:--wi 2 -w 2 -i 4 -r 2 -prof gc}
SECONDS_MEASURED=${SECONDS_MEASURED:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
OUTAGE_SECONDS=${OUTAGE_SECONDS:-60}
export SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--XX:+UseParallelGC -Xms12g -Xmx12g -Xmn2g -XX:+AlwaysPreTouch}
export SERVER_MAX_BYTES=${SERVER_MAX_BYTES:-9000000000}
OUTAGE_SERVER_JAVA_OPTS=${OUTAGE_SERVER_JAVA_OPTS:--Xmx2g}

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/benchmarks/src" -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT/benchmarks" && ../mvnw -B -ntp -q package -DskipTests)
fi
mkdir -p "$OUT"
status=0
stamp() {
  echo "$1 $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
stamp started | tee "$OUT/times.txt"

for threads in 1 4; do
  # shellcheck disable=SC2086
  java -jar "$JAR" 'ExporterBenchmark' $EXPORTER_JMH_ARGS -t "$threads" \
    -rf json -rff "$OUT/jmh-t$threads.json" >"$OUT/jmh-t$threads.txt" 2>"$OUT/jmh-t$threads.err"
  grep -E '^DROPS|^span attributes|^ExporterBenchmark.*(p0\.50|p0\.99 |p0\.999 |rate\.norm)' \
    "$OUT/jmh-t$threads.txt" || true
done
stamp "jmh done" | tee -a "$OUT/times.txt"

: >"$OUT/throughput.txt"
for run in "grpc 100" "grpc 512" "http 100" "http 512"; do
  read -r transport batch <<<"$run"
  java -cp "$JAR" ai.chaukas.spec.benchmarks.exporter.ExporterThroughput --transport "$transport" \
    --batch "$batch" --warmup-seconds "$WARMUP_SECONDS" --seconds "$SECONDS_MEASURED" \
    >>"$OUT/throughput.txt" 2>"$OUT/throughput-$transport-$batch.err" || status=1
  tail -1 "$OUT/throughput.txt"
  grep -E '^(CPU|THREADS|CAUSE)' "$OUT/throughput-$transport-$batch.err" || true
done

# The same server fed by IngestLoadDriver's prebuilt requests: its ceiling on this machine now.
# shellcheck disable=SC2086
java $SERVER_JAVA_OPTS -cp "$JAR" ai.chaukas.spec.benchmarks.ingest.InMemoryServer 0 20000000 "$SERVER_MAX_BYTES" \
  >"$OUT/reference-server.out" 2>&1 &
server=$!
for _ in $(seq 1200); do
  grep -q '^READY' "$OUT/reference-server.out" 2>/dev/null && break
  sleep 0.1
done
port=$(grep -o 'port=[0-9]*' "$OUT/reference-server.out" | cut -d= -f2)
java -cp "$JAR" ai.chaukas.spec.benchmarks.ingest.IngestLoadDriver --target "127.0.0.1:$port" \
  --mode batch --batch-size 512 --concurrency 4 --warmup-seconds "$WARMUP_SECONDS" \
  --duration-seconds "$SECONDS_MEASURED" --server-pid "$server" --label reference \
  2>"$OUT/reference-driver.err" | tee "$OUT/reference.txt" || status=1
kill "$server"
wait "$server" || true
stamp "throughput done" | tee -a "$OUT/times.txt"

SERVER_JAVA_OPTS=$OUTAGE_SERVER_JAVA_OPTS SERVER_MAX_BYTES= \
  java -Xmx256m -cp "$JAR" ai.chaukas.spec.benchmarks.exporter.ExporterOutage \
  --outage-seconds "$OUTAGE_SECONDS" --after-seconds 10 \
  >"$OUT/outage.txt" 2>"$OUT/outage.err" || status=1
grep -E '^(t=|server up)' "$OUT/outage.err" || true
cat "$OUT/outage.txt"
stamp finished | tee -a "$OUT/times.txt"
exit "$status"
