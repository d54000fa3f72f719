#!/usr/bin/env bash
# The run command (README): the whole Duban pipeline on this machine.
#
# Installs missing Debian packages, builds, then starts under run/<timestamp>/:
#   - a private PostgreSQL 15 cluster on a free loopback port (not the system cluster),
#   - duban-broker, a Kafka-protocol test broker on librdkafka's mock cluster (3 brokers,
#     DATA IN MEMORY ONLY: for development and demos, never production),
#   - the sample registry (data/registry/sample.json) imported with duban-ctl,
#   - a fake SMS gateway that prints and records every message,
#   - the services: ingest (HJ 212 on TCP 9212), marking, judgment, dispatch, notify, portal,
# then the device simulator sends one hourly frame (CN=2061) whose SO2 mean is over its limit,
# and the script prints the supervision order and the SMS it produced. It keeps running until
# Ctrl-C, then stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/deps.sh
echo "== building (swift build)"
swift build
bin=$(swift build --show-bin-path)

run_dir="$root/run/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run_dir/logs"
pids=()
cleanup() {
    # A second Ctrl-C (or TERM) while stopping must not leave PostgreSQL or the broker running.
    trap '' INT TERM
    trap - EXIT
    echo
    echo "== stopping"
    for (( i=${#pids[@]}-1; i>=0; i-- )); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    scripts/broker.sh stop "$run_dir" >/dev/null 2>&1 || true
    scripts/postgres.sh stop "$run_dir/pg" >/dev/null 2>&1 || true
    echo "stopped; logs are in $run_dir/logs"
}
trap cleanup EXIT INT TERM

echo "== PostgreSQL (private cluster in $run_dir/pg)"
DUBAN_DATABASE_URL=$(scripts/postgres.sh start "$run_dir/pg")
export DUBAN_DATABASE_URL
echo "   $DUBAN_DATABASE_URL"

echo "== Kafka test broker (in memory only)"
bootstrap_line=$(DUBAN_BROKER_BIN="$bin/duban-broker" scripts/broker.sh start "$run_dir")
DUBAN_KAFKA_BOOTSTRAP=${bootstrap_line#bootstrap=}
export DUBAN_KAFKA_BOOTSTRAP
# The test broker re-forms a consumer group only after a full session timeout: keep it short.
export DUBAN_KAFKA_SESSION_TIMEOUT=6s
echo "   $DUBAN_KAFKA_BOOTSTRAP"

echo "== registry (data/registry/sample.json)"
"$bin/duban-ctl" registry import data/registry/sample.json

echo "== fake SMS gateway"
DUBAN_FAKE_GATEWAY_PORT_FILE="$run_dir/gateway.port" DUBAN_FAKE_GATEWAY_LOG="$run_dir/sms.jsonl" \
    "$bin/duban-fake-gateway" >"$run_dir/logs/gateway.out" 2>"$run_dir/logs/gateway.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$run_dir/gateway.port" ] && break; sleep 0.1; done
gateway_port=$(cat "$run_dir/gateway.port")
export DUBAN_SMS_GATEWAY_URL="http://127.0.0.1:$gateway_port/sms"
echo "   http://127.0.0.1:$gateway_port"

echo "== services"
# Dispatch signs order-chain heads with Ed25519; locally it makes a throwaway key and logs its
# public half. Production sets DUBAN_DISPATCH_SIGNING_SEED instead (docs/operations.md).
export DUBAN_DISPATCH_DEV_KEY=1
declare -A ops_port=([ingest]=9101 [marking]=9102 [judgment]=9103 [dispatch]=9104 [notify]=9105 [portal]=9106)
for service in ingest marking judgment dispatch notify portal; do
    DUBAN_OPS_PORT=${ops_port[$service]} "$bin/duban-$service" 2>"$run_dir/logs/$service.log" &
    pids+=($!)
done
for service in ingest marking judgment dispatch notify portal; do
    ready=""
    for _ in $(seq 1 300); do
        if curl -sf "http://127.0.0.1:${ops_port[$service]}/readyz" >/dev/null; then ready=yes; break; fi
        sleep 0.2
    done
    [ -n "$ready" ] || { echo "duban-$service did not become ready; see $run_dir/logs/$service.log" >&2; exit 1; }
    echo "   duban-$service ready (ops http://127.0.0.1:${ops_port[$service]})"
done

echo "== device simulator: one hourly frame (CN=2061) with SO2 over its limit"
"$bin/duban-sim" thin-path --port 9212

echo "== waiting for the order and the SMS"
order=""
for _ in $(seq 1 150); do
    order=$(psql "$DUBAN_DATABASE_URL" -At -c "SELECT number || '  ' || stage || '  ' || cause || '  ' || enterprise_id || '/' || outlet_id || '  ' || factor FROM dispatch.orders ORDER BY opened_at DESC LIMIT 1" 2>/dev/null || true)
    if [ -n "$order" ] && [ -s "$run_dir/sms.jsonl" ]; then break; fi
    sleep 0.2
done
echo "督办单 / order: ${order:-<none yet: see $run_dir/logs>}"
echo "短信 / SMS sent to the gateway:"
cat "$run_dir/sms.jsonl" 2>/dev/null || echo "<none yet>"
echo
echo "Duban is running. Device port 127.0.0.1:9212, ops ports 9101-9106, logs in $run_dir/logs."
echo "Press Ctrl-C to stop everything."
wait
