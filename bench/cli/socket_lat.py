#!/usr/bin/env python3
"""The daemon's side of `hummel ps`: N times, a new unix-socket connection and
the request the CLI sends (scripts_status with ps's fields), timed from the
request to the reply's last byte; then the daemon's CPU for 300 more.

  HUMMEL_RUNTIME_DIR=... bench/cli/socket_lat.py PROJECT_DIR [N] [DAEMON_PID]

HUMMEL_BENCH_ROWS=1 asks for the compact rows (mcp::meta::rows), as
`hummel ps` does since 2026-12-06 (fourth session).

The socket is the one `hummel` would use for PROJECT_DIR (the runtime
folder's only *.sock). Prints min / p50 / p90 / max of connect and request,
and CPU ticks (1/100 s) of DAEMON_PID for 300 requests if given.
"""
import glob
import json
import os
import socket
import sys
import time

FIELDS = ["status", "ready", "pid", "exit_code", "signal", "uptime_ms",
          "restarts", "cpu_percent", "rss_bytes", "urls", "error_count",
          "restart_reason", "log_degraded"]


def request():
    meta = {"hummel/briefText": True,
            "io.modelcontextprotocol/clientCapabilities": {},
            "io.modelcontextprotocol/clientInfo": {"name": "hummel-cli",
                                                   "version": "0.1.0"},
            "io.modelcontextprotocol/protocolVersion": "2026-07-28"}
    if os.environ.get("HUMMEL_BENCH_ROWS") == "1":
        meta["hummel/rows"] = True  # the compact form today's CLI asks for
    msg = {"id": 1, "jsonrpc": "2.0", "method": "tools/call",
           "params": {"_meta": meta, "arguments": {"fields": FIELDS},
                      "name": "scripts_status"}}
    return (json.dumps(msg, separators=(",", ":")) + "\n").encode()


def one(path, req):
    t0 = time.perf_counter()
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    t1 = time.perf_counter()
    s.sendall(req)
    buf = bytearray()
    while not buf.endswith(b"\n"):
        d = s.recv(1 << 20)
        if not d:
            break
        buf += d
    t2 = time.perf_counter()
    s.close()
    return (t1 - t0) * 1e3, (t2 - t1) * 1e3


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        x = f.read().rsplit(")", 1)[1].split()
    return int(x[11]) + int(x[12])


def main():
    rt = os.environ.get("HUMMEL_RUNTIME_DIR", f"/run/user/{os.getuid()}")
    socks = glob.glob(os.path.join(rt, "hummel", "*.sock"))
    if len(socks) != 1:
        sys.exit(f"expected one socket in {rt}/hummel, found {socks}")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    req = request()
    conn, rt_ms = [], []
    for _ in range(n):
        c, r = one(socks[0], req)
        conn.append(c)
        rt_ms.append(r)
        time.sleep(0.02)
    for name, a in (("connect", conn), ("request", rt_ms)):
        a.sort()
        print("%s: min %.3f p50 %.3f p90 %.3f max %.3f ms"
              % (name, a[0], a[len(a) // 2], a[len(a) * 9 // 10], a[-1]))
    if len(sys.argv) > 3:
        pid = int(sys.argv[3])
        before = ticks(pid)
        for _ in range(300):
            one(socks[0], req)
        print("daemon CPU for 300 requests: %d ticks" % (ticks(pid) - before))


if __name__ == "__main__":
    main()
