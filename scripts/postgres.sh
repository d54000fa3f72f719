#!/usr/bin/env bash
# Runs a private PostgreSQL 15 cluster for development and tests, never the system cluster.
#
#   scripts/postgres.sh start DIR [PORT]   create (if needed) and start; prints the URL on stdout
#   scripts/postgres.sh stop DIR           stop it (fast mode); no error when it is not running
#   scripts/postgres.sh status DIR         print the URL and exit 0 when running, exit 3 otherwise
#
# Layout under DIR: data/ (cluster), socket/ (Unix socket), postgres.log, port.
# The cluster listens on 127.0.0.1 only, trusts loopback connections and has a database `duban`.
# Everything except the URL goes to standard error, so `URL=$(scripts/postgres.sh start DIR)` works.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
DATABASE=duban

die() { echo "postgres.sh: $*" >&2; exit 1; }
note() { echo "postgres.sh: $*" >&2; }

usage() {
    echo "usage: $0 start DIR [PORT] | stop DIR | status DIR" >&2
    exit 2
}

ensure_installed() {
    [[ -x $PG_BIN/initdb ]] && return 0
    [[ $(id -u) -eq 0 ]] || die "$PG_BIN/initdb is missing; install postgresql-15 (apt-get install postgresql-15) as root"
    note "installing postgresql-15 with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # Only the binaries are wanted: tell postgresql-common not to create (and start) the system
    # cluster on port 5432 when postgresql-15 is installed.
    apt-get install -y -qq --no-install-recommends postgresql-common >&2
    if [[ -f /etc/postgresql-common/createcluster.conf ]]; then
        sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
    fi
    apt-get install -y -qq --no-install-recommends postgresql-15 >&2
    [[ -x $PG_BIN/initdb ]] || die "apt-get finished but $PG_BIN/initdb is still missing"
}

# Runs a PostgreSQL binary as the cluster owner (initdb and postgres refuse to run as root), with the
# folder lock closed so a started server never inherits it.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@" 9>&-
    else
        "$@" 9>&-
    fi
}

is_running() { as_owner "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

running_port() {
    # Line 4 of postmaster.pid is the port the running server listens on.
    sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true
}

url_for() { echo "postgresql://postgres@127.0.0.1:$1/$DATABASE"; }

# True when something listens on TCP port $1 (IPv4 or IPv6); reads /proc so it needs no tools.
port_in_use() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v port="$hex" 'NR > 1 { split($2, a, ":"); if (a[length(a)] == port && $4 == "0A") found = 1 } END { exit !found }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

pick_free_port() {
    local candidate tries
    for tries in $(seq 1 200); do
        candidate=$(( 20000 + RANDOM % 40000 ))
        port_in_use "$candidate" || { echo "$candidate"; return 0; }
    done
    die "found no free TCP port on 127.0.0.1"
}

init_cluster() {
    note "creating a PostgreSQL 15 cluster in $DATA"
    # -U postgres names the superuser postgres even when a non-root user runs initdb.
    if ! as_owner "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$DIR/initdb.log" 2>&1; then
        cat "$DIR/initdb.log" >&2
        die "initdb failed (log above, also in $DIR/initdb.log)"
    fi
    # Only loopback, only trust: this cluster is private to one machine and one run folder.
    cat >"$DATA/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
    echo "include_if_exists = 'duban.conf'" >>"$DATA/postgresql.conf"
}

write_settings() {
    # Rewritten at every start so the port and socket follow the arguments of this run.
    cat >"$DATA/duban.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$SOCKET'
timezone = 'UTC'
log_timezone = 'UTC'
max_connections = 200
CONF
}

create_database() {
    local port=$1 exists
    exists=$("$PG_BIN/psql" -h "$SOCKET" -p "$port" -U postgres -d postgres -tAX \
        -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") || die "cannot query the new server (see $DIR/postgres.log)"
    if [[ $exists != 1 ]]; then
        "$PG_BIN/createdb" -h "$SOCKET" -p "$port" -U postgres "$DATABASE" >&2 || die "createdb $DATABASE failed"
    fi
}

wait_ready() {
    local port=$1 i
    for i in $(seq 1 120); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d "$DATABASE" -U postgres && return 0
        sleep 0.25
    done
    die "the server on port $port did not accept connections within 30 s (see $DIR/postgres.log)"
}

start() {
    local requested=${1:-} port attempt
    ensure_installed
    mkdir -p "$DIR" "$SOCKET"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$DIR" "$SOCKET"
        runuser -u postgres -- test -w "$DIR" ||
            die "user postgres cannot write $DIR; every parent folder must be searchable by others (chmod o+x)"
    fi
    if [[ -f $DATA/PG_VERSION ]]; then
        [[ $(cat "$DATA/PG_VERSION") == 15 ]] || die "$DATA holds a PostgreSQL $(cat "$DATA/PG_VERSION") cluster, not 15"
    else
        init_cluster
    fi

    if is_running; then
        port=$(running_port)
        [[ -z $requested || $requested == "$port" ]] || note "already running on port $port (not $requested)"
        wait_ready "$port"
        create_database "$port"
        url_for "$port"
        return 0
    fi

    for attempt in 1 2 3 4 5; do
        if [[ -n $requested ]]; then
            port=$requested
            ! port_in_use "$port" || die "port $port on 127.0.0.1 is already in use"
        else
            port=$(pick_free_port)
        fi
        write_settings "$port"
        [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$DATA/duban.conf"
        if as_owner "$PG_BIN/pg_ctl" start -D "$DATA" -l "$DIR/postgres.log" -w -t 60 -s >&2; then
            echo "$port" >"$DIR/port"
            wait_ready "$port"
            create_database "$port"
            url_for "$port"
            return 0
        fi
        # A chosen port can be taken between the check and the bind; try another one.
        [[ -z $requested ]] || break
        note "start on port $port failed; retrying with another port"
    done
    tail -n 20 "$DIR/postgres.log" >&2 || true
    die "could not start PostgreSQL (log above, also in $DIR/postgres.log)"
}

stop() {
    if [[ ! -f $DATA/PG_VERSION ]]; then
        note "no cluster in $DATA; nothing to stop"
        return 0
    fi
    if ! is_running; then
        note "the cluster in $DATA is not running"
        return 0
    fi
    as_owner "$PG_BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 -s >&2
}

status() {
    if [[ -f $DATA/PG_VERSION ]] && is_running; then
        url_for "$(running_port)"
    else
        exit 3
    fi
}

[[ $# -ge 2 ]] || usage
COMMAND=$1
DIR=$2
[[ -n $DIR ]] || usage
mkdir -p "$DIR" 2>/dev/null || true
DIR=$(cd "$DIR" 2>/dev/null && pwd -P) || die "cannot use folder $2"
DATA=$DIR/data
SOCKET=$DIR/socket
if [[ ${3:-} != "" && ! ${3} =~ ^[0-9]+$ ]] || [[ ${3:-} =~ ^[0-9]+$ && ( $3 -lt 1 || $3 -gt 65535 ) ]]; then
    die "PORT must be a number from 1 to 65535, got '$3'"
fi

# One start or stop at a time per folder, so parallel callers never initdb twice.
exec 9>"$DIR/.lock"
flock 9

case $COMMAND in
    start) [[ $# -le 3 ]] || usage; start "${3:-}" ;;
    stop) [[ $# -eq 2 ]] || usage; stop ;;
    status) [[ $# -eq 2 ]] || usage; status ;;
    *) usage ;;
esac
