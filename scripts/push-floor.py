#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""What SQLite alone takes for the writes of a push phase: the push's floor beside /healthz.

crm-server, started with CRM_SERVER_SQL_TRACE=TRACE, wrote every statement its writer connection
ran during a push phase, values included, each ending with a NUL byte. This replays them, in
order and in the same transactions (the group commits' BEGIN, SAVEPOINTs and COMMITs are in the
trace), against a copy of the database as it was before the phase, with the server's settings
(WAL, synchronous=FULL, temp_store=MEMORY), and prints the CPU the replay took per push.

The values are taken out of each statement again and bound as parameters, and the statements
are prepared once (sqlite3's statement cache), as the server's cached statements are; the
parsing is done before the clock starts. Python's own call per statement stays in the figure,
so the floor is, if anything, a little high. The token lookup each request makes on the
server's read-only connections is not traced, so it is left out, which makes it a little low.

The replay must end where the server ended: the changes, field states, devices and tenants of
the copy are compared with the server's file, and any difference fails the run (exit 1).

    scripts/push-floor.py --trace TRACE --before BEFORE.sqlite --after SERVER.sqlite --pushes N
"""
import argparse
import hashlib
import os
import resource
import shutil
import sqlite3
import sys
import tempfile

TABLES = {
    "changes": "tenant_id, seq",
    "field_state": "tenant_id, entity, entity_id, field",
    "devices": "tenant_id, id",
    "tenants": "id",
    "rejected_changes": "tenant_id, device_id, device_seq",
    "conflicts": "tenant_id, id",
}


def parameterize(sql):
    """The statement with its literal values replaced by ?, and the values (not for PRAGMAs)."""
    if sql.lstrip().upper().startswith("PRAGMA"):
        return sql, []
    out, values, i, n = [], [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'":
            j, text = i + 1, []
            while True:
                k = sql.index("'", j)
                text.append(sql[j:k])
                if k + 1 < n and sql[k + 1] == "'":
                    text.append("'")
                    j = k + 2
                else:
                    break
            values.append("".join(text))
            out.append("?")
            i = k + 1
        elif (c.isdigit() or (c == "-" and i + 1 < n and sql[i + 1].isdigit() and previous(out) in "(,=<>")) and (
            i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] in "_.")
        ):
            j = i + 1
            while j < n and (sql[j].isdigit() or sql[j] in ".eE" or (sql[j] in "+-" and sql[j - 1] in "eE")):
                j += 1
            token = sql[i:j]
            values.append(float(token) if any(x in token for x in ".eE") else int(token))
            out.append("?")
            i = j
        elif c in "xX" and i + 1 < n and sql[i + 1] == "'" and (i == 0 or not sql[i - 1].isalnum()):
            k = sql.index("'", i + 2)
            values.append(bytes.fromhex(sql[i + 2 : k]))
            out.append("?")
            i = k + 1
        else:
            j = i + 1
            while j < n and sql[j] not in "'-0123456789xX":
                j += 1
            out.append(sql[i:j])
            i = j
    return "".join(out), values


def previous(parts):
    """The last non-blank character written so far ("(" at the start)."""
    for part in reversed(parts):
        stripped = part.rstrip()
        if stripped:
            return stripped[-1]
    return "("


def digest(path):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    result = {}
    for table, key in TABLES.items():
        hasher = hashlib.sha256()
        count = 0
        for row in connection.execute(f"SELECT * FROM {table} ORDER BY {key}"):
            hasher.update(repr(row).encode())
            count += 1
        result[table] = (count, hasher.hexdigest())
    connection.close()
    return result


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trace", required=True)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--pushes", type=int, required=True)
    args = parser.parse_args()

    with open(args.trace, "rb") as file:
        statements = [s.decode() for s in file.read().split(b"\0") if s.strip()]
    prepared = [parameterize(s) for s in statements]
    work = tempfile.mkdtemp(prefix="crm-push-floor.")
    try:
        replay = os.path.join(work, "replay.sqlite")
        shutil.copyfile(args.before, replay)
        connection = sqlite3.connect(replay, isolation_level=None, cached_statements=1024)
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"):
            connection.execute(f"PRAGMA {pragma}").fetchall()
        start = cpu_seconds()
        for sql, values in prepared:
            connection.execute(sql, values).fetchall()
        spent = cpu_seconds() - start
        connection.close()
        expected, replayed = digest(args.after), digest(replay)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for table in TABLES:
        if expected[table] != replayed[table]:
            print(
                f"push-floor: the replay's {table} ({replayed[table][0]} rows) differs from the server's "
                f"({expected[table][0]} rows); the trace does not hold the phase's writes",
                file=sys.stderr,
            )
            return 1
    print(f"{len(statements)} {spent * 1000 / args.pushes:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
