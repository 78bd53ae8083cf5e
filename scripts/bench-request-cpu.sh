#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# What one request costs crm-server in CPU, next to the framework's own floor, in one run:
#   floor  GET /healthz                          (no auth, no store: Hummingbird and the kernel)
#   pull   GET /v1/changes?after=HEAD, a token   (auth, the store, an empty page)
#   push   POST /v1/changes, one field each      (auth, decode, validate, plan, group commit), from
#          as many devices as the other phases have connections (64), each waiting for its answer;
#          --push-devices 8 shows small groups, so more commits and fsyncs per push
#   pull-head  GET /v1/changes?after=HEAD         (the same empty page, after the pushes)
#   pull-page  GET /v1/changes?after=HEAD-64      (the last 64 pushed changes as clients ask, rows2 and gzip:
#          read, encoded and compressed on every request, as a device's pull in a busy team)
#   pull-page-zstd, pull-page-plain  (the same page in zstd, as crm sync asks it, and uncompressed:
#          the difference is what compressing it costs)
# each under wrk for --seconds, one after the other against one crm-server on a fresh SQLite log.
# The server's CPU is read from /proc/PID/stat before and after each phase and divided by the
# requests wrk completed; the ratio to the floor is printed too, because on a shared machine the
# absolute figures move with the neighbours' load while the ratio moves much less.
#   scripts/bench-request-cpu.sh [--seconds 10] [--connections 64] [--push-devices 64] [--skip-build]
#                               [--no-push-floor]
# Then the page's own floor: its reads in the sqlite3 CLI (rows printed as JSON) and its answer
# deflated by libdeflate, each alone (scripts/pull-floor.py), plus /healthz.
# Then the push's own floor: the same push phase once more against a copy of the database on a
# second server started with CRM_SERVER_SQL_TRACE, whose writer's statements scripts/push-floor.py
# replays in the same transactions on another copy, with SQLite configured as the server configures
# it, checking it ends where the server did; the replay's CPU per push, Python's own calls taken
# off, is what SQLite alone takes for the phase's writes (--no-push-floor skips it).
# CRM_BENCH_BIN names another build to measure (e.g. a copy of main's release binaries).
# CRM_BENCH_PERF=DIR records each phase with `perf record -g` into DIR/PHASE.data (floor, pull,
# push, pull-head, pull-page, pull-page-zstd, pull-page-plain); perf's own cost then shows in the figures, so profile and measure in separate runs.
# wrk is Debian's package, installed when missing. Everything binds to 127.0.0.1; the server
# started here is stopped by its PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH=10
CONNECTIONS=64
PUSH_DEVICES=64
BUILD=1
PUSH_FLOOR=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_EACH="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --push-devices) PUSH_DEVICES="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        --no-push-floor) PUSH_FLOOR=""; shift ;;
        *) echo "bench-request-cpu: unknown option $1" >&2; exit 64 ;;
    esac
done
log() { echo "bench-request-cpu: $*" >&2; }

# bench_tenant, serve (sets SERVED_PID and SERVED_URL), login and ensure_wrk.
source "$ROOT/scripts/bench-server-lib.sh"
ensure_wrk

