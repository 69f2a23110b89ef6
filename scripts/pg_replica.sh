#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local server, for the report tests (#16 item 7).
#
#   scripts/pg_replica.sh start        copy the primary with pg_basebackup -R into
#                                      var/pg_replica and start it as a hot standby
#   scripts/pg_replica.sh stop         stop it, drop its replication slot, remove the copy
#   scripts/pg_replica.sh status       exit 0 when it runs and is in recovery
#   scripts/pg_replica.sh run CMD...   start, run CMD with DATABASE_REPLICA_URL set, stop
#                                      (one run at a time per port: a second waits)
#
# PostgreSQL's own replication: a physical copy (pg_basebackup) that replays the primary's
# WAL over a streaming connection (primary_conninfo and standby.signal written by -R),
# through a replication slot so the primary keeps the WAL the standby has not replayed.
# The primary must allow replication connections: wal_level replica or logical and
# max_wal_senders > 0 (PostgreSQL's defaults) and a pg_hba.conf line for `replication`
# (.ci/run adds one on CI). Nothing is changed on the primary here but the slot.
#
# Exit status: 0 done, 1 failed, 75 not possible on this machine (no PostgreSQL binaries,
# primary unreachable or not allowing replication): the caller skips.
#
# Environment: PG_PRIMARY_HOST/PORT/USER (127.0.0.1, 5432, postgres), PG_REPLICA_PORT (5434),
# PG_REPLICA_DIR (var/pg_replica), PG_BIN (the server's bin directory, found otherwise).
set -euo pipefail

