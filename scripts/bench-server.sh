#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# The sync-server load bench (`make bench-server`): crm-load's simulated devices against
#   (a) one crm-server on SQLite, and
#   (b) two crm-server instances behind nginx on PostgreSQL (scripts/cluster.sh), or, when
#       scripts/cluster.sh is absent, one instance on a throwaway PostgreSQL (scripts/postgres.sh),
# each followed by crm-load's verification, and for PostgreSQL the physical baseline: psql \copy of
# the same rows into a bare copy of the change-log table, timed in the same run.
#   scripts/bench-server.sh [--clients 24000] [--interval 10] [--duration 120] [--tenant-size 20]
#                           [--only sqlite|postgres] [--skip-build]
# Everything binds to 127.0.0.1; every process started here is stopped by PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLIENTS=24000
INTERVAL=10
DURATION=120
TENANT_SIZE=20
ONLY=all
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --clients) CLIENTS="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --tenant-size) TENANT_SIZE="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        *) echo "bench-server: unknown option $1" >&2; exit 64 ;;
    esac
done
TENANTS=$(( (CLIENTS + TENANT_SIZE - 1) / TENANT_SIZE ))
export CRM_LOAD_PASSWORD="load-bench-password"

log() { echo "bench-server: $*" >&2; }

# Each process holds one descriptor per client connection plus its own files and pools.
WANT=65536
NEED=$(( CLIENTS + 2048 ))
if ! ulimit -n "$WANT" 2>/dev/null; then
    HARD="$(ulimit -Hn)"
    if [ "$HARD" != unlimited ] && [ "$HARD" -lt "$NEED" ]; then
        log "cannot raise ulimit -n to $WANT: the hard limit is $HARD and raising it needs CAP_SYS_RESOURCE"
        log "(a container without it, or a limits.conf entry). $CLIENTS clients need about $NEED descriptors"
        log "per process; raise the hard limit, or run fewer: make bench-server CLIENTS=$(( HARD - 2048 ))"
        exit 1
    fi
    ulimit -n "$HARD"
    log "ulimit -n stays at the hard limit $HARD (could not raise it to $WANT); enough for $CLIENTS clients"
fi
log "ulimit -n $(ulimit -n); ephemeral ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range);" \
    "somaxconn $(cat /proc/sys/net/core/somaxconn); $(nproc) cores"

cd "$ROOT"
if [ -n "$BUILD" ]; then
    swift build -c release --product crm-server >&2
    swift build -c release --product crm-load >&2
fi
BIN="$ROOT/.build/release"
WORK="$(mktemp -d /tmp/crm-bench-server.XXXXXX)"
SERVER_PIDS=()
PG_STARTED=""
CLUSTER_STARTED=""
cleanup() {
    for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [ -n "$CLUSTER_STARTED" ]; then scripts/cluster.sh stop >&2 || true; fi
    if [ -n "$PG_STARTED" ]; then scripts/postgres.sh stop >&2 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts `crm-server serve` on a free port; sets PORT and appends the PID to SERVER_PIDS.
start_server() {
    local db="$1" name="$2"
    "$BIN/crm-server" serve --db "$db" --port 0 --log-level error >"$WORK/$name.out" 2>"$WORK/$name.err" &
    SERVER_PIDS+=("$!")
    for _ in $(seq 1 300); do
        if grep -qs '^listening on ' "$WORK/$name.out"; then
            PORT="$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$WORK/$name.out")"
            return 0
        fi
        sleep 0.1
    done
    log "crm-server ($name) did not start:"; cat "$WORK/$name.err" >&2; exit 1
}

# Memory and CPU seconds of a server process: on a shared machine, CPU seconds per wall second show
# how much of the 2 cores the server actually got.
server_usage() {
    echo "server RSS: $(ps -o rss= -p "$1" | awk '{printf "%d MiB", $1/1024}'), CPU time: $(ps -o times= -p "$1" | tr -d ' ') s" \
        "since start; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

run_load() {
    local url="$1"
    "$BIN/crm-load" run --url "$url" --clients "$CLIENTS" --tenants "$TENANTS" --interval "$INTERVAL" \
        --duration "$DURATION" --event-loops 1 --timeout 30
}

bench_sqlite() {
    echo "== (a) one crm-server on SQLite: $CLIENTS clients in $TENANTS tenants, every $INTERVAL s for $DURATION s"
    local db="sqlite:$WORK/server.sqlite"
    "$BIN/crm-load" setup --db "$db" --tenants "$TENANTS" >&2
    start_server "$db" sqlite
    run_load "http://127.0.0.1:$PORT" || echo "crm-load exited $?"
    server_usage "${SERVER_PIDS[-1]}"
    kill "${SERVER_PIDS[-1]}"; wait "${SERVER_PIDS[-1]}" 2>/dev/null || true
    unset 'SERVER_PIDS[-1]'
}

# psql \copy of every change-log row into a bare table with the same columns and indexes.
copy_baseline() {
    local pg="$1" rows start end
    psql -q -X "$pg" -c "\\copy (SELECT * FROM changes) TO '$WORK/changes.copy'"
    psql -q -X "$pg" -c "CREATE TABLE copy_baseline (LIKE changes INCLUDING ALL)"
    rows="$(wc -l <"$WORK/changes.copy")"
    start="$(date +%s.%N)"
    psql -q -X "$pg" -c "\\copy copy_baseline FROM '$WORK/changes.copy'"
    end="$(date +%s.%N)"
    awk -v rows="$rows" -v s="$start" -v e="$end" \
        'BEGIN { printf "physical baseline: psql \\copy of the same %d change-log rows into a bare copy of the table (same indexes): %.2f s, %.0f rows/s\n", rows, e - s, rows / (e - s) }'
}

bench_postgres() {
    local url pg
    if [ -x scripts/cluster.sh ]; then
        echo "== (b) two crm-server instances behind nginx on PostgreSQL: $CLIENTS clients in $TENANTS tenants"
        scripts/cluster.sh start --instances 2 --binary "$BIN/crm-server" --tenant load-bootstrap --user load \
            --password "$CRM_LOAD_PASSWORD" --cost 4 >"$WORK/cluster.out"
        CLUSTER_STARTED=1
        cat "$WORK/cluster.out"
        url="$(sed -n 's/^url=//p' "$WORK/cluster.out")"
        pg="$(sed -n 's/^postgres=//p' "$WORK/cluster.out")"
        "$BIN/crm-load" setup --db "$pg" --tenants "$TENANTS" >&2
    else
        echo "== (b') scripts/cluster.sh absent: one crm-server on PostgreSQL: $CLIENTS clients in $TENANTS tenants"
        pg="$(scripts/postgres.sh start)"
        PG_STARTED=1
        "$BIN/crm-load" setup --db "$pg" --tenants "$TENANTS" >&2
        start_server "$pg" postgres
        url="http://127.0.0.1:$PORT"
    fi
    echo "every $INTERVAL s for $DURATION s"
    run_load "$url" || echo "crm-load exited $?"
    if [ -z "$CLUSTER_STARTED" ]; then server_usage "${SERVER_PIDS[-1]}"; fi
    copy_baseline "$pg"
}

echo "crm-server load bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB," \
    "commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
case "$ONLY" in
    sqlite) bench_sqlite ;;
    postgres) bench_postgres ;;
    all) bench_sqlite; bench_postgres ;;
    *) log "--only $ONLY: expected sqlite or postgres"; exit 64 ;;
esac
