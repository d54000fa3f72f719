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
    scripts/postgres.sh stop "$run_dir/pg" >/dev/null 2>&1 || true
    rm -rf "$run_dir"
}
trap cleanup EXIT INT TERM

echo "== private PostgreSQL cluster" >&2
DUBAN_TEST_DATABASE_URL=$(scripts/postgres.sh start "$run_dir/pg")
export DUBAN_TEST_DATABASE_URL
export DUBAN_BIN_DIR="$bin_dir"
export DUBAN_TEST_RUN_DIR="$run_dir"

echo "== unit tests" >&2
swift test --skip-build --skip IntegrationTests

echo "== integration tests (real processes, test broker, PostgreSQL, TCP, HTTP)" >&2
# One scenario at a time: each starts a broker, a database and up to six services (2 cores).
swift test --skip-build --no-parallel --filter IntegrationTests
