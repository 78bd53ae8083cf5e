#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# End-to-end test of the cluster: scripts/cluster.sh starts PostgreSQL, two crm-server instances
# and nginx; three devices add contacts and edit one shared contact, syncing with real
# `crm sync now --once` runs through nginx. After a few rounds one instance gets SIGKILL while
# the devices keep going. Then:
#   - every sync that started after the kill succeeded (nginx moved the requests to the survivor);
#   - every contact a device saw acknowledged (a sync that left nothing pending) is on the server
#     exactly once: a fresh device pulls each id once, PostgreSQL holds one create per contact,
#     and every device's device_seq run is gap-free and without duplicates;
#   - the devices converge: the same contact ids and the same value of the shared field everywhere.
# Everything it started is stopped on exit (trap), however the test ends.
#
# Usage: Tests/e2e/cluster.sh [path/to/crm] [path/to/crm-server]   (default .build/debug/…)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
CRM="${1:-$ROOT/.build/debug/crm}"
SERVER="${2:-$ROOT/.build/debug/crm-server}"
for binary in "$CRM" "$SERVER"; do
    [ -x "$binary" ] || { echo "FAIL cluster: $binary is not an executable; run swift build first" >&2; exit 1; }
done
CRM="$(abs "$CRM")"
SERVER="$(abs "$SERVER")"

DEVICES=3
ROUNDS=8
KILL_AFTER=3 # rounds every device has finished before the kill
PASSWORD="cluster-e2e-password"

WORK="$(mktemp -d /tmp/crm-cluster-e2e.XXXXXX)"
chmod 755 "$WORK" # nginx runs as another user when this runs as root (scripts/cluster.sh)
export CRM_CLUSTER_STATE="$WORK/cluster" # its own cluster, whatever else runs in this worktree
LOOPS=()
cleanup() {
    local pid
    for pid in "${LOOPS[@]}"; do kill "$pid" 2>/dev/null || true; done
    "$ROOT/scripts/cluster.sh" stop >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL cluster: $1" >&2
    for log in "$CRM_CLUSTER_STATE"/instance-*.log "$CRM_CLUSTER_STATE"/nginx/error.log; do
        [ -s "$log" ] && { echo "--- $log (last lines) ---" >&2; tail -5 "$log" >&2; }
    done
    exit 1
}

# A number out of `crm … --json` output: json_field KEY < json.
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# The sorted ids of `crm contact list --json`.
json_ids() { python3 -c 'import json, sys; print("\n".join(sorted(c["id"] for c in json.load(sys.stdin))))'; }

started="$(date +%s)"
echo "starting the cluster (state in $CRM_CLUSTER_STATE)"
"$ROOT/scripts/cluster.sh" start --instances 2 --binary "$SERVER" \
    --tenant acme --user ana --password "$PASSWORD" --cost 4 >"$WORK/cluster.out" \
    || fail "scripts/cluster.sh start failed"
URL="$(sed -n 's/^url=//p' "$WORK/cluster.out")"
PG_URL="$(sed -n 's/^postgres=//p' "$WORK/cluster.out")"
mapfile -t INSTANCES < <(sed -n 's/^instance=//p' "$WORK/cluster.out")
[ -n "$URL" ] && [ -n "$PG_URL" ] && [ "${#INSTANCES[@]}" -eq 2 ] || fail "unexpected start output: $(cat "$WORK/cluster.out")"
VICTIM_PID="${INSTANCES[0]%%:*}"
VICTIM_PORT="${INSTANCES[0]#*:}"
SURVIVOR_PORT="${INSTANCES[1]#*:}"
echo "nginx $URL; instances ${INSTANCES[*]}; started in $(($(date +%s) - started)) s"

# crm for device N: its own database and its own token folder.
dev() {
    local n="$1"; shift
    XDG_CONFIG_HOME="$WORK/dev$n/config" "$CRM" --db "$WORK/dev$n/crm.sqlite" "$@"
}

for n in $(seq 0 "$DEVICES"); do # device 0 is the fresh one that checks the result at the end
    mkdir -p "$WORK/dev$n"
    dev "$n" init --user "Device $n" >/dev/null
    echo "$PASSWORD" | dev "$n" sync login --server "$URL" --tenant acme --user ana >/dev/null \
        || fail "device $n could not log in through nginx"
