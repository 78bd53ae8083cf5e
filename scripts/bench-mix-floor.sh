#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# The load bench's mix next to its own floor, both measured in one run (`make bench-mix-floor`):
#   1. the mix: scripts/bench-server.sh --only sqlite --load-only, --clients devices syncing every
#      --interval s for --duration s: the server's CPU per sync request in the steady window;
#   2. the same run again with the server tracing its writer's statements (CRM_BENCH_SQL_TRACE),
#      which scripts/push-floor.py replays on a copy of the log as it was before the run, from the
#      first push on, with SQLite configured as the server configures it (process settings, page
#      cache, planner stability, the writer's cache size and automatic checkpoint; its passive
#      checkpoints are in the trace), checking that the replay ends where the server did, Python's
#      own call per statement measured and taken off: what SQLite alone takes for the mix's
#      writes, its reads inside the pushes included;
#   3. on a copy of the log after that run, served by crm-server on 127.0.0.1: GET /healthz under
#      wrk (the framework's floor per request), then scripts/mix-floor.py: the tenant's row each
#      pull reads in SQLite alone, and real pull answers of the run's mean size compressed by zstd
#      alone, as the server compresses them; then, on a fresh log, /healthz paced as the devices
#      send their requests (scripts/bench-healthz-paced.sh), when ulimit -n allows the connections;
#   4. the mix's arrival pattern alone: bench-server.sh --floor, the same devices, connections, front
#      and pacing sending GET /healthz in place of each pull and push, nothing synced: what crm-server,
#      nginx (when in front) and crm-load take for the requests as they arrive, before any sync work.
# The floor of a sync request is the framework's plus, spread over all sync requests, the writes,
# the pulls' head rows and their compression: what the framework, SQLite and zstd alone take for
# the same content. Left out, so the floor is a little low: the token's lookup (sessions are kept in
# memory) and writing the JSON.
# The machine's floor a sync request is step 4's three parts together plus the writes, the head rows
# and the compression; at the offered rate (two requests a device an interval) it needs that many
# cores. Where that is more than the machine has, no code of ours can make the mix fit on it; where
# it is less, what the parts cost above it is ours to cut.
#   scripts/bench-mix-floor.sh [--clients 12000] [--interval 10] [--duration 60] [--skip-build]
# Where bench-server.sh puts nginx in front (more devices than the server's descriptor limit, as at
# 24,000), nginx's CPU is printed apart; the default 12,000 devices need none.
# CRM_BENCH_BIN names another build to measure. Everything binds to 127.0.0.1; every process
# started here is stopped by its PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLIENTS=12000
INTERVAL=10
DURATION=60
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --clients) CLIENTS="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        *) echo "bench-mix-floor: unknown option $1" >&2; exit 64 ;;
    esac
done
log() { echo "bench-mix-floor: $*" >&2; }

# ensure_wrk and serve (sets SERVED_PID and SERVED_URL).
source "$ROOT/scripts/bench-server-lib.sh"
ensure_wrk

cd "$ROOT"
if [ -n "$BUILD" ]; then
    swift build -c release --product crm-server >&2
    swift build -c release --product crm-load >&2
fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/release}"
WORK="$(mktemp -d /tmp/crm-bench-mix-floor.XXXXXX)"
SERVED_PID=""
cleanup() {
    if [ -n "$SERVED_PID" ]; then kill "$SERVED_PID" 2>/dev/null || true; wait "$SERVED_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
export CRM_LOAD_PASSWORD="load-bench-password"
PASSWORD="$CRM_LOAD_PASSWORD"
LOAD=(--only sqlite --load-only --skip-build --clients "$CLIENTS" --interval "$INTERVAL" --duration "$DURATION")

# Sync requests crm-load completed in a run (its pull and push counts).
requests() { sed -n 's/^\(pull\|push\) .*(n=\([0-9]*\))$/\2/p' "$1" | awk '{ s += $1 } END { print s + 0 }'; }
# "SERVER CRM_LOAD NGINX" (0 without a front) from bench-server.sh's steady-window line LABEL in FILE.
parts() {
    awk -v label="$1" 'index($0, label " in the steady window: ") == 1 {
        for (i = 1; i <= NF; i++) {
            if ($i == "server") s = $(i + 1); else if ($i == "crm-load") l = $(i + 1); else if ($i == "nginx") n = $(i + 1)
        }
        print s, l, n + 0 }' "$2"
}
passed() { grep -q '^verification: passed' "$1" || { log "the $2 run did not verify:"; cat "$1" >&2; exit 1; }; }

echo "== the mix and its floor: $CLIENTS devices every $INTERVAL s for $DURATION s, one crm-server on SQLite," \
    "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "1/4: the mix"
