#!/usr/bin/env bash
# The physical floor of what an import writes, with sqlite3 alone (Docs/BENCHMARKS.md).
#
# Loads a contact CSV (name,email,phone,title,company, as `crm-bench --only import --keep` leaves
# it in its folder as import.csv) into a bare table, then writes the same rows set-wise into a fresh
# crm database: the contacts with their indexes, one change-log entry each, and their search
# documents. No parsing, validation or per-row work of crm's: what SQLite itself needs.
#
#   scripts/import-floor.sh CSV [CRM_BINARY]
set -euo pipefail
csv="${1:?usage: scripts/import-floor.sh CSV [CRM_BINARY]}"
crm="${2:-.build/release/crm}"
[ -f "$csv" ] || { echo "import-floor: no file $csv" >&2; exit 66; }
[ -x "$crm" ] || { echo "import-floor: no crm binary at $crm (swift build -c release --product crm)" >&2; exit 69; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$crm" --db "$work/floor.sqlite" init >/dev/null
rows="$(($(wc -l <"$csv") - 1))"
echo "import-floor: $rows rows of $csv"
sqlite3 "$work/floor.sqlite" <<SQL
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -524288;
CREATE TEMP TABLE raw (name, email, phone, title, company);
.import --csv --skip 1 $csv raw
.timer on
.print bare rows into contacts, with their indexes:
INSERT INTO contacts (id, name, email, phone, title, created_at, name_key, updated_at, hlc, hlc_device)
    SELECT lower(hex(randomblob(16))), name, email, phone, title, 1700000000000, lower(name), 1700000000000,
        1000000 + rowid, 'floor' FROM raw;
.print one change-log entry per row, its value the row as JSON:
INSERT INTO change_log (device_seq, change_id, tx_id, hlc, base_hlc, entity, entity_id, op, field, value)
    SELECT 1000000 + num, lower(hex(randomblob(16))), 1000000 + num / 5000, hlc, NULL, 'contact', id, 'create', NULL,
        json_object('name', name, 'email', email, 'phone', phone, 'title', title, 'created_at', created_at)
    FROM contacts;
.print one search document per row (FTS5, prefix indexes 1-3):
INSERT INTO search (rowid, title, body)
    SELECT num * 8 + 1, name, email || ' ' || phone || ' ' || replace(replace(phone, ' ', ''), '+', '') || ' ' || title
    FROM contacts;
SQL
