#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# The network bench (`make bench-network`, also a step of `make bench-server`): the bytes one team's
# day of field work puts on the wire, synced against the legacy way (whole records as JSON), in one
# run, through a real crm-server on SQLite on 127.0.0.1 (crm-load network; Docs/SERVER.md,
# "Network"). The records are contacts and deals with every column of the Salesforce export in
# ../shared/fixtures/salesforce-export. Bytes do not depend on the build type, so the debug build
# is used unless CRM_BENCH_BIN names another.
#   scripts/bench-network.sh [--devices 20] [--records 20] [--fields 1-5] [--sync-every 1] [--skip-build]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEVICES=20
RECORDS=20
FIELDS=1-5
SYNC_EVERY=1
BUILD=1
FIXTURES="${CRM_FIXTURES:-$ROOT/../shared/fixtures/salesforce-export}"
while [ $# -gt 0 ]; do
    case "$1" in
        --devices) DEVICES="$2"; shift 2 ;;
        --records) RECORDS="$2"; shift 2 ;;
        --fields) FIELDS="$2"; shift 2 ;;
        --sync-every) SYNC_EVERY="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        *) echo "bench-network: unknown option $1" >&2; exit 64 ;;
    esac
done
export CRM_LOAD_PASSWORD="load-bench-password"
cd "$ROOT"
if [ ! -f "$FIXTURES/Contact.csv" ]; then
    echo "bench-network: $FIXTURES/Contact.csv is missing: set CRM_FIXTURES to the Salesforce export folder" >&2
    exit 1
fi
if [ -n "$BUILD" ]; then
    swift build --product crm-server >&2
    swift build --product crm-load >&2
fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/debug}"
WORK="$(mktemp -d /tmp/crm-bench-network.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "== network: a day of field work, synced against the legacy way ($(date -u '+%Y-%m-%d %H:%M UTC'), $BIN)"
"$BIN/crm-load" setup --db "sqlite:$WORK/server.sqlite" --tenant network >&2
"$BIN/crm-server" serve --db "sqlite:$WORK/server.sqlite" --port 0 --log-level error >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 300); do
    PORT="$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$WORK/server.out")"
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "bench-network: crm-server did not start:" >&2; cat "$WORK/server.err" >&2; exit 1; }
"$BIN/crm-load" network --url "http://127.0.0.1:$PORT" --tenant network --devices "$DEVICES" --records "$RECORDS" \
    --fields "$FIELDS" --sync-every "$SYNC_EVERY" --fixtures "$FIXTURES"
