#!/usr/bin/env bash
# Starts or stops duban-broker (the in-memory test Kafka broker) in the background.
#   scripts/broker.sh start RUNDIR   start it; prints bootstrap=host:port,... once it is ready
#   scripts/broker.sh stop RUNDIR    stop it (SIGTERM, then SIGKILL after 10 s)
# RUNDIR receives broker.pid, broker.bootstrap and broker.log.
# DUBAN_BROKER_BIN overrides the binary (default: build it with swift build into .build-broker).
# The broker keeps all data in memory: for development and tests only, never production.
set -euo pipefail

usage() { echo "usage: $0 start|stop RUNDIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
rundir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
pidfile="$rundir/broker.pid"
bootstrapfile="$rundir/broker.bootstrap"
logfile="$rundir/broker.log"

is_running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "$command" in
start)
    mkdir -p "$rundir"
    if is_running; then
        echo "duban-broker already running (pid $(cat "$pidfile"))" >&2
        cat "$bootstrapfile"
        exit 0
    fi
    binary=${DUBAN_BROKER_BIN:-}
    if [ -z "$binary" ]; then
        scratch="$root/.build-broker"
        swift build --package-path "$root" --scratch-path "$scratch" --product duban-broker >&2
        binary="$scratch/debug/duban-broker"
    fi
    rm -f "$bootstrapfile"
    DUBAN_BROKER_BOOTSTRAP_FILE="$bootstrapfile" nohup "$binary" >/dev/null 2>"$logfile" &
    echo $! >"$pidfile"
    for _ in $(seq 1 300); do
        if [ -s "$bootstrapfile" ]; then
            cat "$bootstrapfile"
            exit 0
        fi
        if ! is_running; then
            echo "duban-broker exited during start; see $logfile:" >&2
            tail -n 20 "$logfile" >&2
            rm -f "$pidfile"
            exit 1
        fi
        sleep 0.1
    done
    echo "duban-broker did not write $bootstrapfile within 30 s; see $logfile" >&2
    exit 1
    ;;
stop)
    if ! is_running; then
        rm -f "$pidfile"
        echo "duban-broker not running" >&2
        exit 0
    fi
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; exit 0; }
        sleep 0.1
    done
    echo "duban-broker (pid $pid) ignored SIGTERM for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    ;;
*) usage ;;
esac
