#!/usr/bin/env python3
"""Restarts processes of a cluster's nodes at a steady rate, through one
persistent MCP connection per node (the daemon's unix socket, found in the
runtime files of HUMMEL_RUNTIME_DIR), so that the load generator itself
costs little: a `hummel restart` process per change would be a process
start (and an MCP handshake) each time, about as much CPU as the change.

    restart_load.py RUNTIME_DIR RATE PROCS [SECONDS] [--skip DIRNAME ...]

Restarts p1..pPROCS round robin over the nodes (every project whose folder
is not skipped), RATE a second; replies are read by a thread per node and
counted. Prints one line at the end (or on SIGTERM).
"""
import glob
import json
import os
import signal
import socket
import sys
import threading
import time


def main():
    args = sys.argv[1:]
    skip = set()
    while "--skip" in args:
        i = args.index("--skip")
        skip.add(args[i + 1])
        del args[i:i + 2]
    runtime, rate, procs = args[0], float(args[1]), int(args[2])
    seconds = float(args[3]) if len(args) > 3 else float("inf")
    nodes = []
    for f in sorted(glob.glob(os.path.join(runtime, "hummel", "*.json"))):
        info = json.load(open(f))
        if os.path.basename(info.get("dir", "")) in skip:
            continue
        s = socket.socket(socket.AF_UNIX)
        s.connect(info["socket"])
        s.sendall((json.dumps({"jsonrpc": "2.0", "id": 0, "method":
                               "initialize", "params": {
                                   "protocolVersion": "2025-06-18",
                                   "capabilities": {}, "clientInfo": {
                                       "name": "restart_load",
                                       "version": "1"}}}) + "\n").encode())
        s.makefile("rb").readline()
        s.sendall(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        nodes.append(s)
    if not nodes:
        sys.exit("no nodes found in " + runtime)
    answered = [0]
    errors = [0]
    lock = threading.Lock()

    def drain(s):
        for line in s.makefile("rb"):
            try:
                msg = json.loads(line)
            except ValueError:
                msg = {"error": "not JSON"}
            failed = "error" in msg or (msg.get("result") or {}).get("isError")
            with lock:
                answered[0] += 1
                errors[0] += 1 if failed else 0

    for s in nodes:
        threading.Thread(target=drain, args=(s,), daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    t0 = time.monotonic()
    sent = 0
    while not stop.is_set() and time.monotonic() - t0 < seconds:
        due = int((time.monotonic() - t0) * rate)
        while sent < due:
            s = nodes[sent % len(nodes)]
            name = "p%d" % ((sent * 7) % procs + 1)
            s.sendall((json.dumps({"jsonrpc": "2.0", "id": sent + 1,
                                   "method": "tools/call", "params": {
                                       "name": "scripts_restart",
                                       "arguments": {"name": name}}})
                       + "\n").encode())
            sent += 1
        stop.wait(0.005)
    time.sleep(0.5)
    took = time.monotonic() - t0
    print("restart_load: %d restarts over %d nodes in %.1f s (%.1f/s), "
          "%d answered, %d errors; load generator CPU %.2f s"
          % (sent, len(nodes), took, sent / took, answered[0], errors[0],
             time.process_time()), flush=True)


if __name__ == "__main__":
    main()
