#!/usr/bin/env bash
# End-to-end Ingest benchmark (issue 3 b): N simulated devices on N TCP connections send
# real-time frames in a closed loop; prints acknowledged frames/s (each acknowledged only after
# the test broker acknowledged it), acknowledgement latency p50/p99, and Ingest's memory per idle
# connection. Release build; private PostgreSQL and the in-memory test broker; loopback only.
#   scripts/bench-ingest.sh [DEVICES=5000] [SECONDS=20]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
devices=${1:-5000}
seconds=${2:-20}
scripts/deps.sh
for product in duban-ingest duban-broker duban-sim; do swift build -c release --product "$product"; done
bin=$(swift build -c release --show-bin-path)
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
bootstrap=$(DUBAN_BROKER_BIN="$bin/duban-broker" scripts/broker.sh start "$run")
export DUBAN_KAFKA_BOOTSTRAP=${bootstrap#bootstrap=}
DUBAN_INGEST_AUTH=off DUBAN_INGEST_PORT=0 DUBAN_INGEST_PORT_FILE="$run/ingest.port" DUBAN_OPS_PORT=0 \
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
# Ingest's CPU time (user + system, clock ticks) around the load: per frame it is the figure that
# other work on the machine disturbs least.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$ingest_pid/stat"; }
ticks_before=$(cpu_ticks)
result=$("$bin/duban-sim" load --port "$port" --devices "$devices" --seconds "$seconds" --threads 2 --mn-prefix LOAD)
ticks_after=$(cpu_ticks)
echo "$result"
frames=$(echo "$result" | grep -oE '[0-9]+ frames acknowledged' | grep -oE '^[0-9]+' || echo 0)
if [ "$frames" -gt 0 ]; then
    cpu_us=$(( (ticks_after - ticks_before) * 1000000 / $(getconf CLK_TCK) ))
    echo "Ingest CPU $(( cpu_us / 1000 )) ms for $frames frames: $(( cpu_us / frames )) µs per acknowledged frame"
fi
