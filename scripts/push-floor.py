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

For a whole load run (scripts/bench-mix-floor.sh) the trace begins with the devices' logins:
--from-first-push replays those untimed and starts the clock at the BEGIN of the first group that
appends to the log, and --cache-kib and --autocheckpoint give the replay the writer's page cache
and automatic checkpoint (SQLiteLogStore.writerCacheKiB, SQLiteWALRestart.automaticCheckpointFrames);
the server's own passive checkpoints are statements on its writer, so they are in the trace.

With --server-sqlite the replay runs SQLite as crm-server configures it, so that the floor is not
SQLite's defaults: multi-thread mode without memory statistics, the server's wrapped page cache
and its WAL-buffering VFS (SQLiteProcessConfiguration; PageCache.c and WALBuffer.c built here with
cc), and the query planner stability guarantee on the connection (SQLitePlannerStability), without
which a statement binding a partial index's column is prepared again on every use. Python's own
call per statement is then measured (every fourth timed statement's values bound to a statement
that does nothing) and printed as a third figure, in the same unit, for the caller to take off.

    scripts/push-floor.py --trace TRACE --before BEFORE.sqlite --after SERVER.sqlite --pushes N
                          [--from-first-push] [--cache-kib K] [--autocheckpoint FRAMES] [--server-sqlite]
"""
import argparse
import ctypes
import ctypes.util
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

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
    import sqlite3

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


def first_push(statements):
    """The index of the BEGIN of the first transaction that appends to the log (0 if none)."""
    for index, sql in enumerate(statements):
        if sql.lstrip().upper().startswith("INSERT INTO CHANGES"):
            for begin in range(index, -1, -1):
                if statements[begin].lstrip().upper().startswith("BEGIN"):
                    return begin
            return 0
    return 0


def server_sqlite(work):
    """SQLite configured as crm-server configures it, before any connection opens; the library."""
    library = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0", mode=ctypes.RTLD_GLOBAL)
    # SQLITE_CONFIG_MULTITHREAD (2), SQLITE_CONFIG_MEMSTATUS (9) off: CSQLiteConfig's shim.h.
    for option in ((2,), (9, 0)):
        code = library.sqlite3_config(*[ctypes.c_int(value) for value in option])
        if code != 0:
            sys.exit(f"push-floor: sqlite3_config{option} answered {code}; SQLite was initialized already")
    code = server_c_library(work, "CSQLitePageCache", "PageCache.c").crm_sqlite3_install_page_cache()
    if code != 0:
        sys.exit(f"push-floor: the server's page cache was refused ({code})")
    code = server_c_library(work, "CSQLiteWALBuffer", "WALBuffer.c").crm_sqlite3_register_wal_buffer(1)
    if code != 0:
        sys.exit(f"push-floor: the server's WAL-buffering VFS was refused ({code})")
    return library


def server_c_library(work, target, source):
    """One of the server's C targets (Sources/TARGET/SOURCE) built here with cc and loaded."""
    directory = os.path.join(ROOT, "Sources", target)
    built = os.path.join(work, f"lib{target}.so")
    subprocess.run(
        ["cc", "-O2", "-shared", "-fPIC", "-I", os.path.join(directory, "include"), os.path.join(directory, source),
         "-o", built, "-lsqlite3", "-lpthread"],
        check=True,
    )
    return ctypes.CDLL(built)


def planner_stability(library, connection, path):
    """SQLITE_DBCONFIG_ENABLE_QPSG (1007) on `connection`, as the server's writer has it."""
    # pysqlite_Connection's first member after PyObject_HEAD is its sqlite3 *; checked by its file.
    handle = ctypes.c_void_p.from_address(id(connection) + 2 * ctypes.sizeof(ctypes.c_void_p)).value
    library.sqlite3_db_filename.restype = ctypes.c_char_p
    library.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    name = library.sqlite3_db_filename(handle, b"main") if handle else None
    if not name or os.path.realpath(name.decode()) != os.path.realpath(path):
        sys.exit("push-floor: could not find the replay connection's sqlite3 handle")
    on = ctypes.c_int(0)
    library.sqlite3_db_config(ctypes.c_void_p(handle), ctypes.c_int(1007), ctypes.c_int(1), ctypes.byref(on))
    if on.value != 1:
        sys.exit("push-floor: SQLite did not turn the query planner stability guarantee on")


def call_cost(connection, prepared, every=4):
    """CPU seconds Python's own calls take for `prepared`: every `every`th statement's values
    bound to a statement that does nothing, scaled to all."""
    sample = prepared[::every]
    start = cpu_seconds()
    for _, values in sample:
        connection.execute("SELECT 1 WHERE 0" + " AND ?" * len(values), values).fetchall()
    return (cpu_seconds() - start) * len(prepared) / max(len(sample), 1)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trace", required=True)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--pushes", type=int, required=True)
    parser.add_argument("--from-first-push", action="store_true")
    parser.add_argument("--cache-kib", type=int)
    parser.add_argument("--autocheckpoint", type=int)
    parser.add_argument("--server-sqlite", action="store_true")
    args = parser.parse_args()

    with open(args.trace, "rb") as file:
        statements = [s.decode() for s in file.read().split(b"\0") if s.strip()]
    prepared = [parameterize(s) for s in statements]
    timed_from = first_push(statements) if args.from_first_push else 0
    work = tempfile.mkdtemp(prefix="crm-push-floor.")
    try:
        # Before `sqlite3` is imported, whose import initializes SQLite.
        library = server_sqlite(work) if args.server_sqlite else None
        import sqlite3

        replay = os.path.join(work, "replay.sqlite")
        shutil.copyfile(args.before, replay)
        connection = sqlite3.connect(replay, isolation_level=None, cached_statements=1024)
        if library:
            planner_stability(library, connection, replay)
        pragmas = ["journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"]
        if args.cache_kib:
            pragmas.append(f"cache_size = -{args.cache_kib}")
        if args.autocheckpoint:
            pragmas.append(f"wal_autocheckpoint = {args.autocheckpoint}")
        for pragma in pragmas:
            connection.execute(f"PRAGMA {pragma}").fetchall()
        for sql, values in prepared[:timed_from]:
            connection.execute(sql, values).fetchall()
        start = cpu_seconds()
        for sql, values in prepared[timed_from:]:
            connection.execute(sql, values).fetchall()
        spent = cpu_seconds() - start
        calls = call_cost(connection, prepared[timed_from:]) if library else None
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
    figures = f"{len(statements)} {spent * 1000 / args.pushes:.4f}"
    if calls is not None:
        figures += f" {calls * 1000 / args.pushes:.4f}"
    print(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
