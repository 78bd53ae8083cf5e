#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""What a load run's pulls cost without crm-server (scripts/bench-mix-floor.sh).

Two parts, each timed alone on this machine and printed in ms of CPU per pull:
  head  the tenant's row every pull reads in its own snapshot (SQLiteLogStore.head), through
        Python's sqlite3 on the run's log, --rounds times over the sampled tenants; Python's own
        call is in the figure, so it is, if anything, a little high.
  zstd  libzstd (the library the server links) compressing pull answers as the server does
        before sending them (level 1, with a checksum, a context kept between bodies), through
        ctypes, --rounds times over the sampled answers.
The answers are real: --pages answers of the run's log, fetched plain from a crm-server serving
a copy of it (--url, a token of each sampled tenant from --tokens), as a device of the run asks
(`after`, `exclude_own=1`, `format=rows2`), each starting at a random seq of its tenant and
holding --changes changes (the run's mean per pull) or the tenant's rest.
Prints "HEAD_MS ZSTD_MS MEAN_CHANGES MEAN_BYTES".
  scripts/mix-floor.py --db LOG.sqlite --url URL --tokens FILE --changes N [--pages 200] [--rounds 20]
"""

import argparse
import ctypes
import json
import ctypes.util
import random
import resource
import sqlite3
import sys
import urllib.request

HEAD = (
    "SELECT last_seq, epoch, min_retained_seq, team_version, auth_revision, log_revision "
    "FROM tenants WHERE id = ?"
)
ZSTD_C_COMPRESSION_LEVEL = 100
ZSTD_C_CHECKSUM_FLAG = 201
LEVEL = 1


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fetch_pages(db, url, tokens, changes, count):
    """`count` plain pull answers of `changes` changes from random seqs of the sampled tenants."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    random.seed(18)
    pages = []
    for index in range(count):
        tenant, token = tokens[index % len(tokens)]
        (head,) = connection.execute("SELECT last_seq FROM tenants WHERE id = ?", (tenant,)).fetchone()
        after = random.randrange(0, max(head - changes, 1))
        request = urllib.request.Request(
            f"{url}/v1/changes?after={after}&limit={changes}&exclude_own=1&format=rows2",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            if answer.headers.get("Content-Encoding"):
                sys.exit("mix-floor: the server compressed an answer the request did not ask to be compressed")
            pages.append(answer.read())
    connection.close()
    return pages


def head_ms(db, tenants, rounds):
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, cached_statements=16)
    reads = 0
    start = cpu_seconds()
    for _ in range(rounds):
        for tenant in tenants:
            connection.execute("BEGIN")
            if connection.execute(HEAD, (tenant,)).fetchone() is None:
                sys.exit(f"mix-floor: tenant {tenant} is not in the log")
            connection.execute("COMMIT")
            reads += 1
    spent = cpu_seconds() - start
    connection.close()
    return spent * 1000 / reads


def zstd_ms(pages, rounds):
    zstd = ctypes.CDLL(ctypes.util.find_library("zstd") or "libzstd.so.1")
    zstd.ZSTD_createCCtx.restype = ctypes.c_void_p
    zstd.ZSTD_CCtx_setParameter.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    zstd.ZSTD_compressBound.restype = ctypes.c_size_t
    zstd.ZSTD_compressBound.argtypes = [ctypes.c_size_t]
    zstd.ZSTD_compress2.restype = ctypes.c_size_t
    zstd.ZSTD_compress2.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    zstd.ZSTD_isError.argtypes = [ctypes.c_size_t]
    context = zstd.ZSTD_createCCtx()
    zstd.ZSTD_CCtx_setParameter(context, ZSTD_C_COMPRESSION_LEVEL, LEVEL)
    zstd.ZSTD_CCtx_setParameter(context, ZSTD_C_CHECKSUM_FLAG, 1)
    output = ctypes.create_string_buffer(zstd.ZSTD_compressBound(max(len(page) for page in pages)))
    start = cpu_seconds()
    for _ in range(rounds):
        for page in pages:
            written = zstd.ZSTD_compress2(context, output, len(output), page, len(page))
            if zstd.ZSTD_isError(written):
                sys.exit("mix-floor: zstd could not compress an answer")
    spent = cpu_seconds() - start
    return spent * 1000 / (rounds * len(pages))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tokens", required=True, help="lines of TENANT_ID TOKEN")
    parser.add_argument("--changes", type=int, required=True)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with open(args.tokens) as file:
        tokens = [tuple(line.split()) for line in file if line.strip()]
    if not tokens:
        sys.exit("mix-floor: no tokens")
    pages = fetch_pages(args.db, args.url, tokens, max(args.changes, 1), args.pages)
    tenants = [tenant for tenant, _ in tokens]
    mean_changes = sum(len(json.loads(page)["rows"]) for page in pages) / len(pages)
    mean_bytes = sum(len(page) for page in pages) / len(pages)
    print(
        f"{head_ms(args.db, tenants, args.rounds * 50):.4f} {zstd_ms(pages, args.rounds):.4f} "
        f"{mean_changes:.1f} {mean_bytes:.0f}"
    )


if __name__ == "__main__":
    main()
