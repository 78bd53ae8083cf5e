#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""What a pull page's content costs without crm-server (scripts/bench-request-cpu.sh).

Two parts, each timed alone on this machine and printed in ms of CPU per page:
  sqlite  the sqlite3 CLI running the pull's reads on a copy of the server's log (the tenant's head
          row and the page's SELECT, the statements SQLiteLogStore runs), --rounds times in one
          process, its rows printed as JSON to /dev/null (the server writes its rows as JSON text
          too); the CLI's start-up, measured in a run without the statements, is taken off. The
          same reads with rows printed as plain lists go to stderr, to show what printing takes.
  deflate libdeflate (the library the server links) compressing the page's answer body, as the
          server sends it before gzip, at the server's level (6), --rounds times through ctypes.
Prints "SQLITE_MS DEFLATE_MS". The caller adds the framework's floor (/healthz) to make the page's
floor: what the framework, SQLite and libdeflate alone take for the same content.
  scripts/pull-floor.py --db SERVER.sqlite --tenant ID --after SEQ --body PLAIN_BODY [--rounds 2000]
"""

import argparse
import ctypes
import ctypes.util
import resource
import subprocess
import sys
import time

# SQLiteLogStore.pull(in:) and page(_:tenantID:after:limit:), PullPlanner.changeColumns; the limit is
# the server's default page (1,000), which a pull without `limit=` asks for.
HEAD = "SELECT last_seq, epoch, min_retained_seq, team_version FROM tenants WHERE id = '{tenant}';"
PAGE = (
    "SELECT seq, change_id, device_id, device_seq, tx_id, hlc_wire, base_hlc, entity, entity_id, op, field, "
    "value, user_id, scope FROM changes WHERE tenant_id = '{tenant}' AND seq > {after} ORDER BY seq LIMIT 1000;"
)
LEVEL = 6


def cli_cpu(db, script):
    """CPU seconds the sqlite3 CLI takes for `script` on `db`, read-only, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        ["sqlite3", "-readonly", db], input=script.encode(), stdout=subprocess.DEVNULL, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sqlite_ms(db, tenant, after, rounds):
    if "'" in tenant:
        sys.exit(f"pull-floor: tenant id {tenant!r} has a quote; the statements are written as text")
    reads = HEAD.format(tenant=tenant) + "\n" + PAGE.format(tenant=tenant, after=int(after)) + "\n"
    rows = subprocess.run(
        ["sqlite3", "-readonly", db, PAGE.format(tenant=tenant, after=int(after))],
        capture_output=True, check=True, text=True,
    ).stdout.count("\n")
    if rows == 0:
        sys.exit(f"pull-floor: no change after {after} for tenant {tenant} in {db}")
    return {mode: per_round(db, f".mode {mode}\n", reads, rounds) for mode in ("json", "list")}, rows


def per_round(db, setup, reads, rounds):
    """ms of CPU per round of `reads` after `setup`, the CLI's start-up taken off."""
    start_up = min(cli_cpu(db, setup) for _ in range(3))
    timed = cli_cpu(db, setup + reads * rounds)
    return max(timed - start_up, 0) * 1000 / rounds


def deflate_ms(body, rounds):
    name = ctypes.util.find_library("deflate")
    if not name:
        sys.exit("pull-floor: libdeflate is missing (Debian package libdeflate0)")
    lib = ctypes.CDLL(name)
    lib.libdeflate_alloc_compressor.restype = ctypes.c_void_p
    lib.libdeflate_alloc_compressor.argtypes = [ctypes.c_int]
    lib.libdeflate_gzip_compress_bound.restype = ctypes.c_size_t
    lib.libdeflate_gzip_compress_bound.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    lib.libdeflate_gzip_compress.restype = ctypes.c_size_t
    lib.libdeflate_gzip_compress.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t,
    ]
    compressor = lib.libdeflate_alloc_compressor(LEVEL)
    bound = lib.libdeflate_gzip_compress_bound(compressor, len(body))
    out = ctypes.create_string_buffer(bound)
    start = time.process_time()
    for _ in range(rounds):
        if lib.libdeflate_gzip_compress(compressor, body, len(body), out, bound) == 0:
            sys.exit("pull-floor: libdeflate's output did not fit its own bound")
    return (time.process_time() - start) * 1000 / rounds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--after", required=True, type=int)
    parser.add_argument("--body", required=True, help="the page's answer body, plain (not gzip)")
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    with open(args.body, "rb") as file:
        body = file.read()
    if not body.startswith(b"{"):
        sys.exit(f"pull-floor: {args.body} is not a plain JSON answer")
    sqlite, rows = sqlite_ms(args.db, args.tenant, args.after, args.rounds)
    deflate = deflate_ms(body, args.rounds)
    print(
        f"pull-floor: {rows} rows, {len(body)} bytes of answer, {args.rounds} rounds; the CLI's reads "
        f"{sqlite['json']:.3f} ms with rows printed as JSON, {sqlite['list']:.3f} ms as plain lists",
        file=sys.stderr,
    )
    print(f"{sqlite['json']:.4f} {deflate:.4f}")


if __name__ == "__main__":
    main()