cd "$(dirname "$0")/.."
PRIMARY_HOST=${PG_PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PG_PRIMARY_PORT:-5432}
PRIMARY_USER=${PG_PRIMARY_USER:-postgres}
PORT=${PG_REPLICA_PORT:-5434}
DIR=$(realpath -m "${PG_REPLICA_DIR:-var/pg_replica}")
# As root the server runs as `postgres`, which must reach its data directory: a checkout in
# a private directory (mktemp -d makes it 0700, as a CI clone is) keeps it out, so the copy
# then goes under /tmp instead.
if [ -z "${PG_REPLICA_DIR:-}" ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
    ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
    DIR="/tmp/gonghui_pg_replica_$PORT"
fi
LOG="$DIR.log"
SLOT="gonghui_replica_$PORT"
UNAVAILABLE=75

say() { printf '== pg_replica: %s\n' "$*" >&2; }

port_open() { # port
    timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

find_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        echo "$PG_BIN"
        return
    fi
    local major
    major=$(primary_sql "SELECT current_setting('server_version_num')::int / 10000" 2>/dev/null) ||
        major=""
    # The standby runs the primary's major version (a physical copy needs it).
    if [ -n "$major" ] && [ -x "/usr/lib/postgresql/$major/bin/pg_basebackup" ]; then
        echo "/usr/lib/postgresql/$major/bin"
    elif command -v pg_basebackup >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    fi
}

primary_sql() { # sql
    psql_cmd -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -XAtq \
        -v ON_ERROR_STOP=1 -c "$1"
}

replica_sql() { # sql
    psql_cmd -h 127.0.0.1 -p "$PORT" -U "$PRIMARY_USER" -d postgres -XAtq -c "$1"
}

psql_cmd() {
    if [ -n "${BIN:-}" ] && [ -x "$BIN/psql" ]; then
        PGCONNECT_TIMEOUT=3 "$BIN/psql" "$@"
    else
        PGCONNECT_TIMEOUT=3 psql "$@"
    fi
}

# The server refuses to run as root: as root, run it (and own its files) as `postgres`.
as_server_user() {
    if [ "$(id -u)" = 0 ]; then
        # From /: the checkout may be a directory `postgres` cannot enter (paths are absolute).
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ours_running() {
    [ -f "$DIR/postmaster.pid" ] && [ -n "${BIN:-}" ] && as_server_user "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1
}

drop_slot() {
    primary_sql "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
                 WHERE slot_name = '$SLOT' AND NOT active" >/dev/null 2>&1 || true
}

check_possible() {
    command -v psql >/dev/null 2>&1 || {
        say "psql not found (apt-get install postgresql-client): no replica"
        return $UNAVAILABLE
    }
    if ! primary_sql "SELECT 1" >/dev/null 2>&1; then
        say "the primary at $PRIMARY_HOST:$PRIMARY_PORT is not reachable: no replica"
        return $UNAVAILABLE
    fi
    BIN=$(find_bin)
    if [ -z "$BIN" ] || [ ! -x "$BIN/pg_basebackup" ] || [ ! -x "$BIN/pg_ctl" ]; then
        say "pg_basebackup/pg_ctl not found (the postgresql package, or PG_BIN=...): no replica"
        return $UNAVAILABLE
    fi
    local settings wal_level senders
    settings=$(primary_sql "SELECT current_setting('wal_level') || ' ' || current_setting('max_wal_senders')")
    read -r wal_level senders <<<"$settings"
    if [ "$wal_level" = minimal ] || [ "$senders" = 0 ]; then
        say "the primary has wal_level=$wal_level, max_wal_senders=$senders: streaming replication" \
            "needs wal_level=replica and max_wal_senders>0 (PostgreSQL's defaults; a restart of" \
            "the primary): no replica"
        return $UNAVAILABLE
    fi
}

start() {
    check_possible || return $?
    if ours_running; then
        say "a standby left in $DIR is running: stopping it first"
        stop
    fi
    if port_open "$PORT"; then
        say "port $PORT is in use by another program (another test run's replica?):" \
            "choose another with PG_REPLICA_PORT=..."
        return 1
    fi
    rm -rf "$DIR"
    mkdir -p "$(dirname "$DIR")"
    install -d -m 700 "$DIR"
    : >"$LOG"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$DIR" "$LOG"
    fi
    drop_slot
    say "copying the primary $PRIMARY_HOST:$PRIMARY_PORT into $DIR (pg_basebackup -R)"
    # -X stream: the WAL written during the copy comes along; -C -S: a slot keeps the rest.
    if ! as_server_user "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" \
        -U "$PRIMARY_USER" -D "$DIR" -R -X stream -c fast -C -S "$SLOT" 2>"$LOG"; then
        cat "$LOG" >&2
        if grep -q "pg_hba.conf" "$LOG"; then
            say "the primary does not allow replication connections from this host: add" \
                "'host replication $PRIMARY_USER 127.0.0.1/32 trust' to its pg_hba.conf and" \
                "SELECT pg_reload_conf() (no restart; .ci/run does it on CI): no replica"
            rm -rf "$DIR"
            return $UNAVAILABLE
        fi
        drop_slot
        return 1
    fi
    # Debian keeps the configuration outside the data directory, so the copy has none of
    # its own: a minimal one. A hot standby needs these limits at least as high as the
    # primary's; fsync is off, the standby holding nothing but test data.
    local limits
    limits=$(primary_sql "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings
        WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders',
                       'max_prepared_transactions', 'max_locks_per_transaction')")
    as_server_user tee "$DIR/postgresql.conf" >/dev/null <<EOF
# The test replica of scripts/pg_replica.sh (a hot standby of $PRIMARY_HOST:$PRIMARY_PORT).
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
hot_standby = on
fsync = off
shared_buffers = 32MB
logging_collector = off
$limits
EOF
    as_server_user tee "$DIR/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
    # The primary's auto.conf came along; port and the rest are set above.
    as_server_user "$BIN/pg_ctl" -D "$DIR" -l "$LOG" -w -t 60 start >/dev/null || {
        cat "$LOG" >&2
        say "the standby did not start"
        stop
        return 1
    }
    local i
    for ((i = 0; i < 60; i++)); do
        if [ "$(replica_sql "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ] &&
            [ "$(replica_sql "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = streaming ]; then
            say "standby streaming from the primary, in recovery, at 127.0.0.1:$PORT"
            return 0
        fi
        sleep 1
    done
    cat "$LOG" >&2
    say "the standby did not start streaming within 60 s"
    stop
    return 1
}

stop() {
    BIN=${BIN:-$(find_bin)}
    if [ -f "$DIR/postmaster.pid" ] && [ -n "$BIN" ]; then
        as_server_user "$BIN/pg_ctl" -D "$DIR" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            say "pg_ctl stop failed (see $LOG)"
    fi
    if [ -f "$DIR/postmaster.pid" ]; then
        say "the standby in $DIR is still running"
        return 1
    fi
    drop_slot
    rm -rf "$DIR"
    say "standby on port $PORT stopped"
}

status() {
    [ "$(replica_sql "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ]
}

run() {
    # One replica per port on this machine: a concurrent run waits for the first.
    local lock="/tmp/gonghui-pg-replica-$PORT.lock"
    exec 9>"$lock"
    if ! flock -n 9; then
        say "another run uses the replica on port $PORT: waiting (up to 30 min)"
        flock -w 1800 9 || {
            say "still in use after 30 min"
            return 1
        }
    fi
    local code=0
    start || code=$?
    if [ "$code" != 0 ]; then
        return "$code"
    fi
    trap stop EXIT
    trap 'exit 130' INT TERM
    DATABASE_REPLICA_URL="postgresql://$PRIMARY_USER@127.0.0.1:$PORT/postgres" "$@" || code=$?
    return "$code"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
run)
    shift
    [ $# -gt 0 ] || {
        say "usage: $0 run CMD..."
        exit 2
    }
    run "$@"
    ;;
*)
    echo "usage: $0 start|stop|status|run CMD..." >&2
    exit 2
    ;;
esac
