#!/usr/bin/env bash
# Judgment service benchmark (issue 5): the cost of judging in the service, not only the pure
# rules (`duban-bench judgment`). POINTS flue-gas points send HOURS hours of minute data (6
# factors) straight onto duban.measurements, as Ingest would; the real duban-judgment consumes
# them (one PostgreSQL transaction per upload: store, and at each completed hour the whole
# recomputation: exceedances, abnormal operation, suspicions, amounts and totals, stored layers and
# quality). Prints uploads/s, Judgment's and PostgreSQL's CPU per upload and per point-hour.
# Release build; private PostgreSQL and the in-memory test broker; loopback only.
#   scripts/bench-judgment-service.sh [POINTS=20] [HOURS=24]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
points=${1:-20}
hours=${2:-24}
scripts/deps.sh
for product in duban-judgment duban-broker duban-bench duban-ctl; do swift build -c release --product "$product"; done
bin=$(swift build -c release --show-bin-path)
run=$(mktemp -d /tmp/duban-bench-judgment.XXXXXX)
chmod 755 "$run"  # the postgres user must reach the cluster folder
judgment_pid=""
cleanup() {
    [ -n "$judgment_pid" ] && kill -TERM "$judgment_pid" 2>/dev/null && wait "$judgment_pid" 2>/dev/null || true
    scripts/broker.sh stop "$run" >/dev/null 2>&1 || true
    scripts/postgres.sh stop "$run/pg" >/dev/null 2>&1 || true
    rm -rf "$run"
}
trap cleanup EXIT INT TERM
export DUBAN_DATABASE_URL=$(scripts/postgres.sh start "$run/pg")
bootstrap=$(DUBAN_BROKER_BIN="$bin/duban-broker" scripts/broker.sh start "$run")
export DUBAN_KAFKA_BOOTSTRAP=${bootstrap#bootstrap=}
prefix=88888890

# The sample registry plus POINTS copies of the thin-path point, each on its own outlet.
scripts/bench-registry.py "$points" "$prefix" 6 > "$run/registry.json"
"$bin/duban-ctl" registry import "$run/registry.json" >/dev/null

DUBAN_OPS_PORT=0 DUBAN_LOG_LEVEL=info "$bin/duban-judgment" 2>"$run/judgment.log" &
judgment_pid=$!
for _ in $(seq 1 300); do grep -qs "partitions assigned" "$run/judgment.log" && break; sleep 0.1; done

psql_value() { psql "$DUBAN_DATABASE_URL" -tAc "$1"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# This cluster's postmaster and its children (backends, writers), not other clusters on the machine.
postgres_ticks() {
    local postmaster total
    postmaster=$(head -1 "$run/pg/data/postmaster.pid")
    total=$(ticks "$postmaster")
    for pid in $(pgrep -P "$postmaster" || true); do total=$((total + $(ticks "$pid"))); done
    echo "$total"
}
expected=$((points * (hours * 60 + 1) * 6))
start_epoch=$(( ($(date +%s) / 3600 - hours - 2) * 3600 ))
judgment_before=$(ticks "$judgment_pid")
postgres_before=$(postgres_ticks)
started=$(date +%s.%N)
"$bin/duban-bench" judgment-load "$DUBAN_KAFKA_BOOTSTRAP" "$prefix" "$points" "$hours" "$start_epoch"
deadline=$(( $(date +%s) + 3600 ))
while [ "$(psql_value "SELECT count(*) FROM judgment.readings")" -lt "$expected" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for Judgment; log: $run/judgment.log" >&2; tail -5 "$run/judgment.log" >&2; exit 1; }
    kill -0 "$judgment_pid" || { echo "duban-judgment exited" >&2; tail -20 "$run/judgment.log" >&2; exit 1; }
    sleep 1
done
finished=$(date +%s.%N)
judgment_after=$(ticks "$judgment_pid")
postgres_after=$(postgres_ticks)
uploads=$((points * (hours * 60 + 1)))
hz=$(getconf CLK_TCK)
python3 - "$started" "$finished" "$uploads" "$points" "$hours" "$((judgment_after - judgment_before))" "$((postgres_after - postgres_before))" "$hz" <<'PY'
import sys
started, finished, uploads, points, hours, judgment, postgres, hz = map(float, sys.argv[1:])
wall = finished - started
point_hours = points * hours
print(f"{int(uploads)} minute uploads ({int(points)} points x {int(hours)} h, 6 factors) judged in {wall:.1f} s wall: {uploads / wall:.0f} uploads/s")
print(f"Judgment CPU {judgment / hz:.1f} s: {judgment / hz / uploads * 1e3:.2f} ms per upload, {judgment / hz / point_hours * 1e3:.1f} ms per point-hour recomputed")
print(f"PostgreSQL CPU {postgres / hz:.1f} s: {postgres / hz / uploads * 1e3:.2f} ms per upload, {postgres / hz / point_hours * 1e3:.1f} ms per point-hour")
PY
echo "stored: $(psql_value "SELECT count(*) FROM judgment.period_means") means, $(psql_value "SELECT count(*) FROM judgment.data_quality") quality rows, $(psql_value "SELECT count(*) FROM judgment.judgment_versions") judgment versions"