done
SHARED="$(dev 1 contact add --name "Shared Contact" --quiet)"
dev 1 sync now --once >/dev/null || fail "device 1 could not push the shared contact"
for n in $(seq 2 "$DEVICES"); do dev "$n" sync now --once >/dev/null || fail "device $n could not pull"; done

# One device's load: add a contact, edit the shared one, sync; record what the sync acknowledged.
# Every line of syncs: ROUND START_NANOS ok|failed.
device_loop() {
    local n="$1" round id start
    for round in $(seq 1 "$ROUNDS"); do
        id="$(dev "$n" contact add --name "Device $n round $round" --quiet)"
        echo "$id" >>"$WORK/dev$n/created"
        dev "$n" contact edit "$SHARED" --title "device $n round $round" --quiet >/dev/null
        start="$(date +%s%N)"
        if XDG_CONFIG_HOME="$WORK/dev$n/config" timeout 90 "$CRM" --db "$WORK/dev$n/crm.sqlite" sync now --once >/dev/null 2>>"$WORK/dev$n/sync.err" \
            </dev/null; then
            echo "$round $start ok" >>"$WORK/dev$n/syncs"
            if [ "$(dev "$n" sync status --json | json_field pending)" = 0 ]; then
                cp "$WORK/dev$n/created" "$WORK/dev$n/acked"
            fi
        else
            echo "$round $start failed" >>"$WORK/dev$n/syncs"
        fi
        echo "$round" >"$WORK/dev$n/round.next" && mv "$WORK/dev$n/round.next" "$WORK/dev$n/round"
    done
}
export -f dev device_loop json_field
export WORK CRM ROUNDS SHARED

for n in $(seq 1 "$DEVICES"); do
    XDG_CONFIG_HOME="$WORK/dev$n/config" bash -c "device_loop $n" &
    LOOPS+=($!)
done

# The kill: once every device has finished KILL_AFTER rounds (bounded wait).
for _ in $(seq 1 1200); do
    done_all=yes
    for n in $(seq 1 "$DEVICES"); do
        round="$(cat "$WORK/dev$n/round" 2>/dev/null || true)"
        [ "${round:-0}" -ge "$KILL_AFTER" ] || done_all=""
    done
    [ -n "$done_all" ] && break
    sleep 0.1
done
[ -n "$done_all" ] || fail "the devices did not finish $KILL_AFTER rounds in 120 s"
kill -KILL "$VICTIM_PID"
KILLED_AT="$(date +%s%N)"
echo "SIGKILL to instance $VICTIM_PID (port $VICTIM_PORT) after round $KILL_AFTER"

for pid in "${LOOPS[@]}"; do wait "$pid" || fail "a device loop failed"; done
LOOPS=()
# A killed process with many threads can take a moment to be torn down on a loaded machine (the
# make test run that first failed here checked right after the loops); a zombie counts as dead.
gone=""
for _ in $(seq 1 100); do
    state="$(awk '{ print $3 }' "/proc/$VICTIM_PID/stat" 2>/dev/null || true)"
    if [ -z "$state" ] || [ "$state" = Z ]; then gone=yes; break; fi
    sleep 0.1
done
[ -n "$gone" ] || fail "instance $VICTIM_PID survived SIGKILL for 10 s"

after=0
failed_after=0
failed_total=0
for n in $(seq 1 "$DEVICES"); do
    while read -r round start outcome; do
        [ "$outcome" = ok ] || failed_total=$((failed_total + 1))
        if [ "$start" -gt "$KILLED_AT" ]; then
            after=$((after + 1))
            [ "$outcome" = ok ] || failed_after=$((failed_after + 1))
        fi
    done <"$WORK/dev$n/syncs"
done
echo "syncs started after the kill: $after, failed: $failed_after; failed overall: $failed_total"
[ "$after" -ge "$DEVICES" ] || fail "only $after syncs started after the kill; the load ended too early"
[ "$failed_after" -eq 0 ] || fail "$failed_after syncs failed after the kill: $(cat "$WORK"/dev*/sync.err)"

