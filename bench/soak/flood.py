#!/usr/bin/python3
"""flood.py RATE: prints RATE lines per second to stdout, in batches every
10 ms, each line numbered (so a lost line would show as a gap)."""
import sys
import time

rate = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
batch = max(1, rate // 100)
n = 0
next_t = time.monotonic()
out = sys.stdout
while True:
    out.write("".join(f"flood line {n + i:010d} the quick brown fox\n"
                      for i in range(batch)))
    out.flush()
    n += batch
    next_t += 0.01
    delay = next_t - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    elif delay < -1:
        next_t = time.monotonic()  # far behind: do not burst to catch up
