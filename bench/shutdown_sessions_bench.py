#!/usr/bin/env python3
"""Finding 4 of issue 11: SIGTERM after many MCP `initialize` calls.

Starts a private daemon (build/hummel-daemon) with one child (`sleep 300`),
opens N HTTP sessions (`initialize`, one keep-alive connection), then sends
SIGTERM and measures how long until the child is gone (the first child
signalled) and until the daemon exits. Reports the daemon's RSS before and
after the sessions and the sessions it still holds (`max_sessions` caps
them).

    bench/shutdown_sessions_bench.py [--build build] [--sessions 30000]
"""

import argparse
import atexit
import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

INIT = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"protocolVersion": "2025-06-18",
                              "capabilities": {},
                              "clientInfo": {"name": "b", "version": "1"}}})


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def child_pids(pid):
    out = []
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sessions", type=int, default=30000)
    args = ap.parse_args()
    root = tempfile.mkdtemp(prefix="hummel-bench-")
    # Its state folder grows to GBs (the flood's logs): gone at exit,
    # unless HUMMEL_BENCH_KEEP is set.
    if not os.environ.get("HUMMEL_BENCH_KEEP"):
        atexit.register(shutil.rmtree, root, ignore_errors=True)
    proj, run, state = (os.path.join(root, x) for x in ("proj", "run", "state"))
    for d in (proj, os.path.join(run, "hummel"), state):
        os.makedirs(d, mode=0o700)
    with open(os.path.join(proj, "hummel.toml"), "w") as f:
        f.write('[processes.svc]\ncommand = "sleep 300"\n')
    env = dict(os.environ, HUMMEL_RUNTIME_DIR=run, XDG_STATE_HOME=state)
    log = open(os.path.join(root, "daemon.out"), "w")
    d = subprocess.Popen([os.path.join(args.build, "hummel-daemon"), "daemon",
                          "--dir", proj, "--http", "127.0.0.1:0"], env=env,
                         stdout=log, stderr=log)
    info = None
    for _ in range(300):
        for n in os.listdir(os.path.join(run, "hummel")):
            if n.endswith(".json"):
                try:
                    info = json.load(open(os.path.join(run, "hummel", n)))
                except ValueError:
                    pass
        if info and info.get("http"):
            break
        time.sleep(0.1)
    port = int(info["http"].rsplit(":", 1)[1].split("/")[0])
    time.sleep(1)
    kids = []
    for _ in range(100):
        kids = [k for k in child_pids(d.pid)]
        if kids:
            break
        time.sleep(0.1)
    out = {"sessions": args.sessions, "rss_before_kib": rss_kib(d.pid)}
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    t0 = time.monotonic()
    for _ in range(args.sessions):
        c.request("POST", "/mcp", INIT,
                  {"Content-Type": "application/json",
                   "Accept": "application/json, text/event-stream"})
        r = c.getresponse()
        r.read()
    out["initialize_s"] = round(time.monotonic() - t0, 2)
    c.close()
    time.sleep(1)
    out["rss_after_sessions_kib"] = rss_kib(d.pid)
    t0 = time.monotonic()
    d.send_signal(signal.SIGTERM)
    first = None
    while d.poll() is None:
        if first is None and kids and not all(alive(k) for k in kids):
            first = time.monotonic() - t0
        time.sleep(0.001)
    out["first_child_gone_s"] = round(first, 4) if first is not None else None
    out["daemon_exit_s"] = round(time.monotonic() - t0, 3)
    out["exit_code"] = d.returncode
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
