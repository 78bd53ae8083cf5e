#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# Push and pull against a large change log (`make bench-log-size`, also a step of `make bench-server`):
# for each store (SQLite, then a throwaway PostgreSQL from scripts/postgres.sh) and each size, a fresh
# log is filled with SIZE changes by a fast path in the server's own tables (SQLite: INSERT … SELECT
# over a recursive CTE through the sqlite3 CLI; PostgreSQL: INSERT … SELECT generate_series through
# psql), with every index, the field_state rows, the devices and the tenant's last_seq as the server
# keeps them; then a real crm-server serves it and `crm-load latency` times pushes, pulls from the head
# and pulls from a cursor five pages back, with the server's CPU per request (PostgreSQL's backends
# included). A table and the ratio of the largest size to the smallest close the run.
#
# The fill's shape (Docs/SERVER.md, "A log of a billion changes"): SIZE/20 contacts, each created once
# and then set 19 times over four fields (title, notes, address, external_id) by 20 devices, so the
# log has 20 changes per record and field_state 6 rows per record (the create's `_deleted` and name,
# the four fields' last writes).
# On logs of up to 100,000 changes the script checks that every field_state row is its register's last
# write in the log, and `crm-load latency` fails when a pull from the head returns changes or a push is
# refused (a fill that left last_seq behind would make the push collide), so a wrong fill ends the run.
#   scripts/bench-log-size.sh [--sizes 1000,1000000,10000000] [--stores sqlite,postgres] [--requests 200]
#                             [--skip-build]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZES=1000,1000000,10000000
STORES=sqlite,postgres
REQUESTS=200
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --stores) STORES="$2"; shift 2 ;;
        --requests) REQUESTS="$2"; shift 2 ;;
        --skip-build) BUILD=""; shift ;;
        *) echo "bench-log-size: unknown option $1" >&2; exit 64 ;;
    esac
done
export CRM_LOAD_PASSWORD="load-bench-password"
log() { echo "bench-log-size: $*" >&2; }

cd "$ROOT"
if [ -n "$BUILD" ]; then
    swift build --product crm-server >&2
    swift build --product crm-load >&2
fi
BIN="${CRM_BENCH_BIN:-$ROOT/.build/debug}"
WORK="$(mktemp -d /tmp/crm-bench-log-size.XXXXXX)"
export CRM_PG_STATE="$WORK/pg"
SERVER_PID=""
PG_STARTED=""
RESULTS="$WORK/results.txt"
: >"$RESULTS"
cleanup() {
    stop_server
    if [ -n "$PG_STARTED" ]; then scripts/postgres.sh stop >&2 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The first change is at this millisecond; change i is 1 ms later than change i-1.
EPOCH_MS=1790000000000

start_server() {
    # Emptied here, not by the background redirection: that may run after the first read below,
    # which would then find the previous server's port.
    : >"$WORK/server.out"
    "$BIN/crm-server" serve --db "$1" --port 0 --log-level error >"$WORK/server.out" 2>"$WORK/server.err" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 1 600); do
        PORT="$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$WORK/server.out")"
        [ -n "$PORT" ] && return 0
        sleep 0.1
    done
    log "crm-server did not start:"; cat "$WORK/server.err" >&2; exit 1
}

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# The fill of SQLite's tables for tenant $2 (user $3) with $4 changes, as SQL for the sqlite3 CLI.
sqlite_fill_sql() {
    local tenant="$2" user="$3" size="$4" records=$(( $4 / 20 ))
    cat <<EOF
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $size)
INSERT INTO changes (tenant_id, seq, change_id, device_id, device_seq, tx_id, hlc, hlc_wire, base_hlc, entity,
    entity_id, op, field, value, user_id, received_at, status, scope)
SELECT '$tenant', i, '01a24000-0000-7000-8000-' || printf('%012x', i),
    '01a24000-0000-7000-9000-' || printf('%012x', (i - 1) % 20), (i - 1) / 20 + 1, (i - 1) / 20 + 1,
    ($EPOCH_MS + i) << 16,
    strftime('%Y-%m-%dT%H:%M:%S', ($EPOCH_MS + i) / 1000, 'unixepoch')
        || printf('.%03dZ-0000-01a2400000007000', ($EPOCH_MS + i) % 1000),
    NULL, 'contact', '01a24001-0000-7000-8000-' || printf('%012x', (i - 1) % $records),
    CASE WHEN (i - 1) / $records = 0 THEN 'create' ELSE 'set' END,
    CASE WHEN (i - 1) / $records = 0 THEN NULL
        ELSE CASE ((i - 1) / $records - 1) % 4 WHEN 0 THEN 'title' WHEN 1 THEN 'notes' WHEN 2 THEN 'address'
            ELSE 'external_id' END END,
    CASE WHEN (i - 1) / $records = 0 THEN '{"name":"Fill contact ' || ((i - 1) % $records) || '"}'
        ELSE '"fill value ' || i || '"' END,
    '$user', $EPOCH_MS + i, 'applied', NULL
