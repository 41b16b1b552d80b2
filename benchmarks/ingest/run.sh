#!/usr/bin/env bash
# Ingest benchmark: events/s, server CPU per event and call latency (p50, p99) for unary
# IngestEvent and IngestEventBatch (100 and 1000 events per call) against the Java reference server
# and two peers that only count events (Python: Debian's python3-grpcio; Go: Debian's grpc-go), over
# gRPC on 127.0.0.1, and over HTTP (POST /v1/events[/batch], application/x-protobuf) where the
# server has it.
#
#   JAVA_SERVER_CMD='java -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.ingest.InMemoryServer $PORT' \
#     benchmarks/ingest/run.sh
#
# Installs what it lacks with apt-get, builds benchmarks/target/benchmarks.jar when it is missing or
# older than benchmarks/, then for each target and mode: starts a fresh server pinned to one CPU,
# runs IngestLoadDriver pinned to the other, stops the server. Prints a markdown table and writes
# it to benchmarks/target/ingest/results.md (RESULT lines in results.txt, logs beside them).
#
# Targets:
#   durable  the server on disk as the README starts it: bin/chaukas serve --port $PORT --store DIR -q,
#            a fresh DIR per run under benchmarks/target/ingest/; ready when it prints "listening on".
#            Skipped while bin/chaukas is not built or `chaukas serve` has no --store.
#   java     JAVA_SERVER_CMD: the in-memory reference server (Armeria: gRPC and HTTP on one port).
#   netty    NETTY_SERVER_CMD: the same ReferenceServer on grpc-netty, HTTP on the JDK's HttpServer
#            (NettyJdkHttpServer): the alternative to Armeria of the transport comparison.
#   python, go  peers that only count events; gRPC only.
# HTTP runs only where the server routes POST /v1/events/batch (probed on each fresh server: a 404
# or 405 there means "no HTTP API yet", and the row is listed as skipped).
#
# Environment (defaults in brackets):
#   JAVA_SERVER_CMD  command that starts the Java reference server on port $PORT (single-quote it so
#                    $PORT is expanded here); it must exec the JVM itself, not fork one (no Maven),
#                    because its pid is what gets measured. Unset: the java target is skipped.
#                    Give the store room for a run (~1M events): InMemoryChaukasServer's default
#                    maxEvents (100 000) fills within seconds, and then calls fail RESOURCE_EXHAUSTED.
#   TARGETS          which servers to load [durable java python]; go and netty on request
#   PROTOCOLS        grpc, http or both, for the targets that have them [grpc http]
#   NETTY_SERVER_CMD command starting NettyJdkHttpServer on $PORT (gRPC) and $HTTP_PORT (HTTP)
#                    [java -cp benchmarks.jar ai.chaukas.spec.benchmarks.ingest.NettyJdkHttpServer $PORT $HTTP_PORT]
#   DURABLE_CMD      command starting the durable server on $PORT with its store in $STORE_DIR
#                    [bin/chaukas serve --port $PORT --store $STORE_DIR -q]
#   HTTP_CLIENT      the driver's HTTP client: socket or jdk [socket]
#   DURATION         measured seconds per run [10]
#   WARMUP           unmeasured seconds before that, python and go [5]
#   JAVA_WARMUP      the same for java, netty and durable [20]: pinned to one CPU, C2 needs that long
#   MODES            which calls to measure: unary, batch or both [unary batch]
#   UNARY_CONC       IngestEvent calls in flight [16]
#   BATCH_SIZES      events per IngestEventBatch call, one run each [100 1000]
#   BATCH_CONC       IngestEventBatch calls in flight [4]
#   SERVICE          gRPC service name the driver calls: server | client [server]
#   PY_WORKERS       handler threads of the Python server [8]
#   SERVER_CPU       CPU the server is pinned to [0]
#   DRIVER_CPU       CPU the driver is pinned to [1]
#   PROFILE          1: run the java server with -XX:+DebugNonSafepoints, record JFR (profile
#                    settings, maximum method sampling) over each measured window into
#                    server-java-MODE.jfr, and add its GC pauses and hottest methods to results.md
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/benchmarks/ingest
OUT=$ROOT/benchmarks/target/ingest
JAR=$ROOT/benchmarks/target/benchmarks.jar
DRIVER_MAIN=ai.chaukas.spec.benchmarks.ingest.IngestLoadDriver
PY=/usr/bin/python3

