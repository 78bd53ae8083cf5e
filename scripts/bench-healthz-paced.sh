#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# The framework's floor under the load bench's arrival pattern: crm-server's CPU per GET /healthz
# when --clients kept-alive connections each send one every --interval seconds (scripts/healthz-paced.py),
# as crm-load's devices send their syncs, against the same under wrk's back-to-back load. Under wrk
# each wake-up of an event loop serves many requests; here most serve one, so the wake-ups, epoll
# and the scheduling between threads are paid per request. The mix's cost per request in
# `bench-server.sh` is fairly compared with this floor, not with wrk's.
#   scripts/bench-healthz-paced.sh [--clients 6000] [--interval 10] [--duration 40] [--skip-build]
# CRM_BENCH_BIN names another build. One crm-server on a fresh SQLite log on 127.0.0.1, stopped by
# its PID on exit; wrk is Debian's package, installed when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLIENTS=6000
INTERVAL=10
DURATION=40
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --clients) CLIENTS="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        *) echo "bench-healthz-paced: unknown option $1" >&2; exit 64 ;;
    esac
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -gt "$((CLIENTS + 100))" ] || { echo "bench-healthz-paced: ulimit -n $(ulimit -n) is too low for $CLIENTS clients" >&2; exit 1; }
cd "$ROOT"
if [ -n "$BUILD" ]; then swift build -c release --product crm-server >&2; fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/release}"
WORK="$(mktemp -d /tmp/crm-bench-healthz.XXXXXX)"
PACED=""
cleanup() {
    for pid in ${SERVED_PID:-} $PACED; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
PASSWORD="bench-healthz-paced-password"
source "$ROOT/scripts/bench-server-lib.sh"
ensure_wrk
bench_tenant "sqlite:$WORK/server.sqlite"
serve "sqlite:$WORK/server.sqlite" server
PORT="${SERVED_URL##*:}"
HZ="$(getconf CLK_TCK)"
ticks() { awk '{ print $14 + $15 }' "/proc/$SERVED_PID/stat"; }

echo "== crm-server CPU per GET /healthz, wrk against paced: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
before="$(ticks)"
wrk -t 2 -c 64 -d 10s "$SERVED_URL/healthz" >"$WORK/wrk.out"
after="$(ticks)"
wrk_requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/wrk.out")"

python3 "$ROOT/scripts/healthz-paced.py" --port "$PORT" --clients "$CLIENTS" --interval "$INTERVAL" \
    --duration "$DURATION" >"$WORK/paced.out" 2>"$WORK/paced.err" &
PACED="$!"
# The window's edges as the client announces them, each within 50 ms; bounded by the run's length.
wait_for() {
    for _ in $(seq 1 $((20 * (60 + DURATION * 2)))); do
        grep -q "$1" "$WORK/paced.err" && return 0
        kill -0 "$PACED" 2>/dev/null || { cat "$WORK/paced.err" >&2; exit 1; }
        sleep 0.05
    done
    echo "bench-healthz-paced: the client never said '$1'" >&2
    exit 1
}
wait_for "window open"
open="$(ticks)"
wait_for "window closed"
closed="$(ticks)"
wait "$PACED"
PACED=""
read -r paced_requests paced_errors <"$WORK/paced.out"
[ "$paced_errors" -eq 0 ] || { echo "bench-healthz-paced: $paced_errors errors" >&2; exit 1; }
awk -v r="$wrk_requests" -v t="$((after - before))" -v pr="$paced_requests" -v pt="$((closed - open))" \
    -v hz="$HZ" -v c="$CLIENTS" -v i="$INTERVAL" 'BEGIN {
    w = t * 1000 / hz / r; p = pt * 1000 / hz / pr
    printf "%-52s %10s %14s\n", "GET /healthz", "requests", "CPU ms/request"
    printf "%-52s %10d %14.3f\n", "wrk, 64 connections back to back", r, w
    printf "%-52s %10d %14.3f\n", sprintf("paced, %d connections, one request each %g s", c, i), pr, p
    printf "paced at %.1fx wrk'"'"'s cost per request\n", p / w }'
