#!/usr/bin/env bash
# HJ 212 codec benchmark (issue 3 a): decode frames/s of a realistic CN=2011 flue-gas frame on one
# core, next to CRC-only passes over the same bytes. Release build in its own scratch folder.
#   scripts/bench-hj212.sh [SECONDS-PER-FIGURE=7]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch="${HJ212_BENCH_SCRATCH:-$root/.build-hj212}"
cd "$root"
swift build -c release --product duban-bench --scratch-path "$scratch"
# Single-threaded, so the figures are per core. Not pinned: on a shared machine a fixed core may be
# the busy one, and the scheduler moves the benchmark to the idle one.
exec "$scratch/release/duban-bench" "${1:-7}"
