#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# Reads `perf script` of the uprobes scripts/bench-task-switches.sh sets (swift_task_switch with its
# resume function, swift_task_enqueue) and prints, per sync request, the task switches that
# enqueued the task again, by the function that resumes after them.
#
#   scripts/task-switches.py SCRIPT_TXT MAPS
#
# A request is counted by `ResponseWriter.write(response:body:)`, which Hummingbird resumes once
# a request after writing its answer. Groups: Hummingbird's middleware chain and router, our own
# code (CRMServer's types), and the rest (NIO's channels, the body stream, the response writer).
import bisect, collections, re, subprocess, sys

text, maps = sys.argv[1], sys.argv[2]
regions = []
for line in open(maps):
    parts = line.split()
    if len(parts) >= 6 and "x" in parts[1]:
        start, end = (int(x, 16) for x in parts[0].split("-"))
        regions.append((start, end, int(parts[2], 16), parts[5]))
regions.sort()
starts = [r[0] for r in regions]

switches, enqueued, pending = collections.Counter(), collections.Counter(), {}
event = re.compile(r"\s*\S+\s+(\d+)\s.*?probe_libswift_Concurrency:(\w+):.*?(?:fn=(\d+))?$")
for line in open(text):
    m = event.match(line)
    if not m:
        continue
    thread, name, fn = m.groups()
    if name == "swift_task_switch":
        pending[thread] = int(fn)
        switches[int(fn)] += 1
    elif name == "swift_task_enqueue" and thread in pending:
        enqueued[pending.pop(thread)] += 1

by_file = collections.defaultdict(list)
for address in enqueued:
    i = bisect.bisect_right(starts, address) - 1
    if i >= 0 and address < regions[i][1]:
        start, _, offset, path = regions[i]
        by_file[path].append((address, address - start + offset))
names = {}
for path, pairs in by_file.items():
    out = subprocess.run(
        ["addr2line", "-f", "-e", path] + [hex(o) for _, o in pairs], capture_output=True, text=True
    ).stdout.split("\n")
    plain = subprocess.run(
        ["swift", "demangle", "--simplified"], input="\n".join(out[0::2]), capture_output=True, text=True
    ).stdout.split("\n")
    for (address, _), name in zip(pairs, plain):
        names[address] = name

def group(name):
    if re.search(r"Middleware|RouterResponder|constructResponder", name):
        return "middleware and router"
    if re.search(r"ChangesController|SQLiteLogStore|SQLiteGroupCommitter|RequestBodyReader|SessionPull", name):
        return "our code"
    return "the rest (NIO, body stream, response writer)"

requests = max((n for a, n in enqueued.items() if "ResponseWriter.write(response:body:)" in names.get(a, "")), default=0)
if requests == 0:
    sys.exit("task-switches: no request counted (no ResponseWriter.write resumption recorded)")
total = sum(enqueued.values())
print(f"switches {sum(switches.values())}, enqueued again {total}, requests {requests}")
print(f"task switches that enqueued, per request: {total / requests:.1f}")
groups = collections.Counter()
for address, n in enqueued.items():
    groups[group(names.get(address, "?"))] += n
for name, n in groups.most_common():
    print(f"  {name}: {n / requests:.1f}")
print("by resume function (per request):")
for address, n in enqueued.most_common(25):
    print(f"  {n / requests:5.2f}  {names.get(address, hex(address))[:150]}")
