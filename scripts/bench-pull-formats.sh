#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# What a pulled page costs crm-server in CPU in each pull format (SYNC.md "Pull rows"): objects,
# `format=rows` and `format=rows2`, gzip asked for as `crm sync` does, the same page of --changes
# changes each time, under wrk for --seconds per format and round; then each format's compressed
# body size. One crm-server (release) on a fresh SQLite log on 127.0.0.1, stopped by its PID on exit.
#   scripts/bench-pull-formats.sh [--changes 331] [--seconds 5] [--rounds 2] [--skip-build]
# CRM_BENCH_BIN names another build. wrk is Debian's package (scripts/bench-request-cpu.sh installs it). make bench-pull-formats.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CHANGES=331
SECONDS_EACH=5
ROUNDS=2
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --changes) CHANGES="$2"; shift 2 ;;
        --seconds) SECONDS_EACH="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        *) echo "bench-pull-formats: unknown option $1" >&2; exit 64 ;;
    esac
done
command -v wrk >/dev/null 2>&1 || { echo "bench-pull-formats: wrk is missing; make bench-request-cpu installs it (Debian package wrk)" >&2; exit 1; }
cd "$ROOT"
if [ -n "$BUILD" ]; then swift build -c release --product crm-server >&2; fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/release}"
WORK="$(mktemp -d /tmp/crm-bench-pull-formats.XXXXXX)"
PID=""
cleanup() {
    for pid in $PID ${SERVED_PID:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

DB="sqlite:$WORK/server.sqlite"
PASSWORD="bench-pull-formats-password"
# bench_tenant, serve (sets SERVED_PID and SERVED_URL) and login.
source "$ROOT/scripts/bench-server-lib.sh"
bench_tenant "$DB"
serve "$DB" server
PID="$SERVED_PID"
URL="$SERVED_URL"
read -r PUSH_TOKEN PUSH_DEVICE < <(login)
read -r TOKEN1 _ < <(login)
read -r TOKEN2 _ < <(login)
# One device pushes one field at a time for a few seconds: thousands of changes, more than a page.
TOKENS="$PUSH_TOKEN" DEVICES="$PUSH_DEVICE" HLC_TIME="$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%S.000Z)" \
    wrk -t 1 -c 1 -d 3s -s "$ROOT/scripts/wrk/push.lua" "$URL" >/dev/null
HEAD="$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT last_seq FROM tenants").fetchone()[0])' "$WORK/server.sqlite")"
[ "$HEAD" -ge "$CHANGES" ] || { echo "bench-pull-formats: only $HEAD changes were pushed; ask for fewer" >&2; exit 1; }
AFTER=$((HEAD - CHANGES))
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
HZ="$(getconf CLK_TCK)"
echo "== crm-server CPU per pull of $CHANGES changes by format: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    for format in objects rows rows2; do
        query=""
        [ "$format" = objects ] || query="&format=$format"
        before="$(ticks)"
        requests="$(TOKENS="$TOKEN1,$TOKEN2" AFTER="$AFTER" FORMAT="$query" wrk -t 2 -c 8 -d "${SECONDS_EACH}s" \
            -s "$ROOT/scripts/wrk/pull.lua" "$URL" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')"
        after="$(ticks)"
        awk -v f="$format" -v r="$round" -v n="$requests" -v t="$((after - before))" -v hz="$HZ" \
            'BEGIN { printf "round %d  %-8s %8d requests %10.3f ms/request\n", r, f, n, t * 1000 / hz / n }'
    done
done
for format in objects rows rows2; do
    query=""
    [ "$format" = objects ] || query="&format=$format"
    bytes="$(curl -sf -H "Authorization: Bearer $TOKEN1" -H 'Accept-Encoding: gzip' \
        "$URL/v1/changes?after=$AFTER&exclude_own=1$query" | wc -c)"
    echo "$format: $bytes bytes of gzip-compressed body"
done
