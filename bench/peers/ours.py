#!/usr/bin/python3
"""ours.py TAG [REGEX]: the processes this benchmark started, found by the
BENCH_TAG=TAG variable in their environment (every daemon, child and
grandchild inherits it), whose command line matches REGEX (default: any).
Prints "pid<TAB>command line" per process; never lists itself."""
import os
import re
import sys

tag = ("BENCH_TAG=" + sys.argv[1]).encode()
pat = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
me = os.getpid()
for d in os.listdir("/proc"):
    if not d.isdigit() or int(d) == me:
        continue
    try:
        with open(f"/proc/{d}/environ", "rb") as f:
            env = f.read().split(b"\0")
        with open(f"/proc/{d}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        with open(f"/proc/{d}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except OSError:
        continue
    if tag not in env or state == b"Z":
        continue
    if pat is None or pat.search(cmd):
        print(f"{d}\t{cmd}")
