# crm — a terminal-first CRM. Licensed under the MIT License.
#
# Sourced by the wrk benches (scripts/bench-request-cpu.sh, scripts/bench-pull-formats.sh,
# scripts/bench-healthz-paced.sh) and the load bench (scripts/bench-server.sh, for nginx only): wrk
# and nginx installed from Debian when missing, one
# tenant "bench" with a manager "bench" on a fresh SQLite log, crm-server started on it on
# 127.0.0.1, and devices logged in. The caller sets BIN (the binaries), WORK (a folder it removes)
# and PASSWORD, and stops the servers it started by their PIDs.

# Installs wrk (Debian's package) when it is missing, or fails saying so.
ensure_wrk() {
    command -v wrk >/dev/null 2>&1 && return 0
    echo "wrk is missing; installing it from Debian" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >&2
    command -v wrk >/dev/null 2>&1 || { echo "wrk is still missing after apt-get install" >&2; exit 1; }
}

# Installs nginx (Debian's package) when it is missing, or fails saying so: the load bench puts
# it in front of the SQLite instance (scripts/bench-server.sh, `--front`).
ensure_nginx() {
    [ -x /usr/sbin/nginx ] && return 0
    echo "nginx is missing; installing it from Debian" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >&2
    [ -x /usr/sbin/nginx ] || { echo "nginx is still missing after apt-get install" >&2; exit 1; }
}

# Creates the tenant and its user in the log at $1 (sqlite:PATH).
bench_tenant() {
    "$BIN/crm-server" tenant add bench --db "$1" >/dev/null
    echo "$PASSWORD" | "$BIN/crm-server" user add --tenant bench --name bench --role manager --cost 4 --db "$1" >/dev/null
}

# Starts crm-server on $1 with output files $WORK/$2.*, without rate limits; sets SERVED_PID and
# SERVED_URL once it listens, or fails after 30 s with its error output.
serve() {
    "$BIN/crm-server" serve --db "$1" --port 0 --log-level error --rate-limit 1000000 --rate-burst 1000000 \
        >"$WORK/$2.out" 2>"$WORK/$2.err" &
    SERVED_PID="$!"
    local port=""
    for _ in $(seq 1 300); do
        port="$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$WORK/$2.out")"
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "crm-server did not start:" >&2; cat "$WORK/$2.err" >&2; exit 1; }
    SERVED_URL="http://127.0.0.1:$port"
}

# Logs in as a new device at $1 (default $URL); prints "TOKEN DEVICE".
login() {
    local device url="${1:-$URL}"
    device="$(python3 -c 'import uuid; print(uuid.uuid4())')"
    curl -sf "$url/v1/session" -H 'Content-Type: application/json' \
        -d "{\"tenant\":\"bench\",\"user\":\"bench\",\"password\":\"$PASSWORD\",\"device_id\":\"$device\",\"device_name\":\"wrk\"}" \
        | python3 -c "import json, sys; print(json.load(sys.stdin)['token'], '$device')"
}
