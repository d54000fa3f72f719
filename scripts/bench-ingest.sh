#!/usr/bin/env bash
# End-to-end Ingest benchmark (issue 3 b): N simulated devices on N TCP connections send
# real-time frames in a closed loop, each device registered and authenticated (MN and PW) as in
# production; prints acknowledged frames/s (each acknowledged only after
# the test broker acknowledged it), acknowledgement latency p50/p99, Ingest's memory per idle
# connection, and the CPU time each process of the bench spent per acknowledged frame (Ingest,
# the test broker, PostgreSQL, the simulator). Release build in its own scratch folder
# (DUBAN_BENCH_SCRATCH, default .build-bench); private PostgreSQL and the in-memory test broker;
# loopback only. DUBAN_BENCH_BIN=DIR uses binaries already built there. DUBAN_BENCH_PERF=FILE also records a system-wide `perf` profile of the load.
#   scripts/bench-ingest.sh [DEVICES=5000] [SECONDS=20]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
devices=${1:-5000}
seconds=${2:-20}
scratch=${DUBAN_BENCH_SCRATCH:-$root/.build-bench}
scripts/deps.sh
if [ -n "${DUBAN_BENCH_BIN:-}" ]; then
    bin=$DUBAN_BENCH_BIN  # binaries built before, e.g. to compare builds run by run
else
    for product in duban-ingest duban-broker duban-sim duban-ctl; do swift build -c release --product "$product" --scratch-path "$scratch"; done
    bin=$(swift build -c release --show-bin-path --scratch-path "$scratch")
fi
run=$(mktemp -d /tmp/duban-bench.XXXXXX)
chmod 755 "$run"  # the postgres user must reach the cluster folder
ingest_pid=""
cleanup() {
    [ -n "$ingest_pid" ] && kill -TERM "$ingest_pid" 2>/dev/null && wait "$ingest_pid" 2>/dev/null || true
    scripts/broker.sh stop "$run" >/dev/null 2>&1 || true
    scripts/postgres.sh stop "$run/pg" >/dev/null 2>&1 || true
    rm -rf "$run"
}
trap cleanup EXIT INT TERM
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export DUBAN_DATABASE_URL=$(scripts/postgres.sh start "$run/pg")
# One mock broker: the stand-in for a Kafka cluster that in production runs on other machines;
# three would triple its threads and connections on the two cores the bench shares.
bootstrap=$(DUBAN_BROKER_BROKERS=${DUBAN_BENCH_BROKERS:-1} DUBAN_BROKER_BIN="$bin/duban-broker" scripts/broker.sh start "$run")
export DUBAN_KAFKA_BOOTSTRAP=${bootstrap#bootstrap=}
# The loaded devices are registered and authenticated as in production (MN registered, PW
# matching); DUBAN_BENCH_AUTH=off measures without the registry check.
load_prefix=888888
scripts/bench-registry.py "$devices" "$load_prefix" 8 > "$run/registry.json"
"$bin/duban-ctl" registry import "$run/registry.json" >/dev/null
DUBAN_INGEST_AUTH=${DUBAN_BENCH_AUTH:-registry} DUBAN_INGEST_PORT=0 DUBAN_INGEST_PORT_FILE="$run/ingest.port" DUBAN_OPS_PORT=0 \
    DUBAN_LOG_LEVEL=warning "$bin/duban-ingest" 2>"$run/ingest.log" &
ingest_pid=$!
for _ in $(seq 1 200); do [ -s "$run/ingest.port" ] && break; sleep 0.1; done
port=$(cat "$run/ingest.port")
rss() { awk '/VmRSS/ {print $2}' "/proc/$ingest_pid/status"; }

echo "== memory per idle connection ($devices idle connections)"
before=$(rss)
"$bin/duban-sim" load --port "$port" --devices "$devices" --seconds 8 --threads 4 --idle --mn-prefix IDLE >/dev/null &
sim=$!
sleep 6
during=$(rss)
wait $sim
echo "Ingest RSS ${before} kB idle, ${during} kB with $devices idle connections: $(( (during - before) * 1024 / devices )) bytes per connection"

echo "== acknowledged frames/s ($devices devices, ${seconds}s)"
# CPU time (user + system, clock ticks) of each process around the load. Per acknowledged frame
# it is the figure other work on the machine disturbs least.
postmaster=$(head -1 "$run/pg/data/postmaster.pid")
broker_pid=$(cat "$run/broker.pid")
ticks_of() { local total=0 pid; for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo "$total"; }
# PostgreSQL: the postmaster, its backends and background workers (a backend that exits during the
# load would be missed; Ingest keeps its connections open).
postgres_ticks() { ticks_of "$postmaster" $(pgrep -P "$postmaster" || true); }
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
ingest_before=$(ticks_of "$ingest_pid"); broker_before=$(ticks_of "$broker_pid"); pg_before=$(postgres_ticks); busy_before=$(machine_busy)
if [ -n "${DUBAN_BENCH_PERF:-}" ]; then
    # DUBAN_BENCH_PERF_OPTIONS e.g. "-F 199 --call-graph dwarf" for complete stacks of Swift code;
    # DUBAN_BENCH_PERF_INGEST_ONLY=1 records Ingest alone instead of the whole machine.
    scope=(-a)
    [ -n "${DUBAN_BENCH_PERF_INGEST_ONLY:-}" ] && scope=(-p "$ingest_pid")
    perf record "${scope[@]}" -e cpu-clock ${DUBAN_BENCH_PERF_OPTIONS:--g} -o "$DUBAN_BENCH_PERF" -- sleep "$seconds" >/dev/null 2>&1 &
    perf_pid=$!
fi
result=$("$bin/duban-sim" load --port "$port" --devices "$devices" --seconds "$seconds" --threads 2 --mn-prefix "$load_prefix")
ingest_after=$(ticks_of "$ingest_pid"); broker_after=$(ticks_of "$broker_pid"); pg_after=$(postgres_ticks); busy_after=$(machine_busy)
[ -n "${perf_pid:-}" ] && wait "$perf_pid" || true
echo "$result"
frames=$(echo "$result" | grep -oE '[0-9]+ frames acknowledged' | grep -oE '^[0-9]+' || echo 0)
sim_us=$(echo "$result" | grep -oE 'simulator CPU [0-9]+ µs' | grep -oE '[0-9]+' || echo 0)
if [ "$frames" -gt 0 ]; then
    tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
    per_frame() { echo "$(( $1 * tick_us / frames )) µs"; }
    ingest_us=$(( (ingest_after - ingest_before) * tick_us ))
    echo "Ingest CPU $(( ingest_us / 1000 )) ms for $frames frames: $(( ingest_us / frames )) µs per acknowledged frame"
    echo "CPU per acknowledged frame: Ingest $(per_frame $((ingest_after - ingest_before))), broker $(per_frame $((broker_after - broker_before))), PostgreSQL $(per_frame $((pg_after - pg_before))), simulator $(( sim_us / frames )) µs; whole machine $(per_frame $((busy_after - busy_before))) ($(( (busy_after - busy_before) * tick_us / 10000 / seconds ))% of one core busy on average)"
fi
