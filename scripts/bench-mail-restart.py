#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""The mail gateway's first message after a restart, at a given log size (Docs/BENCHMARKS.md).

Fills tenant `acme` of a SQLite log database through crm-server's SMTP listener until its log holds
about --changes changes (each message is a contact, a case and an email: three), then --restarts
times starts `crm-server serve --smtp-port 0 --mail-address support@acme.test=acme`, connects with
smtplib, times the DATA of the first message and of the next one, and prints the server's resident
memory after them (Linux). Usage:
  bench-mail-restart.py --server .build/debug/crm-server --db /tmp/mail.sqlite [--changes 10000]
"""
import argparse
import os
import sqlite3
import subprocess
import smtplib
import sys
import time
import uuid

ADDRESS = "support@acme.test"


def start(server, db):
    process = subprocess.Popen(
        [server, "serve", "--db", "sqlite:" + db, "--host", "127.0.0.1", "--port", "0", "--log-level", "error",
         "--smtp-port", "0", "--mail-address", ADDRESS + "=acme"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    smtp = None
    for _ in range(2):
        line = process.stdout.readline()
        if line.startswith("smtp listening on"):
            smtp = int(line.rsplit(":", 1)[1])
    if smtp is None:
        process.kill()
        sys.exit("crm-server printed no 'smtp listening on' line")
    return process, smtp


def resident_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def message(tag):
    return (f"From: c-{tag}@customer.test\r\nSubject: bench {tag}\r\nMessage-ID: <{tag}@customer.test>\r\n\r\n"
            "hello\r\n").encode()



def changes(db):
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT last_seq FROM tenants WHERE name = 'acme'").fetchone()
        return row[0] if row else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--restarts", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(args.db):
        subprocess.run([args.server, "tenant", "add", "acme", "--db", "sqlite:" + args.db], check=True,
                       stdout=subprocess.DEVNULL)
    missing = max(0, args.changes - changes(args.db)) // 3
    if missing:
        process, port = start(args.server, args.db)
        with smtplib.SMTP("127.0.0.1", port, timeout=600) as client:
            for _ in range(missing):
                client.sendmail("bench@customer.test", [ADDRESS], message(uuid.uuid4().hex))
        process.terminate()
        process.wait()
    for _ in range(args.restarts):
        before = changes(args.db)
        process, port = start(args.server, args.db)
        with smtplib.SMTP("127.0.0.1", port, timeout=600) as client:
            client.ehlo()
            timings = []
            for _ in range(2):
                begin = time.monotonic()
                client.sendmail("bench@customer.test", [ADDRESS], message(uuid.uuid4().hex))
                timings.append((time.monotonic() - begin) * 1000)
        resident = resident_mib(process.pid)
        process.terminate()
        process.wait()
        print(f"{before} changes: first message after the start {timings[0]:.1f} ms, the next {timings[1]:.1f} ms, "
              f"server resident {resident:.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