CRM_BENCH_BIN="$BIN" scripts/bench-server.sh "${LOAD[@]}" >"$WORK/mix.out" 2>"$WORK/mix.err"
passed "$WORK/mix.out" mix
MIX="$(parts "CPU ms per sync request" "$WORK/mix.out")"
[ -n "$MIX" ] || { log "the mix's run printed no steady window:"; cat "$WORK/mix.out" >&2; exit 1; }
grep -E '^(pull|push) .*p50|^throughput' "$WORK/mix.out"

log "2/4: the same mix, the writer's statements traced"
mkdir -p "$WORK/trace"
CRM_BENCH_SQL_TRACE="$WORK/trace" CRM_BENCH_BIN="$BIN" scripts/bench-server.sh "${LOAD[@]}" \
    >"$WORK/traced.out" 2>"$WORK/traced.err"
passed "$WORK/traced.out" traced
TRACED_REQUESTS="$(requests "$WORK/traced.out")"
echo "traced run: $(grep '^throughput' "$WORK/traced.out")"
# A replay that does not end where the server did fails the run (set -e).
REPLAYED="$(scripts/push-floor.py --trace "$WORK/trace/writer.trace" \
    --before "$WORK/trace/before.sqlite" --after "$WORK/trace/after.sqlite" --pushes "$TRACED_REQUESTS" \
    --from-first-push --cache-kib 262144 --autocheckpoint 262144 --server-sqlite)"
read -r STATEMENTS REPLAY CALLS <<<"$REPLAYED"
WRITES="$(awk -v r="$REPLAY" -v c="$CALLS" 'BEGIN { printf "%.4f", r - c }')"

log "3/4: the framework's floor, the pulls' head rows and their compression"
cp "$WORK/trace/after.sqlite" "$WORK/served.sqlite"
serve "sqlite:$WORK/served.sqlite" served
ticks() { awk '{ print $14 + $15 }' "/proc/$SERVED_PID/stat"; }
before="$(ticks)"
wrk -t 2 -c 64 -d 10s "$SERVED_URL/healthz" >"$WORK/wrk.out"
after="$(ticks)"
HEALTHZ_REQUESTS="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/wrk.out")"
HEALTHZ="$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$HEALTHZ_REQUESTS" \
    'BEGIN { printf "%.4f", t * 1000 / hz / n }')"
# A token of each of up to 20 tenants (crm-load names them load-0, load-1, …, or load when there is
# one), as a new device of the run's user.
TENANTS=$(( (CLIENTS + 19) / 20 ))
for index in $(seq 0 $(( TENANTS < 20 ? TENANTS - 1 : 19 ))); do
    tenant="load-$index"
    [ "$TENANTS" -gt 1 ] || tenant=load
    id="$(sqlite3 "$WORK/served.sqlite" "SELECT id FROM tenants WHERE name = '$tenant'")"
    token="$(curl -sf "$SERVED_URL/v1/session" -H 'Content-Type: application/json' \
        -d "{\"tenant\":\"$tenant\",\"user\":\"load\",\"password\":\"$PASSWORD\",\"device_id\":\"$(python3 -c 'import uuid; print(uuid.uuid4())')\",\"device_name\":\"floor\"}" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
    echo "$id $token"
done >"$WORK/tokens"
# The mean changes a pull of the traced run carried: changes pulled over pulls, each a second.
PULLS="$(sed -n 's/^pull .*(n=\([0-9]*\))$/\1/p' "$WORK/traced.out")"
PER_PULL="$(awk -v share="$(awk -v p="$PULLS" -v r="$TRACED_REQUESTS" 'BEGIN { print p / r }')" \
    'index($0, "throughput:") == 1 { print int($8 / ($2 * share) + 0.5) }' "$WORK/traced.out")"
PULL_FLOOR="$(scripts/mix-floor.py --db "$WORK/served.sqlite" --url "$SERVED_URL" --tokens "$WORK/tokens" \
    --changes "$PER_PULL")"
read -r HEAD ZSTD PAGE_CHANGES PAGE_BYTES <<<"$PULL_FLOOR"
kill "$SERVED_PID"; wait "$SERVED_PID" 2>/dev/null || true
SERVED_PID=""
# The framework's floor as the devices arrive (scripts/bench-healthz-paced.sh): as many kept-alive
# connections, each sending one /healthz every half interval, as each device sends two requests an
# interval (a device's push and pull come back to back, the paced requests evenly).
PACED="-"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt "$((CLIENTS + 100))" ]; then
    log "the framework's floor as the devices arrive"
    if CRM_BENCH_BIN="$BIN" scripts/bench-healthz-paced.sh --skip-build --clients "$CLIENTS" \
        --interval "$(awk -v i="$INTERVAL" 'BEGIN { print i / 2 }')" --duration 40 >"$WORK/paced.out" 2>"$WORK/paced.err"
    then
        PACED="$(awk 'index($0, "paced, ") == 1 { print $NF }' "$WORK/paced.out")"
    else
        log "the paced floor failed (left out):"; tail -5 "$WORK/paced.err" >&2
    fi
