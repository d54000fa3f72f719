# Sourced by scripts/test.sh: runs one test command under a hard time bound, so a hung test
# cannot stall CI for its whole 90 minutes. On a timeout it prints what was running (process
# tree, the test process's thread backtraces when gdb is present, the tails of the logs of the
# newest integration scenario), then kills everything the command started.
#
#   run_bounded LABEL SECONDS command...   exit status of the command; 124 when it hung

# The process and all its descendants, one pid a line (swift-test puts the test process in a
# process group of its own, so a group kill would miss it and the services it started).
process_tree() {
    ps -eo pid=,ppid= 2>/dev/null | awk -v root="$1" '
        { parent[$1] = $2; pids[NR] = $1 }
        END {
            keep[root] = 1; print root
            do { added = 0
                for (i in pids) { p = pids[i]; if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; print p; added = 1 } }
            } while (added)
        }'
}

# Prints everything that helps find why a test hung. Never fails.
print_hang_diagnostics() {
    local root=$1 tree
    tree=$(process_tree "$root" | paste -sd, -)
    echo "---- processes" >&2
    ps -o pid,ppid,etimes,stat,args -p "$tree" 2>/dev/null | cut -c1-220 >&2 || true
    local test_process
    for test_process in $(ps -o pid=,args= -p "$tree" 2>/dev/null | awk '$2 ~ /\.xctest$/ { print $1 }'); do
        if command -v gdb >/dev/null 2>&1; then
            echo "---- threads of the test process $test_process" >&2
            local demangle=cat
            if swift demangle --simplified </dev/null >/dev/null 2>&1; then demangle="swift demangle --simplified"; fi
            timeout 120 gdb -p "$test_process" -batch -ex "set print frame-arguments none" -ex "thread apply all bt 30" 2>/dev/null |
                grep -E '^(Thread|#)' | $demangle | cut -c1-240 | head -n 600 >&2 || true
        fi
    done
    local scenario
    scenario=$(ls -dt "${DUBAN_TEST_RUN_DIR:-/nonexistent}"/it-* 2>/dev/null | head -n 1 || true)
    if [[ -n $scenario ]]; then
        local log
        for log in "$scenario"/*.log; do
            [[ -f $log ]] || continue
            echo "---- tail of $log" >&2
            tail -n 25 "$log" | cut -c1-400 >&2 || true
        done
    fi
}

# Kills the command and everything it started, all at once (a service left behind would take
# CPU and ports from the next test).
kill_tree() {
    local pids
    pids=$(process_tree "$1")
    # shellcheck disable=SC2086 # one pid a word
    kill -KILL $pids 2>/dev/null || true
}

run_bounded() {
    local label=$1 limit=$2
    shift 2
    # Output line by line (stdbuf), so a log cut off by a kill still shows the last step.
    stdbuf -oL -eL "$@" &
    local pid=$! deadline=$((SECONDS + limit))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            echo "==== $label did not finish within $limit s: what was running" >&2
            print_hang_diagnostics "$pid"
            kill_tree "$pid"
            wait "$pid" 2>/dev/null || true
            echo "==== $label killed after $limit s" >&2
            return 124
        fi
        sleep 1
    done
    local status=0
    wait "$pid" || status=$?
    # A finished test leaves nothing running.
    kill_tree "$pid"
    return "$status"
}