FROM n;
$(log_rest_sql "$tenant" "$size")
COMMIT;
EOF
}

# What follows the log's rows, the same SQL for both stores: field_state, the fill's 20 devices with
# their last device_seq, and the tenant's last_seq (tenant $1, $2 changes).
log_rest_sql() {
    local tenant="$1" size="$2"
    cat <<EOF
$(field_state_sql "$tenant" $(( size / 20 )))
INSERT INTO devices (tenant_id, id, user_id, name, last_device_seq, last_pull_seq, created_at)
SELECT DISTINCT tenant_id, device_id, user_id, 'fill device', $size / 20, 0, $EPOCH_MS FROM changes
WHERE tenant_id = '$tenant' AND seq <= 20;
UPDATE tenants SET last_seq = $size WHERE id = '$tenant';
EOF
}

# field_state from the log itself, the same SQL for both stores: the creates (seq ≤ records) give
# `_deleted` and `name`; the sets of the last four rounds (seq > 16 × records) are each field's last write.
field_state_sql() {
    local tenant="$1" records="$2"
    cat <<EOF
INSERT INTO field_state (tenant_id, entity, entity_id, field, value, hlc, device_id, user_id, seq)
SELECT tenant_id, entity, entity_id, '_deleted', 'false', hlc, device_id, user_id, seq FROM changes
WHERE tenant_id = '$tenant' AND seq <= $records
UNION ALL
SELECT tenant_id, entity, entity_id, 'name', '"Fill contact ' || (seq - 1) || '"', hlc, device_id, user_id, seq
FROM changes WHERE tenant_id = '$tenant' AND seq <= $records
UNION ALL
SELECT tenant_id, entity, entity_id, field, value, hlc, device_id, user_id, seq FROM changes
WHERE tenant_id = '$tenant' AND seq > 16 * $records;
EOF
}

# How many field_state rows of tenant $1 differ from the last change of their register in the log
# (0 when the fill kept field_state as the server does); run on logs of up to 100,000 changes.
field_state_check_sql() {
    cat <<EOF
SELECT count(*) FROM field_state f WHERE f.tenant_id = '$1' AND f.seq <> (
    SELECT max(c.seq) FROM changes c WHERE c.tenant_id = f.tenant_id AND c.entity = f.entity
    AND c.entity_id = f.entity_id AND (c.field = f.field OR (c.op = 'create' AND f.field IN ('_deleted', 'name'))));
EOF
}

# The same fill for PostgreSQL, through psql.
postgres_fill_sql() {
    local tenant="$1" user="$2" size="$3" records=$(( $3 / 20 ))
    cat <<EOF
SET TIME ZONE 'UTC';
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
BEGIN;
INSERT INTO changes (tenant_id, seq, change_id, device_id, device_seq, tx_id, hlc, hlc_wire, base_hlc, entity,
    entity_id, op, field, value, user_id, received_at, status, scope)
SELECT '$tenant', i, '01a24000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'),
    '01a24000-0000-7000-9000-' || lpad(to_hex((i - 1) % 20), 12, '0'), (i - 1) / 20 + 1, (i - 1) / 20 + 1,
    ($EPOCH_MS + i) << 16,
    to_char(to_timestamp(($EPOCH_MS + i) / 1000), 'YYYY-MM-DD"T"HH24:MI:SS') || '.'
        || lpad((($EPOCH_MS + i) % 1000)::text, 3, '0') || 'Z-0000-01a2400000007000',
    NULL, 'contact', '01a24001-0000-7000-8000-' || lpad(to_hex((i - 1) % $records), 12, '0'),
    CASE WHEN (i - 1) / $records = 0 THEN 'create' ELSE 'set' END,
    CASE WHEN (i - 1) / $records = 0 THEN NULL
        ELSE (ARRAY['title', 'notes', 'address', 'external_id'])[((i - 1) / $records - 1) % 4 + 1] END,
    CASE WHEN (i - 1) / $records = 0 THEN '{"name":"Fill contact ' || ((i - 1) % $records) || '"}'
        ELSE '"fill value ' || i || '"' END,
    '$user', $EPOCH_MS + i, 'applied', NULL
FROM generate_series(1::bigint, $size) AS i;
$(log_rest_sql "$tenant" "$size")
COMMIT;
ANALYZE;
EOF
}

# Seconds since $1 (date +%s.%N), two decimals.
since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