else
    log "the paced floor needs $((CLIENTS + 100)) descriptors, more than ulimit -n $(ulimit -n): left out"
fi

log "4/4: the mix's arrival pattern alone (GET /healthz in place of each pull and push)"
CRM_BENCH_BIN="$BIN" scripts/bench-server.sh "${LOAD[@]}" --floor >"$WORK/arrival.out" 2>"$WORK/arrival.err"
passed "$WORK/arrival.out" arrival
grep -E '^(pull|push) .*p50|^throughput|^errors' "$WORK/arrival.out" | sed 's/^/arrival: /'
ARRIVAL="$(parts "CPU ms per floor request" "$WORK/arrival.out")"
[ -n "$ARRIVAL" ] || { log "the arrival run printed no steady window:"; cat "$WORK/arrival.out" >&2; exit 1; }

# shellcheck disable=SC2086
set -- $MIX
read -r ARRIVAL_SERVER ARRIVAL_LOAD ARRIVAL_NGINX <<<"$ARRIVAL"
awk -v server="$1" -v load="$2" -v nginx="$3" -v aserver="$ARRIVAL_SERVER" -v aload="$ARRIVAL_LOAD" \
    -v anginx="$ARRIVAL_NGINX" -v cores="$(nproc)" -v offered="$(awk -v c="$CLIENTS" -v i="$INTERVAL" 'BEGIN { print 2 * c / i }')" \
    -v healthz="$HEALTHZ" -v writes="$WRITES" -v head="$HEAD" -v zstd="$ZSTD" \
    -v share="$(awk -v p="$PULLS" -v r="$TRACED_REQUESTS" 'BEGIN { print p / r }')" -v statements="$STATEMENTS" -v replay="$REPLAY" -v calls="$CALLS" -v paced="$PACED" \
    -v requests="$TRACED_REQUESTS" -v changes="$PAGE_CHANGES" -v bytes="$PAGE_BYTES" -v per="$PER_PULL" 'BEGIN {
    h = head * share; z = zstd * share; floor = healthz + writes + h + z
    printf "%-68s %14s\n", "CPU ms per sync request", "ms"
    printf "%-68s %14.3f\n", "the mix: crm-server (steady window of run 1)", server
    printf "%-68s %14.3f\n", "the mix: crm-load", load
    printf "%-68s %14.3f\n", "framework: GET /healthz under wrk", healthz
    printf "%-68s %14.3f\n", sprintf("SQLite alone: the mix'"'"'s writes (%d statements replayed, run 2)", statements), writes
    printf "%-68s %14s\n", sprintf("  (the replay %.3f, less Python'"'"'s own calls %.3f)", replay, calls), ""
    printf "%-68s %14.3f\n", "SQLite alone: each pull'"'"'s head row", h
    printf "%-68s %14.3f\n", sprintf("zstd alone: the pull answers (%.1f changes, %d bytes plain)", changes, bytes), z
    printf "%-68s %14.3f\n", "the mix'"'"'s floor (the four above)", floor
    verdict = floor > 0.25 ? "above" : "below"
    printf "crm-server at %.2fx the mix'"'"'s floor and %.1fx /healthz; the floor is %s 0.25 ms (#18)\n", server / floor, server / healthz, verdict
    if (paced != "-") {
        pfloor = floor - healthz + paced
        printf "%-68s %14.3f\n", "framework: GET /healthz paced as the devices send", paced
        printf "%-68s %14.3f\n", "the mix'"'"'s floor with /healthz paced", pfloor
        verdict = pfloor > 0.25 ? "above" : "below"
        printf "crm-server at %.2fx that floor; it is %s 0.25 ms\n", server / pfloor, verdict
    }
    if (nginx > 0) printf "%-68s %14.3f\n", "the mix: nginx in front", nginx
    arrival = aserver + aload + anginx
    printf "%-68s %14.3f\n", "arrival alone (run 4): crm-server", aserver
    if (anginx > 0) printf "%-68s %14.3f\n", "arrival alone: nginx", anginx
    printf "%-68s %14.3f\n", "arrival alone: crm-load", aload
    machine = arrival + writes + h + z
    printf "%-68s %14.3f\n", "the machine'"'"'s floor: arrival alone, SQLite'"'"'s and zstd'"'"'s", machine
    mix = server + load + nginx
    printf "above it, a sync request: crm-server %.3f ms, crm-load %.3f", server - aserver - writes - h - z, load - aload
    if (nginx > 0) printf ", nginx %.3f", nginx - anginx
    printf "\n"
    printf "at the %.0f requests/s offered: the mix needs %.2f cores, its machine floor %.2f, of %d: the floor is %s the machine\n",
        offered, mix * offered / 1000, machine * offered / 1000, cores, (machine * offered / 1000 > cores ? "above" : "below")
    printf "(%d sync requests in run 2, %.0f changes a pull asked for)\n", requests, per }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
