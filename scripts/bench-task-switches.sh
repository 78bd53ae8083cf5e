#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# How often Swift's runtime parks a sync request's task and enqueues it again, and where
# (Docs/BENCHMARKS.md, 2026-12-07): a `bench-server.sh --only sqlite --load-only` run with uprobes
# on libswift_Concurrency's swift_task_switch (its resume function) and swift_task_enqueue,
# recorded for 5 s of the steady phase, then scripts/task-switches.py. The probes slow the server
# while they record: read the counts, not the run's CPU figures.
#
#   scripts/bench-task-switches.sh [--clients N] [--start S] [--skip-build]
#   (CRM_BENCH_BIN as for bench-server.sh; needs root for perf probe)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=12000 start=40 build=()
while [ $# -gt 0 ]; do
    case "$1" in
        --clients) clients="$2"; shift 2 ;;
        --start) start="$2"; shift 2 ;;
        --skip-build) build=(--skip-build); shift ;;
        *) echo "bench-task-switches: unknown argument $1" >&2; exit 64 ;;
    esac
done
command -v perf >/dev/null || { echo "bench-task-switches: needs perf (apt-get install linux-perf)" >&2; exit 69; }
runtime="$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/linux/libswift_Concurrency.so"
[ -f "$runtime" ] || { echo "bench-task-switches: no $runtime (the toolchain's Swift runtime)" >&2; exit 69; }
work="$(mktemp -d)"
cleanup() { perf probe -q -d 'probe_libswift_Concurrency:*' 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
perf probe -q -d 'probe_libswift_Concurrency:*' 2>/dev/null || true
perf probe -q -x "$runtime" --add 'swift_task_switch fn=%di:u64'
perf probe -q -x "$runtime" --add swift_task_enqueue
(
    sleep "$start"
    pid="$(pgrep -x crm-server | head -1)"
    cat "/proc/$pid/maps" >"$work/maps"
    perf record -q -e probe_libswift_Concurrency:swift_task_switch -e probe_libswift_Concurrency:swift_task_enqueue \
        -p "$pid" -o "$work/perf.data" -- sleep 5 >/dev/null 2>&1
) &
recorder=$!
scripts/bench-server.sh --only sqlite --clients "$clients" --interval 10 --duration 60 --load-only "${build[@]}" \
    >"$work/bench.out" 2>&1 || { cat "$work/bench.out" >&2; exit 1; }
wait "$recorder"
grep -E "^throughput|^errors|^verification" "$work/bench.out"
perf script -i "$work/perf.data" >"$work/script.txt" 2>/dev/null
scripts/task-switches.py "$work/script.txt" "$work/maps"
