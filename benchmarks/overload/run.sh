#!/usr/bin/env bash
# Overload run: `chaukas serve` on disk, as the README starts it but with a bounded heap, offered ten
# times the events/s it sustains, for a minute, by OverloadRun (an open loop: calls go out at the
# offered rate whatever the server answers). Prints OverloadRun's OVERLOAD line: what was offered,
# acknowledged and refused, the server's largest heap seen on /metrics, Healthz and query failures,
# and whether every acknowledged event is stored. Exits non-zero when an acknowledged event is
# missing, or Healthz or a query failed.
#
#   benchmarks/overload/run.sh
#
# Environment (defaults in brackets):
#   SUSTAINED   events/s the server sustains, the base of the offered load; measured first by
#               IngestLoadDriver (batches of BATCH_SIZE, 4 calls in flight, 20 s) when unset
#   FACTOR      offered load as a multiple of SUSTAINED [10]
#   DURATION    seconds of overload [60]
#   BATCH_SIZE  events per IngestEventBatch [100]
#   HEAP        the server's -Xmx [512m]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/benchmarks/target/overload
JAR=$ROOT/benchmarks/target/benchmarks.jar
FACTOR=${FACTOR:-10}
DURATION=${DURATION:-60}
BATCH_SIZE=${BATCH_SIZE:-100}
HEAP=${HEAP:-512m}

[ -x "$ROOT/bin/chaukas" ] && ls "$ROOT"/chaukas-spec-cli/target/chaukas-spec-cli-*-all.jar >/dev/null 2>&1 \
  || { echo "run 'make install' first: bin/chaukas is not built" >&2; exit 2; }
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/benchmarks/src" -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT/benchmarks" && ../mvnw -B -ntp -q package -DskipTests)
fi
mkdir -p "$OUT"

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
  fi
  SERVER_PID=
}
trap stop_server EXIT

# Starts chaukas serve on a fresh store in $OUT/$1 and sets PORT once it prints its address.
start_server() {
  rm -rf "$OUT/$1"
  CHAUKAS_JAVA_OPTS="-XX:+UseSerialGC -Xmx$HEAP" "$ROOT/bin/chaukas" serve --port 0 \
    --store "$OUT/$1" -q >"$OUT/$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    PORT=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$OUT/$1.log" 2>/dev/null | head -1 | cut -d: -f2 || true)
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/$1.log" >&2; exit 2; }
    sleep 0.1
  done
  echo "chaukas serve did not start; see $OUT/$1.log" >&2; exit 2
}

if [ -z "${SUSTAINED:-}" ]; then
  start_server sustained
  java -cp "$JAR" ai.chaukas.spec.benchmarks.ingest.IngestLoadDriver --target "127.0.0.1:$PORT" \
    --mode batch --batch-size "$BATCH_SIZE" --concurrency 4 --warmup-seconds 10 \
    --duration-seconds 20 --label sustained | tee "$OUT/sustained.txt"
  SUSTAINED=$(grep -o 'events_per_s=[0-9.]*' "$OUT/sustained.txt" | head -1 | cut -d= -f2)
  stop_server
fi
RATE=$(awk -v s="$SUSTAINED" -v f="$FACTOR" 'BEGIN { printf "%.0f", s * f }')
echo "sustained: $SUSTAINED events/s; offering ${FACTOR}x = $RATE events/s for ${DURATION}s (server -Xmx$HEAP)"
start_server overload
java -cp "$JAR" ai.chaukas.spec.benchmarks.ingest.OverloadRun --target "127.0.0.1:$PORT" \
  --rate "$RATE" --batch-size "$BATCH_SIZE" --duration-seconds "$DURATION" 2>"$OUT/overload-driver.log" \
  | tee "$OUT/overload.txt"
status=${PIPESTATUS[0]}
errors=$(grep -c 'OutOfMemoryError' "$OUT/overload.log" || true)
echo "server OutOfMemoryErrors: $errors (log: $OUT/overload.log)"
[ "$errors" -eq 0 ] || status=1
exit "$status"
