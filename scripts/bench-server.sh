#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# The sync-server load bench (`make bench-server`): crm-load's simulated devices against
#   (a) one crm-server on SQLite, and
#   (b) two crm-server instances behind nginx on PostgreSQL (scripts/cluster.sh), or, when
#       scripts/cluster.sh is absent, one instance on a throwaway PostgreSQL (scripts/postgres.sh),
# each followed by crm-load's verification, and for PostgreSQL the physical baseline: psql \copy of
# the same rows into a bare copy of the change-log table, timed in the same run. First,
# scripts/bench-request-cpu.sh prints the server's CPU per request next to the /healthz floor
# under wrk (Debian's package, installed when missing), scripts/bench-healthz-paced.sh that floor
# when requests arrive as the devices send them, scripts/bench-network.sh the bytes on the
# wire against the legacy way, and scripts/bench-log-size.sh push and pull against large logs.
#   scripts/bench-server.sh [--clients 24000] [--interval 10] [--duration 120] [--tenant-size 20]
#                           [--only sqlite|postgres] [--skip-build] [--front auto|nginx|none]
#                           [--connection keep|per-sync] [--processes 0] [--load-only] [--no-gzip] [--floor]
# --floor: the same devices send GET /healthz in place of each pull and push (crm-load --floor), through
# the same front to the same server: the floor of the mix's arrival pattern, nothing synced.
# crm-load's devices push gzip bodies and take zstd or gzip answers as `crm sync` does; --no-gzip sends plain JSON.
# --load-only skips the steps before the load (request CPU, paced floor, network, log size), e.g. to
# bisect the device count. The PostgreSQL run measures its own floor (/healthz through nginx) and
# prints the CPU per sync request split by part (instances, nginx, PostgreSQL, crm-load) over the
# steady window (scripts/bench-cpu-window.sh). With CRM_PG_STATEMENTS=1 it loads pg_stat_statements
# and prints PostgreSQL's time and pages by statement, and each table's scans, after the run.
# One process cannot hold more descriptors than the hard `ulimit -n` (20,000 in the benchmark
# container, which cannot raise it). So crm-load spreads its clients over enough processes
# (--processes 0), and with --front auto, when the clients would not fit in the server's own
# limit, the SQLite instance is put behind nginx, whose worker processes each have a limit of
# their own and hold the clients' connections, passing requests on over a few keep-alive ones.
# Everything binds to 127.0.0.1; every process started here is stopped by PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/bench-cpu-window.sh
. "$ROOT/scripts/bench-cpu-window.sh"
# shellcheck source=scripts/bench-server-lib.sh
. "$ROOT/scripts/bench-server-lib.sh"
# shellcheck source=scripts/bench-thread-wait.sh
. "$ROOT/scripts/bench-thread-wait.sh"
CLIENTS=24000
INTERVAL=10
DURATION=120
TENANT_SIZE=20
ONLY=all
BUILD=1
FRONT=auto
CONNECTION=keep
PROCESSES=0
SIDE_STEPS=1
GZIP=--gzip
FLOOR=""
while [ $# -gt 0 ]; do
    case "$1" in
        --front) FRONT="$2"; shift 2 ;;
        --connection) CONNECTION="$2"; shift 2 ;;
        --processes) PROCESSES="$2"; shift 2 ;;
        --clients) CLIENTS="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --tenant-size) TENANT_SIZE="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        --load-only) SIDE_STEPS=""; shift ;;
        --no-gzip) GZIP=--no-gzip; shift ;;
        --floor) FLOOR=--floor; shift ;;
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
    ulimit -n "$HARD"
    log "cannot raise ulimit -n to $WANT: the hard limit is $HARD and raising it needs CAP_SYS_RESOURCE"
