#!/usr/bin/env bash
# The test command (README): installs what is missing, builds, starts a private PostgreSQL 15
# cluster for the tests, runs the unit tests, then the integration tests that start the real
# executables (each integration scenario starts its own in-memory test broker and its own
# database). Everything it started is stopped when it exits.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/deps.sh

echo "== build" >&2
swift build --build-tests
bin_dir=$(swift build --show-bin-path)

run_dir=$(mktemp -d /tmp/duban-test.XXXXXX)
chmod 755 "$run_dir"  # the postgres user must reach the cluster folder
cleanup() {
    trap '' INT TERM  # stopping PostgreSQL must not be cut short by a second signal
    scripts/postgres.sh stop "$run_dir/pg" >/dev/null 2>&1 || true
    rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== private PostgreSQL cluster" >&2
DUBAN_TEST_DATABASE_URL=$(scripts/postgres.sh start "$run_dir/pg")
export DUBAN_TEST_DATABASE_URL
export DUBAN_BIN_DIR="$bin_dir"
export DUBAN_TEST_RUN_DIR="$run_dir"

# shellcheck source=scripts/bounded.sh
source scripts/bounded.sh

echo "== unit tests" >&2
run_bounded "unit tests" "${DUBAN_UNIT_TEST_TIMEOUT:-1200}" swift test --skip-build --skip IntegrationTests

echo "== integration tests (real processes, test broker, PostgreSQL, TCP, HTTP)" >&2
# One test per `swift test` process, one at a time: each scenario starts a broker, a database and
# up to six services (2 cores), and a hung one is bounded, reported and retried once on its own.
# A test that fails (rather than hangs) is not retried.
mapfile -t integration_tests < <(swift test --skip-build --list-tests 2>/dev/null | grep '^IntegrationTests\.' | sort -u)
((${#integration_tests[@]} > 0)) || { echo "test.sh: no integration tests listed" >&2; exit 1; }
failed=() retried=()
for test_id in "${integration_tests[@]}"; do
    # --filter takes a regular expression: escape the identifier's ( ) . and friends.
    pattern=$(printf '%s' "$test_id" | sed 's/[][().*+?^$|\\{}]/\\&/g')
    echo "== $test_id" >&2
    status=0
    run_bounded "$test_id" "${DUBAN_INTEGRATION_TEST_TIMEOUT:-600}" swift test --skip-build --filter "$pattern" || status=$?
    if ((status == 124)); then
        retried+=("$test_id")
        echo "== $test_id hung; running it once more" >&2
        status=0
        run_bounded "$test_id" "${DUBAN_INTEGRATION_TEST_TIMEOUT:-600}" swift test --skip-build --filter "$pattern" || status=$?
    fi
    ((status == 0)) || failed+=("$test_id")
done

echo "== integration tests: ${#integration_tests[@]} run, ${#failed[@]} failed, ${#retried[@]} hung and were run again" >&2
for test_id in "${retried[@]}"; do echo "   hung once: $test_id" >&2; done
for test_id in "${failed[@]}"; do echo "   FAILED: $test_id" >&2; done
((${#failed[@]} == 0))
