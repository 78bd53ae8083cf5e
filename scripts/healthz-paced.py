#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""GET /healthz as the load bench's devices send their syncs (scripts/bench-healthz-paced.sh).

--clients kept-alive connections, each sending one request every --interval seconds from a random
offset, waiting for its answer: requests arrive one at a time, spread evenly, as in crm-load's mix,
not in the back-to-back bursts of wrk. The caller reads the server's CPU around the steady window.
Prints "REQUESTS ERRORS" for the window: after --warmup seconds, for --duration seconds.
  scripts/healthz-paced.py --port PORT [--clients 6000] [--interval 10] [--warmup 15] [--duration 40]
"""

import argparse
import asyncio
import random
import sys
import time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


async def answer(reader):
    """Reads one HTTP/1.1 answer; returns its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


async def client(port, interval, window, counts, start):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    next_at = start + random.uniform(0, interval)
    try:
        while True:
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if time.monotonic() >= window[1]:
                return
            writer.write(REQUEST)
            status = await answer(reader)
            if window[0] <= time.monotonic() < window[1]:
                counts["requests"] += 1
                if status != 200:
                    counts["errors"] += 1
            next_at += interval
    except (OSError, asyncio.IncompleteReadError, ValueError):
        counts["errors"] += 1
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--clients", type=int, default=6000)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--duration", type=float, default=40)
    args = parser.parse_args()
    counts = {"requests": 0, "errors": 0}
    start = time.monotonic() + 5  # connections are opened in the first seconds
    window = (start + args.warmup, start + args.warmup + args.duration)
    tasks = []
    for index in range(args.clients):
        tasks.append(asyncio.create_task(client(args.port, args.interval, window, counts, start)))
        if index % 256 == 255:
            await asyncio.sleep(0.05)  # under the listen backlog
    # The caller times the window by these lines on stderr.
    await asyncio.sleep(max(window[0] - time.monotonic(), 0))
    print("window open", file=sys.stderr, flush=True)
    await asyncio.sleep(max(window[1] - time.monotonic(), 0))
    print("window closed", file=sys.stderr, flush=True)
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"{counts['requests']} {counts['errors']}")


if __name__ == "__main__":
    asyncio.run(main())