fi
FILES="$(ulimit -n)"
if [ "$FILES" = unlimited ]; then FILES=1048576; fi
case "$FRONT" in
    auto) if [ "$CONNECTION" = keep ] && [ "$NEED" -gt "$FILES" ]; then FRONT=nginx; else FRONT=none; fi ;;
    nginx|none) ;;
    *) log "--front $FRONT: expected auto, nginx or none"; exit 64 ;;
esac
if [ "$FRONT" = none ] && [ "$CONNECTION" = keep ] && [ "$NEED" -gt "$FILES" ]; then
    log "$CLIENTS kept connections need about $NEED descriptors in the server, more than its limit $FILES:"
    log "use --front nginx (or auto), or --connection per-sync"
    exit 1
fi
log "ulimit -n $(ulimit -n); ephemeral ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range);" \
    "somaxconn $(cat /proc/sys/net/core/somaxconn); $(nproc) cores"

cd "$ROOT"
if [ -n "$BUILD" ]; then
    swift build -c release --product crm-server >&2
    swift build -c release --product crm-load >&2
fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/release}"   # CRM_BENCH_BIN: another build to compare, e.g. a copy of main's
WORK="$(mktemp -d /tmp/crm-bench-server.XXXXXX)"
SERVER_PIDS=()
PG_STARTED=""
CLUSTER_STARTED=""
FRONT_PID=""
cleanup() {
    stop_front
    for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [ -n "$CLUSTER_STARTED" ]; then scripts/cluster.sh stop >&2 || true; fi
    if [ -n "$PG_STARTED" ]; then scripts/postgres.sh stop >&2 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts `crm-server serve` on a free port, or on the Unix domain socket $3 if given; sets PORT
# (empty on a socket, which is made writable for nginx's user) and appends the PID to SERVER_PIDS.
start_server() {
    local db="$1" name="$2" socket="${3:-}"
    "$BIN/crm-server" serve --db "$db" --port 0 ${socket:+--unix-socket "$socket"} --log-level error \
        >"$WORK/$name.out" 2>"$WORK/$name.err" &
    SERVER_PIDS+=("$!")
    for _ in $(seq 1 300); do
        if grep -qs '^listening on ' "$WORK/$name.out"; then
            PORT="$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$WORK/$name.out")"
            if [ -n "$socket" ]; then chmod 666 "$socket"; fi
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

# How many pull reads the server at URL $1 answered from its in-memory tail of each tenant's log,
# and how many it read from the log (`crm_pull_tail_reads_total` at /metrics).
tail_reads() {
    python3 - "$1" <<'PY' || true
import re, sys, urllib.request
text = urllib.request.urlopen(f"{sys.argv[1]}/metrics", timeout=10).read().decode()
reads = dict(re.findall(r'^crm_pull_tail_reads_total\{result="(\w+)"\} (\d+)', text, re.M))
hits, misses = int(reads.get("hit", 0)), int(reads.get("miss", 0))
share = 100 * hits / (hits + misses) if hits + misses else 0
print(f"pull reads from the tail: {hits} hits, {misses} misses ({share:.1f} % from the tail)")
PY
}

# crm-load's own CPU time is printed after its report (bash's `time`, which counts its shard
# processes too): the load generator shares the cores with the server, so what it costs per
# request bounds how many clients this machine can simulate at all, whatever the server costs.
run_load() {
    local url="$1" status=0 TIMEFORMAT
    TIMEFORMAT="crm-load CPU time: %U s user + %S s system in %R s (logins, sync phase and verification, shards included)"
    { time "$BIN/crm-load" run --url "$url" --clients "$CLIENTS" --tenants "$TENANTS" --interval "$INTERVAL" \
        --duration "$DURATION" --event-loops 1 --timeout 30 --processes "$PROCESSES" --connection "$CONNECTION" "$GZIP" ${FLOOR:+"$FLOOR"} 2>&3 || status=$?; } 3>&2 2>&1
    return "$status"
}

# nginx in front of one instance at $1, 127.0.0.1:PORT or unix:PATH (the clients' connections live
# in its workers, each with a descriptor limit of its own); sets FRONT_URL and FRONT_PID. Runs as
# `crmtest` when we are root, like scripts/cluster.sh, so no worker runs as root.
start_front() {
    local upstream="$1" dir="$WORK/nginx" port owner files workers least
    ensure_nginx
    mkdir -p "$dir/tmp"
    files="$FILES"
    if [ "$files" -gt 65536 ]; then files=65536; fi
    # As many workers as the clients' descriptors need, and at least one a core (nginx's own
    # `worker_processes auto`): at 24,000 devices on 2 cores, 2 workers served 9–14 % more requests
    # than 4 at 8–12 % less CPU a request across the parts (Docs/BENCHMARKS.md, 2026-12-07).
    # CRM_BENCH_NGINX_WORKERS sets the least, to compare.
    workers=$(( (CLIENTS + files - 3000) / (files - 2000) ))
    least="${CRM_BENCH_NGINX_WORKERS:-$(nproc)}"
    if [ "$workers" -lt "$least" ]; then workers="$least"; fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    cat >"$dir/nginx.conf" <<EOF
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
worker_rlimit_nofile $files;
events { worker_connections $((files - 1000)); }
http {
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    access_log off;
    client_max_body_size 4m;
    keepalive_timeout 75s;
    keepalive_requests 100000;
    # max_conns: each worker opens at most 1,000 connections to the instance, so an overloaded
    # instance never holds more sockets than its own descriptor limit (without it nginx opens one
    # per waiting request, up to the number of clients); a request beyond that gets 502 at once.
    upstream crm_server { server $upstream max_conns=1000; keepalive 256; }
    server {
        listen 127.0.0.1:$port reuseport backlog=4096;
        location / {
            proxy_pass http://crm_server;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 60s;
        }
    }
}
EOF
    owner=""
    if [ "$(id -u)" -eq 0 ]; then
        id crmtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin crmtest
        chmod 755 "$WORK"
        chown -R crmtest "$dir"
        owner=crmtest
    fi
    if [ -n "$owner" ]; then
        runuser -u "$owner" -- /usr/sbin/nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    else
        /usr/sbin/nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    fi
    for _ in $(seq 1 50); do
        FRONT_PID="$(cat "$dir/nginx.pid" 2>/dev/null || true)"
        [ -n "$FRONT_PID" ] && break
        sleep 0.1
    done
    [ -n "$FRONT_PID" ] || { log "nginx did not start:"; cat "$dir/error.log" >&2; exit 1; }
    FRONT_URL="http://127.0.0.1:$port"
    echo "front: nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///'), $workers workers of $((files - 1000)) connections each," \
        "pid $FRONT_PID, in front of $upstream"
}

# Stops the front nginx (SIGQUIT: graceful) by its PID, if it is still the nginx we started.
stop_front() {
    [ -n "$FRONT_PID" ] || return 0
    if grep -qs nginx "/proc/$FRONT_PID/cmdline"; then kill -QUIT "$FRONT_PID" 2>/dev/null || true; fi
    for _ in $(seq 1 50); do [ -d "/proc/$FRONT_PID" ] || break; sleep 0.1; done
    FRONT_PID=""
}

# CPU seconds of the front nginx, master and workers.
front_usage() {
    local pids total
    pids="$FRONT_PID $(pgrep -P "$FRONT_PID" | tr '\n' ' ')"
    total="$(for pid in $pids; do ps -o times= -p "$pid"; done | awk '{ sum += $1 } END { print sum + 0 }')"
    echo "nginx CPU time: $total s (master and workers)"
}

bench_sqlite() {
    echo "== (a) one crm-server on SQLite: $CLIENTS clients in $TENANTS tenants, every $INTERVAL s for $DURATION s" \
        "(connections: $CONNECTION, front: $FRONT)"
    local db="sqlite:$WORK/server.sqlite" url
    "$BIN/crm-load" setup --db "$db" --tenants "$TENANTS" >&2
    # CRM_BENCH_SQL_TRACE=DIR (scripts/bench-mix-floor.sh): the log before the run, the server's
    # writer statements (CRM_SERVER_SQL_TRACE) and the log after it, for scripts/push-floor.py.
    local trace="${CRM_BENCH_SQL_TRACE:-}"
    if [ -n "$trace" ]; then sqlite3 "$WORK/server.sqlite" ".backup '$trace/before.sqlite'"; fi
    # CRM_BENCH_UPSTREAM=unix: behind nginx the server listens on a Unix domain socket instead of a
    # port. At 24,000 devices that saved the server about 3 % of its arrival cost and cost nginx
    # about as much (Docs/BENCHMARKS.md, 2026-12-07, twenty-first session), so TCP stays the default.
    local socket=""
    if [ "$FRONT" = nginx ] && [ "${CRM_BENCH_UPSTREAM:-tcp}" = unix ]; then socket="$WORK/server.sock"; fi
    CRM_SERVER_SQL_TRACE="${trace:+$trace/writer.trace}" start_server "$db" sqlite "$socket"
    url="http://127.0.0.1:$PORT"
    if [ "$FRONT" = nginx ]; then
        if [ -n "$socket" ]; then start_front "unix:$socket"; else start_front "127.0.0.1:$PORT"; fi
        url="$FRONT_URL"
    fi
    if [ -n "${CRM_BENCH_PERF:-}" ]; then profile_sqlite "${SERVER_PIDS[-1]}" & fi
    sqlite_run "$url" "${SERVER_PIDS[-1]}" ${FRONT_PID:+"$FRONT_PID"}
    server_usage "${SERVER_PIDS[-1]}"
    tail_reads "$url"
    if [ -n "$FRONT_PID" ]; then front_usage; stop_front; fi
    kill "${SERVER_PIDS[-1]}"; wait "${SERVER_PIDS[-1]}" 2>/dev/null || true
    unset 'SERVER_PIDS[-1]'
    if [ -n "$trace" ]; then sqlite3 "$WORK/server.sqlite" ".backup '$trace/after.sqlite'"; fi
}

# CPU seconds of the cluster's nginx (master and workers), from the pid file cluster.sh keeps.
cluster_nginx_cpu() {
    local master pids
    master="$(cat "$CRM_CLUSTER_STATE/nginx/nginx.pid" 2>/dev/null || true)"
    [ -n "$master" ] || { echo "?"; return; }
    pids="$master $(pgrep -P "$master" | tr '\n' ' ')"
    for pid in $pids; do ps -o times= -p "$pid"; done | awk '{ sum += $1 } END { print sum + 0 }'
}

# CPU seconds of the PostgreSQL server and its backends (the postmaster's pid is the first line of
# postmaster.pid in its data folder, which the server itself reports).
postgres_cpu() {
    local data master pids
    data="$(psql -X -A -t "$1" -c 'SHOW data_directory' 2>/dev/null || true)"
    master="$(head -1 "$data/postmaster.pid" 2>/dev/null || true)"
    [ -n "$master" ] || { echo "?"; return; }
    pids="$master $(pgrep -P "$master" | tr '\n' ' ')"
    for pid in $pids; do ps -o times= -p "$pid"; done | awk '{ sum += $1 } END { print sum + 0 }'
}

# With CRM_PG_STATEMENTS=1 (pg_stat_statements loaded by scripts/postgres.sh): PostgreSQL's time in
# each statement since it started (setup and logins included), the dearest first, with the pages
# each call read from shared buffers, then each table's scans and dead rows.
statement_times() {
    echo "PostgreSQL's time by statement (pg_stat_statements, since start):"
    psql -q -X "$1" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
    psql -X -A -F ' | ' "$1" -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms,
        round((total_exec_time / calls)::numeric, 3) AS mean_ms, rows,
        round(shared_blks_hit::numeric / calls, 1) AS blocks_hit_per_call,
        regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS query
        FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15"
    # Scans, dead rows and how often autovacuum and autoanalyze ran: plans PostgreSQL cached
    # before the first ANALYZE are kept until one runs.
    echo "PostgreSQL's tables (pg_stat_user_tables):"
    psql -X -A -F ' | ' "$1" -c "SELECT relname, seq_scan, idx_scan, n_live_tup, n_dead_tup, n_tup_hot_upd,
        pg_relation_size(relid) / 8192 AS pages, autovacuum_count, autoanalyze_count
        FROM pg_stat_user_tables ORDER BY relname"
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

# The cluster's process groups for the CPU split: both instances, nginx's master, the postmaster.
cluster_groups() {
    local instances master data
    instances="$(sed -n 's/^instance=\([0-9]*\):.*/\1/p' "$WORK/cluster.out" | paste -sd, -)"
    master="$(cat "$CRM_CLUSTER_STATE/nginx/nginx.pid")"
    data="$(psql -X -A -t "$1" -c 'SHOW data_directory')"
    echo "$instances $master $(head -1 "$data/postmaster.pid")"
}

# The cluster's floor: GET /healthz through nginx under wrk for 10 s (no auth, no store), CPU of
# the instances and nginx per request. Prints the ms per request.
cluster_floor() {
    local url="$1" groups before after requests
    read -r -a groups < <(cluster_groups "$2")
    before=0; after=0
    for pid in ${groups[0]//,/ } "${groups[1]}"; do before=$(( before + $(tree_ticks "$pid") )); done
    wrk -t 2 -c 64 -d 10s "$url/healthz" >"$WORK/wrk-floor.out" 2>&1
    for pid in ${groups[0]//,/ } "${groups[1]}"; do after=$(( after + $(tree_ticks "$pid") )); done
    requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/wrk-floor.out")"
    awk -v r="$requests" -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f\n", t * 1000 / hz / r }'
    echo "cluster floor: GET /healthz through nginx under wrk (64 connections, 10 s): $requests requests," \
        "instances + nginx $(awk -v r="$requests" -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" \
            'BEGIN { printf "%.3f", t * 1000 / hz / r }') ms CPU per request" >&2
}

# CRM_BENCH_PERF=DIR: `perf record -g` of the instances and of PostgreSQL's processes for 20 s,
# from 20 s into the run, into DIR/instances.data and DIR/postgres.data. perf costs CPU itself, so
# profile and measure in separate runs.
profile_cluster() {
    local postgres
    mkdir -p "$CRM_BENCH_PERF"
    sleep 20
    postgres="$(echo "$3" $(cat "/proc/$3/task/$3/children") | tr ' ' ',')"
    perf record -g -F 499 -p "$1" -o "$CRM_BENCH_PERF/instances.data" -- sleep 20 >/dev/null 2>&1 &
    perf record -g -F 499 -p "$postgres" -o "$CRM_BENCH_PERF/postgres.data" -- sleep 20 >/dev/null 2>&1 &
    wait
}

# CRM_BENCH_PERF=DIR on SQLite: the whole machine's profile (`perf record -a`: `-p` follows only
# the threads alive when it starts, and GRDB's writer runs on dispatch threads made later) into
# DIR/sqlite.data, the server's PID into DIR/sqlite.pid: `perf report --pid "$(cat DIR/sqlite.pid)"`.
profile_sqlite() {
    mkdir -p "$CRM_BENCH_PERF"
    echo "$1" >"$CRM_BENCH_PERF/sqlite.pid"
    sleep 20
    perf record -g -F 499 -a -o "$CRM_BENCH_PERF/sqlite.data" -- sleep 20 >/dev/null 2>&1
}

# The steady window of a crm-load run started at epoch START whose report is in OUT, as
# "FROM TO" in epoch seconds: from one interval after the sync phase began (every client has synced
# once) to its end; nothing when the report has no phase times.
steady_bounds() {
    local login sync
    login="$(sed -n 's/^login phase: \([0-9.]*\) s; sync phase: .*/\1/p' "$2")"
    sync="$(sed -n 's/^login phase: .* s; sync phase: \([0-9.]*\) s/\1/p' "$2")"
    [ -n "$login" ] && [ -n "$sync" ] || return 0
    awk -v s="$1" -v l="$login" -v y="$sync" -v i="$INTERVAL" 'BEGIN { printf "%.3f %.3f\n", s + l + i, s + l + y }'
}

# crm-load against the SQLite server (and its front nginx, if any: FRONT is its master's PID) with a
# CPU sampler beside it; then their CPU per sync request over the steady window, the requests in
# it being crm-load's sync-phase rate times its length (no access log here). nginx is sampled
# apart, so the server's figure is crm-server's alone.
sqlite_run() {
    local url="$1" server="$2" front="${3:-}" start sampler threads rate from="" to="" window
    # shellcheck disable=SC2086
    cpu_sampler "$WORK/cpu.samples" "$$" "$server" $front &
    sampler="$!"
    thread_sampler "$WORK/threads.samples" "$server" &
    threads="$!"
    start="$(date +%s.%N)"
    run_load "$url" > >(tee "$WORK/load.out") || echo "crm-load exited $?"
    kill "$sampler" "$threads" 2>/dev/null || true
    wait "$sampler" "$threads" 2>/dev/null || true
    rate="$(sed -n 's/^throughput: \([0-9.]*\) requests\/s.*/\1/p' "$WORK/load.out")"
    read -r from to < <(steady_bounds "$start" "$WORK/load.out") || true
    [ -n "$to" ] && [ -n "$rate" ] || { echo "steady window: crm-load printed no phase times"; return; }
    window="$(window_cpu "$WORK/cpu.samples" "$from" "$to")"
    if [ "$window" = "-" ]; then echo "steady window: fewer than two samples"; return; fi
    # shellcheck disable=SC2086
    set -- $window
    awk -v a="$1" -v b="$2" -v server="$3" -v front="${5:+$4}" -v load="${5:-$4}" -v rate="$rate" \
        -v la="$(cut -d' ' -f1-3 /proc/loadavg)" -v floor="$FLOOR" -v cores="$(nproc)" '
        BEGIN {
            s = b - a; r = rate * s
            printf "steady window: %.1f s, about %d %s (%.1f requests/s); load average now %s\n", s, r,
                floor ? "requests (GET /healthz, the floor)" : "sync requests", rate, la
            printf "CPU ms per %s in the steady window: server %.3f (%.2f s), crm-load %.3f (%.2f s)",
                floor ? "floor request" : "sync request", server * 1000 / r, server, load * 1000 / r, load
            if (front != "") printf ", nginx %.3f (%.2f s)", front * 1000 / r, front
            printf "\n"
            total = server + load + (front != "" ? front : 0)
            printf "together in the steady window: %.3f ms per request, %.2f of %d cores busy\n",
                total * 1000 / r, total / s, cores
        }'
    thread_wait "$WORK/threads.samples" "$from" "$to"
}

# crm-load against the cluster with a CPU sampler of every part running beside it; then the split
# over the steady window: from one interval after the sync phase began (every client has synced
# once) to its end.
cluster_run() {
    local url="$1" pg="$2" groups floor start sampler from="" to=""
    read -r -a groups < <(cluster_groups "$pg")
    floor="$(cluster_floor "$url" "$pg" 2>"$WORK/floor.err")"
    cat "$WORK/floor.err"
    cpu_sampler "$WORK/cpu.samples" "$$" "${groups[@]}" &
    sampler="$!"
    if [ -n "${CRM_BENCH_PERF:-}" ]; then profile_cluster "${groups[@]}" & fi
    start="$(date +%s.%N)"
    # Not a pipe: crm-load must stay a child of this shell, where the sampler looks for it.
    run_load "$url" > >(tee "$WORK/load.out") || echo "crm-load exited $?"
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    sleep 1.5 # the access log is flushed every second
    read -r from to < <(steady_bounds "$start" "$WORK/load.out") || true
    [ -n "$to" ] || { echo "steady window: crm-load printed no phase times"; return; }
    print_split "$WORK/cpu.samples" "$CRM_CLUSTER_STATE/nginx/access.log" "$from" "$to" "$floor"
}

bench_postgres() {
    local url pg
    if [ -x scripts/cluster.sh ]; then
        echo "== (b) two crm-server instances behind nginx on PostgreSQL: $CLIENTS clients in $TENANTS tenants"
        # The cluster's state (nginx.conf, logs, PostgreSQL) in this run's folder, which nginx's
        # user can reach (a work tree's .build-cluster may sit below folders it cannot enter).
        export CRM_CLUSTER_STATE="$WORK/cluster"
        chmod 755 "$WORK"
        scripts/cluster.sh start --instances 2 --binary "$BIN/crm-server" --log-level error \
            --tenant load-bootstrap --user load --password "$CRM_LOAD_PASSWORD" --cost 4 >"$WORK/cluster.out"
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
    if [ -n "$CLUSTER_STARTED" ]; then
        cluster_run "$url" "$pg"
    else
        run_load "$url" || echo "crm-load exited $?"
    fi
    if [ -z "$CLUSTER_STARTED" ]; then
        server_usage "${SERVER_PIDS[-1]}"
    else
        local word
        for word in $(sed -n 's/^instance=//p' "$WORK/cluster.out"); do
            echo "instance ${word%%:*}: $(server_usage "${word%%:*}")"
        done
        echo "nginx CPU time: $(cluster_nginx_cpu) s (master and workers); PostgreSQL CPU time: $(postgres_cpu "$pg") s"
    fi
    if [ "${CRM_PG_STATEMENTS:-}" = 1 ]; then statement_times "$pg"; fi
    copy_baseline "$pg"
}

echo "crm-server load bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB," \
    "commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The cost of one request next to the framework's floor (/healthz under wrk), before the load runs:
# the same binaries, the same minute of this machine's load.
# The bytes a day of field work puts on the wire against the legacy way (crm-load network), and push
# and pull latency and CPU against logs of 1,000 to 10,000,000 changes on both stores (LOG_SIZES).
if [ -n "$SIDE_STEPS" ]; then
    CRM_BENCH_BIN="$BIN" scripts/bench-request-cpu.sh --skip-build || echo "bench-request-cpu exited $?"
    # The same floor as the devices arrive, one request per connection every --interval (as many
    # connections as one process may hold, up to --clients).
    hard="$(ulimit -Hn)"
    paced="$CLIENTS"
    if [ "$hard" != unlimited ] && [ "$paced" -gt $((hard - 500)) ]; then paced=$((hard - 500)); fi
    CRM_BENCH_BIN="$BIN" scripts/bench-healthz-paced.sh --skip-build --clients "$paced" --interval "$INTERVAL" \
        || echo "bench-healthz-paced exited $?"
    CRM_BENCH_BIN="$BIN" scripts/bench-network.sh --skip-build || echo "bench-network exited $?"
    CRM_BENCH_BIN="$BIN" scripts/bench-log-size.sh --skip-build --sizes "${LOG_SIZES:-1000,1000000,10000000}" \
        || echo "bench-log-size exited $?"
fi
case "$ONLY" in
    sqlite) bench_sqlite ;;
    postgres) bench_postgres ;;
    all) bench_sqlite; bench_postgres ;;
    *) log "--only $ONLY: expected sqlite or postgres"; exit 64 ;;
esac