TARGETS=${TARGETS:-durable java python}
PROTOCOLS=${PROTOCOLS:-grpc http}
HTTP_CLIENT=${HTTP_CLIENT:-socket}
NETTY_SERVER_CMD=${NETTY_SERVER_CMD:-java -cp $JAR ai.chaukas.spec.benchmarks.ingest.NettyJdkHttpServer \$PORT \$HTTP_PORT}
DURABLE_CMD=${DURABLE_CMD:-$ROOT/bin/chaukas serve --port \$PORT --store \$STORE_DIR -q}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
JAVA_WARMUP=${JAVA_WARMUP:-20}
MODES=${MODES:-unary batch}
UNARY_CONC=${UNARY_CONC:-16}
BATCH_SIZES=${BATCH_SIZES:-100 1000}
BATCH_CONC=${BATCH_CONC:-4}
SERVICE=${SERVICE:-server}
PY_WORKERS=${PY_WORKERS:-8}
SERVER_CPU=${SERVER_CPU:-0}
DRIVER_CPU=${DRIVER_CPU:-1}
PROFILE=${PROFILE:-0}
JAVA_SERVER_CMD=${JAVA_SERVER_CMD:-}
JFR_DEBUG_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:FlightRecorderOptions=stackdepth=256"

log() { echo "run.sh: $*" >&2; }
die() { log "$*"; exit 1; }

wants() { [[ " $TARGETS " == *" $1 "* ]]; }

# --- tools -------------------------------------------------------------------------------------

