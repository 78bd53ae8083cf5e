#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# A crm-server cluster on loopback: PostgreSQL, N crm-server instances and nginx balancing them.
#   scripts/cluster.sh start [--instances N] [--binary PATH] [--log-level LEVEL]
#                            [--tenant T --user U --password P [--role R] [--cost C]]
#       starts everything and prints, on stdout:
#           url=http://127.0.0.1:PORT          nginx, the address clients use
#           postgres=postgres://...            the database every instance shares
#           instance=PID:PORT                  one line per crm-server instance
#       and exits 0 once /healthz answers through nginx and from every instance.
#   scripts/cluster.sh stop      stops nginx, the instances and PostgreSQL by their PIDs
#                                (SIGTERM, a bounded wait, then SIGKILL) and deletes the state
#   scripts/cluster.sh status    prints the same lines with each process's state; exit 0 when all run
# Everything listens on 127.0.0.1 only. State (PIDs, logs, nginx.conf) lives in .build-cluster/
# (git-ignored); set CRM_CLUSTER_STATE to use another folder. nginx runs as a non-root user: the
# caller, or `crmtest` when run as root (the user scripts/postgres.sh uses). Docs/SERVER.md.
# The instances reach PostgreSQL over its unix socket (CRM_CLUSTER_PG_TCP=1: TCP loopback), each
# with CRM_CLUSTER_DB_CONNECTIONS connections (default 4, `serve --db-connections`): on a 2-core
# machine fewer, busier backends cost less CPU per request (Docs/BENCHMARKS.md, 2026-12-05).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE_DIR="${CRM_CLUSTER_STATE:-$ROOT/.build-cluster}"
STATE="$STATE_DIR/cluster.env"
RUN_AS_ROOT_USER=crmtest
WAIT_SECONDS=30
DB_CONNECTIONS="${CRM_CLUSTER_DB_CONNECTIONS:-4}"

