#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# A throwaway PostgreSQL for the server tests, on 127.0.0.1 only.
#   scripts/postgres.sh start   installs PostgreSQL from Debian if missing, runs initdb in a fresh
#                               folder, starts it on a free port and prints its URL
#   scripts/postgres.sh url     prints the URL of the running instance
#   scripts/postgres.sh socket-url   the same database over PostgreSQL's unix socket (libpq's
#                               ?host=/dir, which crm-server and psql accept): no TCP loopback
#   scripts/postgres.sh stop    stops it (pg_ctl stop, by its data folder and PID) and deletes its data
# initdb refuses root, so as root the cluster runs as the system user `crmtest` (created if needed).
# State lives in .build-pg/ (git-ignored); set CRM_PG_STATE to use another folder.
# CRM_PG_STATEMENTS=1 loads pg_stat_statements (time per statement; bench-server.sh prints it).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE_DIR="${CRM_PG_STATE:-$ROOT/.build-pg}"
STATE="$STATE_DIR/state"
PG_USER_NAME=crmtest
DATABASE=crm_test

log() { echo "postgres.sh: $*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The folder holding initdb and pg_ctl (Debian keeps them off PATH), installing PostgreSQL if missing.
pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        log "PostgreSQL is missing; installing it from Debian"
        as_root apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
        dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    fi
    echo "$dir"
}

# The OS user that owns the cluster: ourselves, or `crmtest` when we are root.
cluster_user() {
    if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
    if ! id "$PG_USER_NAME" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER_NAME"
    fi
    echo "$PG_USER_NAME"
}

# Runs a command as the cluster's owner.
as_owner() {
    local owner="$1"; shift
    if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

url_of() { echo "postgres://$PG_USER_NAME@127.0.0.1:$1/$DATABASE"; }

# The socket's folder is $WORK/socket (`-k` below); the socket itself is .s.PGSQL.<port> in it.
socket_url_of() { echo "postgres://$PG_USER_NAME@localhost:$1/$DATABASE?host=$2/socket"; }

is_running() {
    [ -f "$STATE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
    as_owner "$OWNER" "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

start() {
    if is_running; then url_of "$PORT"; return; fi
    local bin owner work port
    bin="$(pg_bin)"
    owner="$(cluster_user)"
    work="$(mktemp -d /tmp/crm-pg.XXXXXX)"
    chmod 755 "$work"
    mkdir -p "$work/data" "$work/socket"
    chown -R "$owner" "$work"
    port="$(free_port)"
    local options="-c listen_addresses=127.0.0.1 -p $port -k $work/socket -c max_connections=400"
    if [ "${CRM_PG_STATEMENTS:-}" = 1 ]; then options+=" -c shared_preload_libraries=pg_stat_statements"; fi
    as_owner "$owner" "$bin/initdb" -D "$work/data" -U "$PG_USER_NAME" --auth=trust -E UTF8 --no-instructions \
        >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
    as_owner "$owner" "$bin/pg_ctl" start -w -t 60 -D "$work/data" -l "$work/server.log" \
        -o "$options" >/dev/null \
        || { cat "$work/server.log" >&2; exit 1; }
    mkdir -p "$STATE_DIR"
    printf 'BIN=%q\nOWNER=%q\nWORK=%q\nDATA=%q\nPORT=%q\n' "$bin" "$owner" "$work" "$work/data" "$port" >"$STATE"
    as_owner "$owner" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER_NAME" "$DATABASE"
    log "started PostgreSQL (pid $(head -1 "$work/data/postmaster.pid")) on 127.0.0.1:$port, data in $work"
    url_of "$port"
}

stop() {
    if [ ! -f "$STATE" ]; then log "not running"; return; fi
    # shellcheck disable=SC1090
    . "$STATE"
    as_owner "$OWNER" "$BIN/pg_ctl" stop -m fast -w -D "$DATA" >/dev/null 2>&1 || log "pg_ctl stop failed"
    rm -rf "$WORK" "$STATE"
    log "stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) if is_running; then url_of "$PORT"; else log "not running; run scripts/postgres.sh start"; exit 1; fi ;;
    socket-url)
        if is_running; then socket_url_of "$PORT" "$WORK"; else log "not running; run scripts/postgres.sh start"; exit 1; fi
        ;;
    *) echo "usage: scripts/postgres.sh start|stop|url|socket-url" >&2; exit 64 ;;
esac
