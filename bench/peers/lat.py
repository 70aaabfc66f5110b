#!/usr/bin/python3
"""lat.py N CMD [ARG...]: run a command N times (no shell), print one JSON
line: median/min/max/p90 wall milliseconds, every sample, the exit codes.

The peers' lat.py (../shared/bench-peers/lat.py) ran the command through
`sh -c`; this one execs it directly, so a shell's start-up (about 1 ms) is
not counted for any tool."""
import json
import statistics
import subprocess
import sys
import time

n = int(sys.argv[1])
cmd = sys.argv[2:]
ts, rcs = [], set()
for _ in range(n):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append((time.perf_counter() - t) * 1000)
    rcs.add(r.returncode)
s = sorted(ts)
print(json.dumps({"median_ms": statistics.median(ts), "min_ms": s[0],
                  "max_ms": s[-1], "p90_ms": s[int(0.9 * (n - 1))],
                  "n": n, "rc": sorted(rcs),
                  "samples_ms": [round(x, 3) for x in ts]}))