cd "$ROOT"
if [ -n "$BUILD" ]; then swift build -c release --product crm-server >&2; fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/release}"
WORK="$(mktemp -d /tmp/crm-bench-cpu.XXXXXX)"
PID=""
FLOOR_PID=""
cleanup() {
    for pid in $PID $FLOOR_PID ${SERVED_PID:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

DB="sqlite:$WORK/server.sqlite"
PASSWORD="bench-request-cpu-password"
bench_tenant "$DB"
serve "$DB" server
PID="$SERVED_PID"
URL="$SERVED_URL"

# utime + stime of the server, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/${PHASE_PID:-$PID}/stat"; }
HZ="$(getconf CLK_TCK)"

# Runs wrk (arguments after the phase's name as given) and prints "requests cpu_ms_per_request".
phase() {
    local name="$1" before after requests perf=""
    shift
    if [ -n "${CRM_BENCH_PERF:-}" ]; then
        mkdir -p "$CRM_BENCH_PERF"
        perf record -g -F 999 -p "$PID" -o "$CRM_BENCH_PERF/$name.data" 2>"$WORK/perf.err" &
        perf="$!"
        sleep 0.5
    fi
    before="$(ticks)"
    wrk "$@" >"$WORK/wrk.out" 2>"$WORK/wrk.err" || { cat "$WORK/wrk.out" "$WORK/wrk.err" >&2; exit 1; }
    after="$(ticks)"
    if [ -n "$perf" ]; then kill -INT "$perf"; wait "$perf" || true; fi
    requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/wrk.out")"
    if grep -q "Non-2xx" "$WORK/wrk.out"; then log "wrk saw errors:"; cat "$WORK/wrk.out" "$WORK/wrk.err" >&2; exit 1; fi
    awk -v r="$requests" -v t="$((after - before))" -v hz="$HZ" 'BEGIN { printf "%d %.4f\n", r, t * 1000 / hz / r }'
}

PULL_TOKENS=""
for _ in 1 2; do read -r token _ < <(login); PULL_TOKENS="$PULL_TOKENS${PULL_TOKENS:+,}$token"; done
# Logs in $PUSH_DEVICES new devices; prints "TOKENS DEVICES", each a comma-separated list.
login_push_devices() {
    local tokens="" devices="" token device
    for _ in $(seq 1 "$PUSH_DEVICES"); do
        read -r token device < <(login)
        tokens="$tokens${tokens:+,}$token"
        devices="$devices${devices:+,}$device"
    done
    echo "$tokens $devices"
}
read -r PUSH_TOKENS PUSH_DEVICES_LIST < <(login_push_devices)

echo "== crm-server CPU per request against the /healthz floor: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "wrk $SECONDS_EACH s per phase"
read -r floor_requests floor < <(phase floor -t 2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" "$URL/healthz")
read -r pull_requests pull < <(TOKENS="$PULL_TOKENS" AFTER=0 phase pull -t 2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" \
    -s "$ROOT/scripts/wrk/pull.lua" "$URL")
# Bytes the server caused to be written to storage (/proc/PID/io): WAL frames, checkpoints.
written() { awk '/^write_bytes:/ { print $2 }' "/proc/$PID/io"; }
WRITTEN_BEFORE="$(written)"
read -r push_requests push < <(TOKENS="$PUSH_TOKENS" DEVICES="$PUSH_DEVICES_LIST" \
    HLC_TIME="$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%S.000Z)" \
    phase push -t "$PUSH_DEVICES" -c "$PUSH_DEVICES" -d "${SECONDS_EACH}s" -s "$ROOT/scripts/wrk/push.lua" "$URL")
WRITTEN_AFTER="$(written)"
HEAD_SEQ="$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT last_seq FROM tenants").fetchone()[0])' "$WORK/server.sqlite")"
read -r pull2_requests pull2 < <(TOKENS="$PULL_TOKENS" AFTER="$HEAD_SEQ" phase pull-head -t 2 -c "$CONNECTIONS" \
    -d "${SECONDS_EACH}s" -s "$ROOT/scripts/wrk/pull.lua" "$URL")
PAGE_AFTER=$((HEAD_SEQ > 64 ? HEAD_SEQ - 64 : 0))
read -r page_requests page < <(TOKENS="$PULL_TOKENS" AFTER="$PAGE_AFTER" FORMAT="&format=rows2" phase pull-page -t 2 -c "$CONNECTIONS" \
    -d "${SECONDS_EACH}s" -s "$ROOT/scripts/wrk/pull.lua" "$URL")
# The same page as crm sync asks it (zstd), and plain: what its compression costs the server.
read -r zpage_requests zpage < <(TOKENS="$PULL_TOKENS" AFTER="$PAGE_AFTER" FORMAT="&format=rows2" \
    ACCEPT_ENCODING="zstd, gzip" phase pull-page-zstd -t 2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" \
    -s "$ROOT/scripts/wrk/pull.lua" "$URL")
read -r ppage_requests ppage < <(TOKENS="$PULL_TOKENS" AFTER="$PAGE_AFTER" FORMAT="&format=rows2" \
    ACCEPT_ENCODING="identity" phase pull-page-plain -t 2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" \
    -s "$ROOT/scripts/wrk/pull.lua" "$URL")
# The page's floor (see the top): its reads in the sqlite3 CLI and its answer deflated by libdeflate.
PAGE_TOKEN="${PULL_TOKENS%%,*}"
curl -sf -H "Authorization: Bearer $PAGE_TOKEN" "$URL/v1/changes?after=$PAGE_AFTER&exclude_own=1&format=rows2" \
    -o "$WORK/page.json"
TENANT_ID="$(sqlite3 "$WORK/server.sqlite" "SELECT id FROM tenants")"
read -r sqlite_page deflate_page < <("$ROOT/scripts/pull-floor.py" --db "$WORK/server.sqlite" --tenant "$TENANT_ID" \
    --after "$PAGE_AFTER" --body "$WORK/page.json")
# The push's floor (see the top): fresh devices, so the phase writes new changes again.
if [ -n "$PUSH_FLOOR" ]; then
    read -r FLOOR_TOKENS FLOOR_DEVICES < <(login_push_devices)
    sqlite3 "$WORK/server.sqlite" ".backup '$WORK/floor-before.sqlite'"
    cp "$WORK/floor-before.sqlite" "$WORK/floor-traced.sqlite"
    CRM_SERVER_SQL_TRACE="$WORK/floor.trace" serve "sqlite:$WORK/floor-traced.sqlite" floor
    FLOOR_PID="$SERVED_PID"
    read -r traced_requests _ < <(RUN=1 PHASE_PID="$FLOOR_PID" TOKENS="$FLOOR_TOKENS" DEVICES="$FLOOR_DEVICES" \
        HLC_TIME="$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%S.000Z)" \
        phase push-traced -t "$PUSH_DEVICES" -c "$PUSH_DEVICES" -d "${SECONDS_EACH}s" -s "$ROOT/scripts/wrk/push.lua" \
        "$SERVED_URL")
    kill "$FLOOR_PID"
    wait "$FLOOR_PID" 2>/dev/null || true
    FLOOR_PID=""
    # A replay that does not end where the server did fails the run (set -e).
    replayed="$("$ROOT/scripts/push-floor.py" --trace "$WORK/floor.trace" \
        --before "$WORK/floor-before.sqlite" --after "$WORK/floor-traced.sqlite" --pushes "$traced_requests" \
        --server-sqlite)"
    # SQLite as the server configures it, Python's own calls taken off (scripts/push-floor.py).
    read -r _ replay_push calls_push <<<"$replayed"
    sqlite_push="$(awk -v r="$replay_push" -v c="$calls_push" 'BEGIN { printf "%.4f", r - c }')"
fi
printf "%-46s %10s %14s %10s\n" "request" "requests" "CPU ms/request" "x floor"
row() { awk -v n="$1" -v r="$2" -v c="$3" -v f="$floor" 'BEGIN { printf "%-46s %10d %14.3f %10.1f\n", n, r, c, c / f }'; }
row "GET /healthz (floor)" "$floor_requests" "$floor"
row "pull, empty log" "$pull_requests" "$pull"
row "push, 1 field, $PUSH_DEVICES devices in order" "$push_requests" "$push"
row "pull, nothing new after $HEAD_SEQ changes" "$pull2_requests" "$pull2"
row "pull, a page of the last $((HEAD_SEQ - PAGE_AFTER)) changes (rows2, gzip)" "$page_requests" "$page"
row "pull, the same page in zstd (as crm sync asks)" "$zpage_requests" "$zpage"
row "pull, the same page plain" "$ppage_requests" "$ppage"
awk -v s="$sqlite_page" -v d="$deflate_page" -v f="$floor" -v p="$page" 'BEGIN {
    printf "%-46s %10s %14.3f\n", "sqlite3 CLI alone, the page'"'"'s reads", "", s
    printf "%-46s %10s %14.3f\n", "libdeflate alone, the page'"'"'s answer", "", d
    printf "%-46s %10s %14.3f %10.1f\n", "page floor: /healthz + sqlite3 + libdeflate", "", f + s + d, (f + s + d) / f
    printf "pull page at %.1fx its floor (the framework, SQLite and libdeflate alone)\n", p / (f + s + d) }'
if [ -n "$PUSH_FLOOR" ]; then
    awk -v s="$sqlite_push" -v f="$floor" -v p="$push" -v n="$traced_requests" 'BEGIN {
        printf "%-46s %10d %14.3f\n", "SQLite alone, the same writes (replayed)", n, s
        printf "%-46s %10s %14.3f %10.1f\n", "push floor: /healthz + SQLite alone", "", f + s, (f + s) / f
        printf "push at %.1fx its floor (the framework and SQLite alone)\n", p / (f + s) }'
fi
awk -v b="$((WRITTEN_AFTER - WRITTEN_BEFORE))" -v n="$push_requests" \
    'BEGIN { printf "disk written during the pushes: %.1f MB, %.1f KB per pushed change\n", b / 1e6, b / 1024 / n }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