ensure_packages() {
  local wanted=() missing=() p
  wants python && wanted+=(python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc
    libprotobuf-dev)  # google/protobuf/*.proto, which protoc imports from /usr/include
  # grpc-go 1.33 accepts either golang/protobuf; only 1.5 understands protoc-gen-go's APIv2 messages.
  wants go && wanted+=(golang-go golang-google-grpc-dev golang-google-protobuf-dev
                       golang-github-golang-protobuf-1-5-dev protobuf-compiler)
  for p in "${wanted[@]}"; do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || missing+=("$p")
  done
  if ((${#missing[@]})); then
    local sudo=()
    if ((EUID != 0)); then
      command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
      sudo=(sudo)
    fi
    log "installing with apt-get: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v java >/dev/null || die "java not found: apt-get install openjdk-17-jdk-headless"
  command -v taskset >/dev/null || die "taskset not found: apt-get install util-linux"
  if [[ $PROFILE == 1 ]]; then
    if ! command -v jcmd >/dev/null || ! command -v jfr >/dev/null; then
      die "PROFILE=1 needs jcmd and jfr from a full JDK: apt-get install openjdk-17-jdk-headless"
    fi
  fi
  local cpus; cpus=$(nproc --all)
  ((SERVER_CPU < cpus && DRIVER_CPU < cpus)) || die "SERVER_CPU/DRIVER_CPU must be below $cpus (this machine's CPUs)"
}

build_driver() {
  if [[ ! -f $JAR || -n $(find "$ROOT/benchmarks/src" "$ROOT/benchmarks/pom.xml" -newer "$JAR" -print -quit) ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests)
  fi
}

generate_python() {
  rm -rf "$OUT/py" && mkdir -p "$OUT/py"
  protoc -I "$ROOT/proto" -I /usr/include --python_out="$OUT/py" --grpc_python_out="$OUT/py" \
    --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
    "$ROOT"/proto/chaukas/spec/common/v1/*.proto "$ROOT/proto/chaukas/spec/server/v1/server.proto"
}

# GOPATH mode against Debian's sources in /usr/share/gocode: offline, no module proxy, no go.mod.
build_go() {
  local gen=$OUT/go
  rm -rf "$gen/src" && mkdir -p "$gen/src" "$gen/bin"
  (
    export GO111MODULE=off GOPATH="$gen:/usr/share/gocode" GOCACHE="$gen/cache" GOBIN="$gen/bin" \
      GOPROXY=off GOFLAGS='' GOENV=off
    go install google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc
    protoc -I "$ROOT/proto" -I /usr/include \
      --plugin=protoc-gen-go="$gen/bin/protoc-gen-go" --plugin=protoc-gen-go-grpc="$gen/bin/protoc-gen-go-grpc" \
      --go_out="$gen/src" --go-grpc_out="$gen/src" \
      "$ROOT"/proto/chaukas/spec/common/v1/*.proto "$ROOT/proto/chaukas/spec/server/v1/server.proto"
    cd "$HERE/go_server" && go build -o "$gen/bin/go_server" .
  )
}

# --- servers -----------------------------------------------------------------------------------

SERVER_PID=
SERVER_PORT=
SERVER_HTTP_PORT=

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts one server pinned to SERVER_CPU; `exec` everywhere, so $! is the server process itself.
start_server() {
  local target=$1 serverlog=$2
  SERVER_PORT=$(free_port)
  SERVER_HTTP_PORT=$SERVER_PORT
  case $target in
    java | netty | durable)
      local env=(PORT="$SERVER_PORT") cmd=$JAVA_SERVER_CMD
      if [[ $target == netty ]]; then
        SERVER_HTTP_PORT=$(free_port)
        env+=(HTTP_PORT="$SERVER_HTTP_PORT")
        cmd=$NETTY_SERVER_CMD
      elif [[ $target == durable ]]; then
        local store=${serverlog%.server.log}.store
        rm -rf "$store"
        env+=(STORE_DIR="$store")
        cmd=$DURABLE_CMD
      fi
      [[ $PROFILE == 1 ]] && env+=(JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} $JFR_DEBUG_OPTS")
      env "${env[@]}" taskset -c "$SERVER_CPU" bash -c "exec $cmd" >"$serverlog" 2>&1 &
      ;;
    python)
      taskset -c "$SERVER_CPU" "$PY" "$HERE/python_server.py" --gen-dir "$OUT/py" \
        --port "$SERVER_PORT" --workers "$PY_WORKERS" >"$serverlog" 2>&1 &
      ;;
    go)
      taskset -c "$SERVER_CPU" "$OUT/go/bin/go_server" --port "$SERVER_PORT" >"$serverlog" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  local deadline=$((SECONDS + 60))
  until ready "$target" "$serverlog"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -20 "$serverlog" >&2
      die "$target server exited before listening on 127.0.0.1:$SERVER_PORT (log: $serverlog)"
    fi
    ((SECONDS < deadline)) || die "$target server not listening on 127.0.0.1:$SERVER_PORT after 60 s"
    sleep 0.2
  done
}

# Listening: chaukas serve says so ("listening on"); the others are probed, both ports for netty.
ready() {
  if [[ $1 == durable ]]; then
    grep -q 'listening on' "$2" 2>/dev/null
    return
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$SERVER_PORT") 2>/dev/null &&
    (exec 3<>"/dev/tcp/127.0.0.1/$SERVER_HTTP_PORT") 2>/dev/null
}

# Whether the server routes POST /v1/events/batch: an empty body is an invalid request (4xx other
# than 404/405), while a server without the HTTP API answers 404 or 405.
http_routed() {
  local code
  code=$("$PY" - "$SERVER_HTTP_PORT" <<'PYEOF'
import sys, urllib.request, urllib.error
req = urllib.request.Request("http://127.0.0.1:%s/v1/events/batch" % sys.argv[1], data=b"", method="POST",
                             headers={"Content-Type": "application/x-protobuf", "Authorization": "Bearer bench"})
try:
    print(urllib.request.urlopen(req, timeout=10).status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print(0)
PYEOF
  )
  [[ $code != 404 && $code != 405 && $code != 0 ]]
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

peak_rss_mb() {
  awk '/^VmHWM:/ {printf "%d", $2 / 1024}' "/proc/$SERVER_PID/status" 2>/dev/null || echo na
}

# --- one run -----------------------------------------------------------------------------------

# run name: TARGET[-http]-MODE[-BATCH]; gRPC rows keep the names they had before HTTP.
run_name() {
  local name=$1
  [[ $2 == http ]] && name=$name-http
  name=$name-$3
  [[ $3 == batch ]] && name=$name-$4
  echo "$name"
}

# run_one TARGET PROTOCOL MODE BATCH CONC: fresh server, one driver run, server stopped. Appends to
# ROWS (or to SKIPPED, for HTTP on a server without the HTTP API).
ROWS=()
run_one() {
  local target=$1 proto=$2 mode=$3 batch=$4 conc=$5
  local name; name=$(run_name "$target" "$proto" "$mode" "$batch")
  local warmup=$WARMUP
  [[ $target == java || $target == netty || $target == durable ]] && warmup=$JAVA_WARMUP
  start_server "$target" "$OUT/$name.server.log"
  local port=$SERVER_PORT
  if [[ $proto == http ]]; then
    port=$SERVER_HTTP_PORT
    if ! http_routed; then
      log "$name: the server does not route POST /v1/events/batch yet; skipped"
      stop_server
      SKIPPED+=("$target (http: no /v1/events/batch yet)")
      return
    fi
  fi
  log "$name: server pid $SERVER_PID on 127.0.0.1:$port (CPU $SERVER_CPU), ${warmup}s warmup + ${DURATION}s"

  local jfr_file=
  if [[ $PROFILE == 1 && $warmup == "$JAVA_WARMUP" && $target != python && $target != go ]]; then
    jfr_file=$OUT/server-$name.jfr
    rm -f "$jfr_file"
    # The driver needs about a second to start; the recording then covers the measured window.
    # method-profiling=max samples Java stacks every few ms instead of every 10-20 ms.
    jcmd "$SERVER_PID" JFR.start name=ingest settings=profile method-profiling=max delay=$((warmup + 1))s \
      duration="${DURATION}s" filename="$jfr_file" >"$OUT/$name.jcmd.log" 2>&1 ||
      { log "jcmd JFR.start failed (see $OUT/$name.jcmd.log); no profile for $name"; jfr_file=; }
  fi

  local status=0
  taskset -c "$DRIVER_CPU" java -cp "$JAR" "$DRIVER_MAIN" \
    --target "127.0.0.1:$port" --service "$SERVICE" --label "$target" \
    --protocol "$proto" --http-client "$HTTP_CLIENT" \
    --mode "$mode" --batch-size "$batch" --concurrency "$conc" \
    --duration-seconds "$DURATION" --warmup-seconds "$warmup" \
    --server-pid "$SERVER_PID" --thread-breakdown \
    >"$OUT/$name.out" 2>"$OUT/$name.driver.log" || status=$?
  local rss; rss=$(peak_rss_mb)

  if [[ -n $jfr_file ]]; then
    local i
    for ((i = 0; i < 100; i++)); do [[ -s $jfr_file ]] && break; sleep 0.2; done
    sleep 1 # let the JVM finish writing the file it has just created
  fi
  stop_server

  local result; result=$(grep '^RESULT ' "$OUT/$name.out" || true)
  if [[ -z $result ]]; then
    tail -5 "$OUT/$name.driver.log" >&2
    die "$name: the driver printed no RESULT (exit $status; log: $OUT/$name.driver.log)"
  fi
  echo "$result rss_mb=$rss" >>"$OUT/results.txt"
  echo "$result" >&2
  ROWS+=("$result rss_mb=$rss")
  ((status == 0)) || log "$name: the driver reported errors (exit $status; log: $OUT/$name.driver.log)"
  if [[ -n $jfr_file && -s $jfr_file ]]; then
    {
      echo
      echo "### Profile: $name"
      echo
      echo "Server CPU by thread over the measured window (from /proc):"
      echo
      threads_table "$OUT/$name.out"
      echo
      "$PY" "$HERE/jfr_top.py" "$jfr_file" 15
    } >>"$OUT/profile.md"
  elif [[ -n $jfr_file ]]; then
    log "$name: no JFR recording in $jfr_file"
  fi
}

# --- report ------------------------------------------------------------------------------------

per_core() {
  awk -v us="$(field "$1" server_cpu_us_per_event)" 'BEGIN {print (us != "na" && us > 0) ? int(1e6 / us) : "na"}'
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo '?'; }

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

protocol() { local p; p=$(field "$1" protocol); echo "${p:-grpc}"; }

threads_table() {
  echo "| thread | µs/event | share % |"
  echo "|---|---:|---:|"
  sed -n 's/^THREADS .* thread="\(.*\)" cpu_us_per_event=\([^ ]*\) share_pct=\([^ ]*\).*/| \1 | \2 | \3 |/p' "$1" | head -8
}

report() {
  local r
  echo "# Ingest benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc --all) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))."
  echo "Server pinned to CPU $SERVER_CPU, driver to CPU $DRIVER_CPU (taskset); each run on a fresh server."
  echo "${DURATION}s measured after a warmup of ${JAVA_WARMUP}s (java, netty, durable) or ${WARMUP}s (python, go);"
  echo "~1.5 KB benchmark event, unique event_id per event, service $SERVICE. HTTP: POST /v1/events[/batch],"
  echo "application/x-protobuf, HTTP/1.1 keep-alive, one connection per call in flight ($HTTP_CLIENT client)."
  echo "p50/p99: latency of the calls completed in the measured window, request sent to reply read."
  echo "Server CPU = utime + stime of the server process from /proc over the measured window, all"
  echo "threads (GC and JIT included), per event accepted. \"Others\" is CPU that neither the server nor"
  echo "the driver used during the window: other processes competing for the cores; above ~10% the"
  echo "figures of that row are disturbed. \"Per server core\" = 10^6 / server CPU µs per event: the"
  echo "events/s one fully used core would give, less sensitive to such disturbance than events/s."
  echo
  echo "| target | protocol | mode | batch | in flight | events/s | server CPU µs/event | per server core | p50 ms | p99 ms | server CPU % | driver CPU % | others CPU % | server peak RSS MB | errors | rejected |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for r in "${ROWS[@]}"; do
    echo "| $(field "$r" label) | $(protocol "$r") | $(field "$r" mode) | $(field "$r" batch) | $(field "$r" conc) | $(field "$r" events_per_s) | $(field "$r" server_cpu_us_per_event) | $(per_core "$r") | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" server_cpu_pct) | $(field "$r" driver_cpu_pct) | $(field "$r" others_cpu_pct) | $(field "$r" rss_mb) | $(field "$r" errors) | $(field "$r" rejected) |"
  done
  for r in "${SKIPPED[@]}"; do
    echo "| $r | | skipped | | | | | | | | | | | | | |"
  done
  echo
  wants python && echo "Python peer: Debian python3-grpcio $(pkg_version python3-grpcio)," \
    "python3-protobuf $(pkg_version python3-protobuf) ($("$PY" -c 'from google.protobuf.internal import api_implementation as a; print(a.Type())' 2>/dev/null) backend)," \
    "$PY_WORKERS handler threads; counts events only."
  wants go && echo "Go peer: $(go version 2>/dev/null | awk '{print $3}'), Debian golang-google-grpc-dev" \
    "$(pkg_version golang-google-grpc-dev), golang-google-protobuf-dev $(pkg_version golang-google-protobuf-dev);" \
    "counts events only."
  echo "Driver JVM: $(java -version 2>&1 | head -1)."
  targets_check
  echo
  echo "## Server CPU by thread"
  echo
  echo "From /proc/PID/task over each measured window; numbers stripped from thread names, which Linux"
  echo "cuts to 15 characters. In a grpc-java server: grpc-default-wo(rker) = Netty event loop (HTTP/2,"
  echo "framing), grpc-default-ex(ecutor) = request parsing and the service code, VM Thread = safepoint"
  echo "work including Serial GC collections (what a JVM on one CPU picks), GC Thread = other collectors,"
  echo "C1/C2 CompilerThre(ad) = JIT."
  for r in "${ROWS[@]}"; do
    local name; name=$(run_name "$(field "$r" label)" "$(protocol "$r")" "$(field "$r" mode)" "$(field "$r" batch)")
    echo
    echo "**$name**"
    echo
    threads_table "$OUT/$name.out"
  done
  if [[ -s $OUT/profile.md ]]; then
    echo
    echo "## Where the java server's time goes (PROFILE=1)"
    cat "$OUT/profile.md"
  fi
}

# Targets from the issue, batch ingest: java <= 15 µs/event and >= 2x the events/s of each peer.
targets_check() {
  local r b java peer any=
  for b in $BATCH_SIZES; do [[ -n $(row java batch "$b") ]] && any=1; done
  [[ -n $any ]] || return 0
  echo
  echo "## Targets (batch ingest)"
  echo
  echo "| batch | java µs/event (target ≤ 15) | java events/s ÷ python (target ≥ 2) | java events/s ÷ go (target ≥ 2) |"
  echo "|---:|---|---|---|"
  for b in $BATCH_SIZES; do
    java=$(row java batch "$b")
    [[ -n $java ]] || continue
    local cols=() us; us=$(field "$java" server_cpu_us_per_event)
    cols+=("$us $(awk -v v="$us" 'BEGIN {print (v != "na" && v <= 15) ? "met" : "**missed**"}')")
    for peer in python go; do
      r=$(row "$peer" batch "$b")
      if [[ -z $r ]]; then cols+=("not run"); continue; fi
      cols+=("$(awk -v j="$(field "$java" events_per_s)" -v p="$(field "$r" events_per_s)" \
        -v ju="$us" -v pu="$(field "$r" server_cpu_us_per_event)" \
        'BEGIN {x = p > 0 ? j / p : 0; printf "%.2f %s", x, (x >= 2 ? "met" : "**missed**")
               if (ju != "na" && pu != "na" && ju > 0 && pu > 0) printf " (per core: %.2f)", pu / ju}')")
    done
    echo "| $b | ${cols[0]} | ${cols[1]} | ${cols[2]} |"
  done
  if [[ $PROFILE != 1 ]]; then
    echo
    echo "Where a target is missed, rerun with PROFILE=1 for the java server's hottest methods."
  fi
}

row() {
  local r
  for r in "${ROWS[@]}"; do
    if [[ $(field "$r" label) == "$1" && $(protocol "$r") == grpc && $(field "$r" mode) == "$2" ]] &&
      [[ $2 == unary || $(field "$r" batch) == "${3:-}" ]]; then
      echo "$r"
      return
    fi
  done
}

# --- main --------------------------------------------------------------------------------------

SKIPPED=()
main() {
  mkdir -p "$OUT"
  rm -f "$OUT/results.txt" "$OUT/profile.md"
  ensure_packages
  build_driver
  wants python && generate_python
  wants go && build_go
  local target b proto protos
  for target in $TARGETS; do
    protos=grpc
    case $target in
      java)
        if [[ -z $JAVA_SERVER_CMD ]]; then
          log "skipping java: set JAVA_SERVER_CMD to a command that starts the Java reference server" \
            "(InMemoryChaukasServer, validation on) on port \$PORT, e.g." \
            "JAVA_SERVER_CMD='java -cp $JAR ai.chaukas.spec.benchmarks.ingest.InMemoryServer \$PORT'"
          SKIPPED+=("java (JAVA_SERVER_CMD unset)")
          continue
        fi
        ;;
      durable)
        if [[ ! -x $ROOT/bin/chaukas ]] || ! "$ROOT/bin/chaukas" serve --help 2>&1 | grep -q -- '--store'; then
          log "skipping durable: bin/chaukas is not built (make install) or its serve command has no --store yet"
          SKIPPED+=("durable (chaukas serve --store not available)")
          continue
        fi
        ;;
      netty | python | go) ;;
      *) die "unknown target $target (TARGETS may name durable, java, netty, python and go)" ;;
    esac
    [[ $target == java || $target == netty || $target == durable ]] && protos=$PROTOCOLS
    for proto in $protos; do
      if [[ " $MODES " == *" unary "* ]]; then
        run_one "$target" "$proto" unary 1 "$UNARY_CONC"
      fi
      if [[ " $MODES " == *" batch "* ]]; then
        for b in $BATCH_SIZES; do
          run_one "$target" "$proto" batch "$b" "$BATCH_CONC"
        done
      fi
    done
  done
  report >"$OUT/results.md"
  cat "$OUT/results.md"
  log "written $OUT/results.md"
}

main "$@"