# Drain: two passes, so every device has pushed before any device pulls for the last time.
for pass in 1 2; do
    for n in $(seq 1 "$DEVICES"); do
        dev "$n" sync now --once >/dev/null || fail "device $n could not sync on pass $pass"
        [ "$(dev "$n" sync status --json | json_field pending)" = 0 ] || fail "device $n still has pending changes"
    done
done
dev 0 sync now --once >/dev/null || fail "the fresh device could not pull"

# Exactly once: every created (and so every acknowledged) id once on the fresh device and once in
# PostgreSQL.
dev 0 contact list --json --limit 10000 | json_ids >"$WORK/fresh.ids"
expected=$((DEVICES * ROUNDS + 1))
[ "$(wc -l <"$WORK/fresh.ids")" -eq "$expected" ] \
    || fail "the fresh device has $(wc -l <"$WORK/fresh.ids") contacts, expected $expected"
[ -z "$(uniq -d "$WORK/fresh.ids")" ] || fail "contacts listed twice: $(uniq -d "$WORK/fresh.ids")"
acked=0
for n in $(seq 1 "$DEVICES"); do
    while read -r id; do
        grep -qx "$id" "$WORK/fresh.ids" || fail "contact $id, acknowledged to device $n, is not on the server"
    done <"$WORK/dev$n/created"
    [ -f "$WORK/dev$n/acked" ] && acked=$((acked + $(wc -l <"$WORK/dev$n/acked")))
done
[ "$acked" -gt 0 ] || fail "no sync was ever acknowledged with nothing pending"

sql() { psql "$PG_URL" -X -q -t -A -c "$1"; }
creates="$(sql "SELECT count(*) FROM changes WHERE entity = 'contact' AND op = 'create'")"
[ "$creates" -eq "$expected" ] || fail "PostgreSQL holds $creates contact creates, expected $expected"
doubles="$(sql "SELECT count(*) FROM (SELECT entity_id FROM changes WHERE entity = 'contact' AND op = 'create'
    GROUP BY entity_id HAVING count(*) > 1) AS twice")"
[ "$doubles" -eq 0 ] || fail "$doubles contacts were created twice in PostgreSQL"
gaps="$(sql "SELECT count(*) FROM (SELECT device_id FROM changes WHERE op <> 'conflict' GROUP BY device_id
    HAVING count(*) <> max(device_seq) OR min(device_seq) <> 1) AS broken")"
[ "$gaps" -eq 0 ] || fail "$gaps devices have gaps or duplicates in their device_seq run in PostgreSQL"
seqs="$(sql "SELECT count(*) = max(seq) FROM changes")"
[ "$seqs" = t ] || fail "the server's seqs are not 1…N without gaps"

# Convergence: the same contacts and the same shared title on every device.
title=""
for n in $(seq 1 "$DEVICES"); do
    dev "$n" contact list --json --limit 10000 | json_ids >"$WORK/dev$n.ids"
    cmp -s "$WORK/dev$n.ids" "$WORK/fresh.ids" || fail "device $n has other contacts than the server"
    t="$(dev "$n" contact show "$SHARED" --json | json_field title)"
    [ -z "$title" ] || [ "$t" = "$title" ] || fail "device $n shows title '$t', another device '$title'"
    title="$t"
done

# nginx sent the requests after the kill to the survivor; count those it retried there.
sleep 1.5 # the access log is flushed every second
served="$(grep -c "upstream=127.0.0.1:$SURVIVOR_PORT" "$CRM_CLUSTER_STATE/nginx/access.log" || true)"
retried="$(grep -c "upstream=127.0.0.1:$VICTIM_PORT, 127.0.0.1:$SURVIVOR_PORT" \
    "$CRM_CLUSTER_STATE/nginx/access.log" || true)"
[ "$served" -gt 0 ] || fail "nginx never reached the surviving instance"
echo "nginx: $served requests served by the survivor, $retried retried on it after the victim failed"
echo "PASS cluster: $expected contacts once each, $acked acknowledged ids checked, $DEVICES devices converged" \
    "on '$title', in $(($(date +%s) - started)) s"