log() { echo "cluster.sh: $*" >&2; }
die() { log "$*"; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

usage() {
    echo "usage: scripts/cluster.sh start [--instances N] [--binary PATH] [--log-level LEVEL]" \
        "[--tenant T --user U --password P [--role R] [--cost C]] | stop | status" >&2
    exit 64
}

# nginx from Debian, installed when missing. Debian's package would start a system nginx on port
# 80; the policy-rc.d that containers ship prevents that, and we never use that instance anyway.
nginx_bin() {
    if [ ! -x /usr/sbin/nginx ]; then
        log "nginx is missing; installing it from Debian"
        as_root apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nginx >&2
    fi
    [ -x /usr/sbin/nginx ] || die "nginx is still missing after apt-get install"
    echo /usr/sbin/nginx
}

# The OS user nginx runs as: ourselves, or `crmtest` (created if needed) when we are root.
nginx_user() {
    if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
    if ! id "$RUN_AS_ROOT_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS_ROOT_USER"
    fi
    echo "$RUN_AS_ROOT_USER"
}

as_user() {
    local user="$1"; shift
    if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# 0 when GET URL/healthz answers 200 within 2 s.
healthy() { curl -fsS --max-time 2 -o /dev/null "$1/healthz" 2>/dev/null; }

# 0 when PID is alive and its command line contains TEXT (guards against a recycled PID).
alive() {
    local pid="$1" text="$2"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$text"
}

# SIGTERM, up to 10 s for the process to go, then SIGKILL and up to 5 s more.
stop_pid() {
    local pid="$1" text="$2" signal="${3:-TERM}"
    alive "$pid" "$text" || return 0
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" "$text" || return 0; sleep 0.1; done
    log "pid $pid ($text) ignored SIG$signal for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" "$text" || return 0; sleep 0.1; done
    log "pid $pid ($text) is still there after SIGKILL"
}

# Starts one crm-server on a free port (it binds port 0 and reports the port) and echoes PID:PORT.
start_instance() {
    local index="$1" out="$STATE_DIR/instance-$1.out" err="$STATE_DIR/instance-$1.log" pid port=""
    : >"$out"
    setsid "$BINARY" serve --db "$DB_URL" --db-connections "$DB_CONNECTIONS" --host 127.0.0.1 --port 0 \
        --trusted-proxy 127.0.0.1 \
        --log-level "$LOG_LEVEL" </dev/null >"$out" 2>"$err" &
    pid=$!
    for _ in $(seq 1 $((WAIT_SECONDS * 10))); do
        port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out" | head -1)"
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$err" >&2; die "crm-server instance $index exited while starting"; }
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$err" >&2; die "crm-server instance $index did not report its port in ${WAIT_SECONDS} s"; }
    echo "$pid:$port"
}

# nginx.conf for the instances given as PID:PORT words. Passive health checks only (open-source
# nginx has no active ones): a refused or reset connection, a timeout, 502 or 503 moves the
# request to the next instance, and an instance with max_fails failures within fail_timeout is
# left out for fail_timeout. POSTs are retried too (`non_idempotent`): a push is idempotent by
# change id (the server de-duplicates a re-sent change), and a repeated login only mints a token
# nobody received. Docs/SERVER.md, "The cluster".
write_nginx_conf() {
    local dir="$1" port="$2"; shift 2
    local servers="" word workers files
    for word in "$@"; do
        servers+="        server 127.0.0.1:${word#*:} max_fails=2 fail_timeout=10s;"$'\n'
    done
    # Each worker has a descriptor limit of its own (at most the hard limit: raising that needs
    # CAP_SYS_RESOURCE), and every client and upstream connection takes one. At least 4 workers,
    # each allowed all but 1,000 of its descriptors, with `reuseport` spreading new connections
    # over them, hold 24,000 clients under a hard limit of 20,000.
    workers="$(nproc 2>/dev/null || echo 2)"
    if [ "$workers" -lt 4 ]; then workers=4; fi
    files="$(ulimit -Hn)"
    if [ "$files" = unlimited ] || [ "$files" -gt 65536 ]; then files=65536; fi
    cat >"$dir/nginx.conf" <<EOF
# Generated by scripts/cluster.sh; rewritten on every start.
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
worker_rlimit_nofile $files;

events {
    worker_connections $((files - 1000));
}

http {
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    log_format upstreams '\$remote_addr [\$time_iso8601] "\$request" \$status '
                         'upstream=\$upstream_addr upstream_status=\$upstream_status time=\$request_time msec=\$msec';
    access_log $dir/access.log upstreams buffer=64k flush=1s;
    client_max_body_size 4m;
    keepalive_timeout 65s;
    keepalive_requests 10000;

    upstream crm_servers {
$servers        keepalive 64;
    }

    server {
        listen 127.0.0.1:$port reuseport backlog=4096;
        location / {
            proxy_pass http://crm_servers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            proxy_send_timeout 60s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 3;
            proxy_next_upstream_timeout 15s;
        }
    }
}
EOF
}

start() {
    local instances=2 tenant="" user="" password="" role=manager cost=""
    BINARY="$ROOT/.build/debug/crm-server"
    LOG_LEVEL=info
    while [ $# -gt 0 ]; do
        case "$1" in
            --instances) instances="${2:-}"; shift 2 ;;
            --log-level) LOG_LEVEL="${2:-}"; shift 2 ;;
            --binary) BINARY="${2:-}"; shift 2 ;;
            --tenant) tenant="${2:-}"; shift 2 ;;
            --user) user="${2:-}"; shift 2 ;;
            --password) password="${2:-}"; shift 2 ;;
            --role) role="${2:-}"; shift 2 ;;
            --cost) cost="${2:-}"; shift 2 ;;
            *) log "unknown option '$1'"; usage ;;
        esac
    done
    [[ "$instances" =~ ^[0-9]+$ ]] && [ "$instances" -ge 2 ] && [ "$instances" -le 16 ] \
        || die "--instances $instances: expected a number from 2 to 16 (each keeps $DB_CONNECTIONS PostgreSQL connections)"
    [ -x "$BINARY" ] || die "crm-server binary '$BINARY' is missing; run swift build (or pass --binary PATH)"
    BINARY="$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")"
    if [ -n "$tenant$user$password" ] && { [ -z "$tenant" ] || [ -z "$user" ] || [ -z "$password" ]; }; then
        die "--tenant, --user and --password go together"
    fi
    [ ! -f "$STATE" ] || die "a cluster is already running (state in $STATE_DIR); run scripts/cluster.sh stop first"
    command -v curl >/dev/null 2>&1 || die "curl is missing; run make deps (or apt-get install curl)"
    local nginx owner
    nginx="$(nginx_bin)"
    owner="$(nginx_user)"
    mkdir -p "$STATE_DIR"
    rm -f "$STATE_DIR"/instance-*.out "$STATE_DIR"/instance-*.log
    # Whatever fails from here on leaves nothing running.
    trap 'log "start failed; stopping what was started"; stop >&2 || true' EXIT
    : >"$STATE"

    # A PostgreSQL left behind by a start that was itself killed belongs to no cluster: drop it.
    CRM_PG_STATE="$STATE_DIR/postgres" "$ROOT/scripts/postgres.sh" stop >/dev/null 2>&1 || true
    DB_URL="$(CRM_PG_STATE="$STATE_DIR/postgres" "$ROOT/scripts/postgres.sh" start)"
    if [ "${CRM_CLUSTER_PG_TCP:-0}" != 1 ]; then
        DB_URL="$(CRM_PG_STATE="$STATE_DIR/postgres" "$ROOT/scripts/postgres.sh" socket-url)"
    fi
    printf 'DB_URL=%q\nBINARY=%q\n' "$DB_URL" "$BINARY" >>"$STATE"
    if [ -n "$tenant" ]; then
        "$BINARY" tenant add --db "$DB_URL" "$tenant" >/dev/null
        printf '%s\n' "$password" | "$BINARY" user add --db "$DB_URL" --tenant "$tenant" --name "$user" \
            --role "$role" ${cost:+--cost "$cost"} >/dev/null
    fi

    local words=() word index
    for index in $(seq 1 "$instances"); do
        word="$(start_instance "$index")"
        words+=("$word")
        printf 'INSTANCE_%d=%q\n' "$index" "$word" >>"$STATE"
    done

    local dir="$STATE_DIR/nginx" port
    rm -rf "$dir"
    mkdir -p "$dir/tmp"
    port="$(free_port)"
    write_nginx_conf "$dir" "$port" "${words[@]}"
    chown -R "$owner" "$dir"
    as_user "$owner" test -r "$dir/nginx.conf" || die "nginx runs as $owner, who cannot reach $dir;" \
        "make its parent folders searchable (chmod o+x) or set CRM_CLUSTER_STATE to a folder under /tmp"
    as_user "$owner" "$nginx" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" \
        || { cat "$dir/error.log" >&2 2>/dev/null; die "nginx did not start (config $dir/nginx.conf)"; }
    local nginx_pid=""
    for _ in $(seq 1 50); do
        nginx_pid="$(cat "$dir/nginx.pid" 2>/dev/null || true)"
        [ -n "$nginx_pid" ] && break
        sleep 0.1
    done
    [ -n "$nginx_pid" ] || die "nginx wrote no pid file in $dir"
    printf 'NGINX_PID=%q\nNGINX_PORT=%q\nINSTANCES=%q\n' "$nginx_pid" "$port" "$instances" >>"$STATE"

    local url="http://127.0.0.1:$port" ready=""
    for _ in $(seq 1 $((WAIT_SECONDS * 10))); do
        ready=yes
        healthy "$url" || ready=""
        for word in "${words[@]}"; do healthy "http://127.0.0.1:${word#*:}" || ready=""; done
        [ -n "$ready" ] && break
        sleep 0.1
    done
    [ -n "$ready" ] || die "/healthz did not answer through nginx ($url) within ${WAIT_SECONDS} s"
    trap - EXIT
    log "running: nginx pid $nginx_pid as $owner, ${#words[@]} instances, state in $STATE_DIR"
    echo "url=$url"
    echo "postgres=$DB_URL"
    for word in "${words[@]}"; do echo "instance=$word"; done
}

