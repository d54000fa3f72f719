#!/usr/bin/env bash
# Fuzzes the HJ 212 decoder with libFuzzer for a bounded time and reports executions and crashes.
#
#   scripts/fuzz-hj212.sh [SECONDS]        default 60
#
# The target (Fuzz/HJ212/FuzzDecoder.swift) is compiled with the sources of Shared/HJ212 into one
# module with `swiftc -sanitize=fuzzer,address`. The seed corpus in Fuzz/HJ212/corpus is copied to a
# working corpus outside the repository (HJ212_FUZZ_DIR, default /tmp/duban-fuzz-hj212), which grows
# from run to run; crashing inputs are written to $HJ212_FUZZ_DIR/artifacts. Exit status: 0 when no
# crash was found, 1 when one was, 2 when the target did not build.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${HJ212_FUZZ_DIR:-/tmp/duban-fuzz-hj212}"
mkdir -p "$work/corpus" "$work/artifacts"
cp -n "$root"/Fuzz/HJ212/corpus/* "$work/corpus/" 2>/dev/null || true

mapfile -t sources < <(find "$root/Shared/HJ212" -name '*.swift' | sort)
echo "building the fuzz target from ${#sources[@]} sources…"
# gold warns once per ASan helper symbol ("Cannot export local symbol"): harmless, filtered.
if ! swiftc -parse-as-library -sanitize=fuzzer,address -O -g -module-name HJ212Fuzz \
        "${sources[@]}" "$root/Fuzz/HJ212/FuzzDecoder.swift" -o "$work/fuzz-hj212" \
        2> >(grep -v 'Cannot export local symbol' >&2); then
    echo "fuzz target did not build" >&2
    exit 2
fi

echo "fuzzing for ${seconds} s (corpus $work/corpus)…"
set +e
"$work/fuzz-hj212" -max_total_time="$seconds" -max_len=12000 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" >"$work/last-run.log" 2>&1
status=$?
set -e

executions="$(grep -m1 'stat::number_of_executed_units' "$work/last-run.log" | awk '{print $2}')"
rate="$(grep -m1 'stat::average_exec_per_sec' "$work/last-run.log" | awk '{print $2}')"
coverage="$(grep -E '^#[0-9]+' "$work/last-run.log" | tail -1 | grep -o 'cov: [0-9]*' || true)"
corpus="$(find "$work/corpus" -type f | wc -l)"
crashes="$(find "$work/artifacts" -type f -newer "$work/fuzz-hj212" | wc -l)"
echo "executions: ${executions:-?}   per second: ${rate:-?}   ${coverage}   corpus: ${corpus} inputs   new crashes: ${crashes}"
if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    echo "CRASH: see $work/last-run.log and $work/artifacts" >&2
    grep -m5 -E 'ERROR|Fatal|precondition|panic' "$work/last-run.log" >&2 || true
    exit 1
fi
