#!/usr/bin/env bash
# HJ 212 codec benchmark (issue 3 a): decode frames/s of a realistic CN=2011 flue-gas frame on one
# core, next to CRC-only passes over the same bytes. Release build in its own scratch folder.
#   scripts/bench-hj212.sh [SECONDS-PER-FIGURE=7]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch="${HJ212_BENCH_SCRATCH:-$root/.build-hj212}"
cd "$root"
swift build -c release --product duban-bench --scratch-path "$scratch"
# One core: the figure is per core, and the machine is shared.
exec taskset -c 0 "$scratch/release/duban-bench" "${1:-7}"