bench_sqlite() {
    local size="$1" db="$WORK/log-$1.sqlite" tenant user start
    "$BIN/crm-load" setup --db "sqlite:$db" --tenant big >&2
    tenant="$(sqlite3 "$db" "SELECT id FROM tenants WHERE name = 'big'")"
    user="$(sqlite3 "$db" "SELECT id FROM users WHERE tenant_id = '$tenant'")"
    start="$(date +%s.%N)"
    sqlite_fill_sql "$db" "$tenant" "$user" "$size" | sqlite3 "$db" >/dev/null
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    echo "sqlite $size: filled in $(since "$start") s; file $(du -h "$db" | cut -f1);" \
        "$(sqlite3 "$db" "SELECT count(*) FROM changes") changes, $(sqlite3 "$db" "SELECT count(*) FROM field_state")" \
        "field_state rows"
    if [ "$size" -le 100000 ] && [ "$(field_state_check_sql "$tenant" | sqlite3 "$db")" != 0 ]; then
        log "sqlite $size: field_state does not match the log's last writes"; exit 1
    fi
    start_server "sqlite:$db"
    "$BIN/crm-load" latency --url "http://127.0.0.1:$PORT" --tenant big --head "$size" --requests "$REQUESTS" \
        --server-pid "$SERVER_PID" --label "sqlite $size" | tee -a "$RESULTS"
    stop_server
    rm -f "$db" "$db-wal" "$db-shm"
}

bench_postgres() {
    local size="$1" pg tenant user start master data
    pg="$(scripts/postgres.sh start)"
    PG_STARTED=1
    "$BIN/crm-load" setup --db "$pg" --tenant big >&2
    tenant="$(psql -X -A -t "$pg" -c "SELECT id FROM tenants WHERE name = 'big'")"
    user="$(psql -X -A -t "$pg" -c "SELECT id FROM users WHERE tenant_id = '$tenant'")"
    start="$(date +%s.%N)"
    postgres_fill_sql "$tenant" "$user" "$size" | psql -q -X -v ON_ERROR_STOP=1 "$pg" >/dev/null
    echo "postgres $size: filled in $(since "$start") s; database" \
        "$(psql -X -A -t "$pg" -c "SELECT pg_size_pretty(pg_database_size(current_database()))");" \
        "$(psql -X -A -t "$pg" -c "SELECT count(*) FROM changes") changes"
    if [ "$size" -le 100000 ] && [ "$(field_state_check_sql "$tenant" | psql -X -A -t "$pg")" != 0 ]; then
        log "postgres $size: field_state does not match the log's last writes"; exit 1
    fi
    data="$(psql -X -A -t "$pg" -c 'SHOW data_directory')"
    master="$(head -1 "$data/postmaster.pid")"
    start_server "$pg"
    "$BIN/crm-load" latency --url "http://127.0.0.1:$PORT" --tenant big --head "$size" --requests "$REQUESTS" \
        --server-pid "$SERVER_PID" --postgres-pid "$master" --label "postgres $size" | tee -a "$RESULTS"
    stop_server
    scripts/postgres.sh stop >&2
    PG_STARTED=""
}

echo "== log size: push and pull against logs of $SIZES changes ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
    "$BIN, $REQUESTS timed requests of each kind)"
for store in ${STORES//,/ }; do
    for size in ${SIZES//,/ }; do
        if [ $(( size % 20 )) -ne 0 ] || [ "$size" -lt 20 ]; then log "--sizes: $size is not a multiple of 20"; exit 64; fi
        case "$store" in
            sqlite) bench_sqlite "$size" ;;
            postgres) bench_postgres "$size" ;;
            *) log "--stores: $store is not sqlite or postgres"; exit 64 ;;
        esac
    done
done
# The table, then each store's and kind's largest size against its smallest.
awk '
    { split($0, f, " "); key = f[2] " " f[4]; size = f[3]
      for (i = 5; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%-9s %11s %-9s p50 %8.2f ms  p99 %8.2f ms  CPU %7.3f ms/request\n", f[2], size, f[4], v["p50_ms"], v["p99_ms"], v["cpu_ms"]
      if (!(key in small) || size + 0 < smallSize[key]) { small[key] = v["p50_ms"]; smallCPU[key] = v["cpu_ms"]; smallSize[key] = size + 0 }
      if (!(key in large) || size + 0 > largeSize[key]) { large[key] = v["p50_ms"]; largeCPU[key] = v["cpu_ms"]; largeSize[key] = size + 0 } }
    END { for (key in large) if (largeSize[key] > smallSize[key])
        printf "ratio %-19s %d / %d changes: p50 %.2fx, CPU %.2fx (target within 1.3x)\n", key, largeSize[key], smallSize[key],
            large[key] / small[key], (smallCPU[key] > 0 ? largeCPU[key] / smallCPU[key] : 0) }
' "$RESULTS"