stop() {
    if [ ! -f "$STATE" ]; then log "not running"; return 0; fi
    # shellcheck disable=SC1090
    . "$STATE"
    stop_pid "${NGINX_PID:-}" nginx QUIT
    local index word
    for index in $(seq 1 "${INSTANCES:-16}"); do
        word="$(eval echo "\${INSTANCE_$index:-}")"
        [ -n "$word" ] && stop_pid "${word%%:*}" crm-server
    done
    CRM_PG_STATE="$STATE_DIR/postgres" "$ROOT/scripts/postgres.sh" stop
    rm -f "$STATE"
    log "stopped"
}

status() {
    if [ ! -f "$STATE" ]; then log "not running"; return 3; fi
    # shellcheck disable=SC1090
    . "$STATE"
    local code=0 index word
    if alive "${NGINX_PID:-}" nginx && healthy "http://127.0.0.1:$NGINX_PORT"; then
        echo "url=http://127.0.0.1:$NGINX_PORT running"
    else
        echo "url=http://127.0.0.1:${NGINX_PORT:-?} down"; code=1
    fi
    if CRM_PG_STATE="$STATE_DIR/postgres" "$ROOT/scripts/postgres.sh" url >/dev/null 2>&1; then
        echo "postgres=$DB_URL running"
    else
        echo "postgres=$DB_URL down"; code=1
    fi
    for index in $(seq 1 "${INSTANCES:-0}"); do
        word="$(eval echo "\${INSTANCE_$index:-}")"
        if alive "${word%%:*}" crm-server && healthy "http://127.0.0.1:${word#*:}"; then
            echo "instance=$word running"
        else
            echo "instance=$word down"; code=1
        fi
    done
    return $code
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
