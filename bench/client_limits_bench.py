#!/usr/bin/env python3
"""Acceptance 3 of issue 11: hostile followers against the output budget.

Starts a private daemon (build/hummel-daemon) on a project whose one process
prints ~50k lines/s, opens N HTTP `logs_stream` follow calls that never read
(a cut one is reopened, so the pressure stays), and for DURATION seconds
samples the daemon's RSS and the latency of a normal client's
`scripts_status` (its own session, one keep-alive connection). Then closes
the followers and reports the RSS after they are gone.

Beside the load, a probe pinned to each CPU sleeps 1 ms at a time and notes
each wake-up more than 5 ms late (`machine_stalls`); each answer over 10 ms
(`status_over_10ms`, with its CLOCK_MONOTONIC start for `perf record -k
CLOCK_MONOTONIC`) says how late a probe sleeping then woke
(`machine_stall_ms`): on a VM the host may stop a virtual CPU for tens of
milliseconds, and such an answer is the machine's, not the daemon's.

    bench/client_limits_bench.py [--build build] [--followers 100]
                                 [--duration 300] [--rate 50000]

Prints one JSON object (and a short text summary on stderr).
"""

import argparse
import atexit
import http.client
import json
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

FLOOD = r'''
import sys, time
rate = int(sys.argv[1]); batch = max(rate // 100, 1)
w = sys.stdout.write; n = 0; t = time.monotonic()
pad = "x" * 60
while True:
    w("".join("line %d %s\n" % (n + i, pad) for i in range(batch)))
    n += batch
    sys.stdout.flush()
    t += batch / rate
    d = t - time.monotonic()
    if d > 0:
        time.sleep(d)
'''


# A process that has nothing to do with hummel, one on each CPU: sleeps 1 ms
# at a time and notes each wake-up more than 5 ms late (the machine did not
# run it). On a VM a halted virtual CPU may wait for the host; this tells
# such stalls from the daemon's own.
PROBE = r'''
import os, sys, time, json
os.sched_setaffinity(0, {int(sys.argv[2])})
dur = float(sys.argv[1]); out = []; n = 0; t0 = time.monotonic()
while time.monotonic() - t0 < dur:
    a = time.monotonic(); time.sleep(0.001); b = time.monotonic(); n += 1
    if (b - a) * 1000 - 1 > 5:
        out.append([a, (b - a) * 1000 - 1])
print(json.dumps({"sleeps": n, "late": out}))
'''


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def save_smaps(folder, pid, name):
    """Copies /proc/PID/smaps to FOLDER/NAME.smaps (where RSS lies)."""
    if folder:
        os.makedirs(folder, exist_ok=True)
        with open(f"/proc/{pid}/smaps") as f, \
                open(os.path.join(folder, name + ".smaps"), "w") as o:
            o.write(f.read())


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def post_raw(port, body, sid=None):
    """The bytes of one POST /mcp request."""
    data = json.dumps(body).encode()
    head = (f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\n"
            "Accept: application/json, text/event-stream\r\n"
            f"Content-Length: {len(data)}\r\n")
    if sid:
        head += f"Mcp-Session-Id: {sid}\r\nMCP-Protocol-Version: 2025-06-18\r\n"
    return head.encode() + b"\r\n" + data


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "bench", "version": "1"}}}


def open_session(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/mcp", json.dumps(INIT),
              {"Content-Type": "application/json",
               "Accept": "application/json, text/event-stream"})
    r = c.getresponse()
    r.read()
    sid = r.getheader("Mcp-Session-Id")
    c.request("POST", "/mcp", json.dumps(
        {"jsonrpc": "2.0", "method": "notifications/initialized"}),
        {"Content-Type": "application/json",
         "Accept": "application/json, text/event-stream",
         "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-06-18"})
    r = c.getresponse()
    r.read()
    return c, sid


class follower:
    """One logs_stream follow call whose answer is never read."""

    def __init__(self, port, sid, i):
        self.port, self.sid, self.i = port, sid, i
        self.sock = None
        self.open()

    def open(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", self.port))
        call = {"jsonrpc": "2.0", "id": 100 + self.i, "method": "tools/call",
                "params": {"name": "logs_stream",
                           "arguments": {"name": "flood", "follow": True,
                                         "timeout_ms": 300000},
                           "_meta": {"progressToken": f"f{self.i}"}}}
        s.sendall(post_raw(self.port, call, self.sid))
        self.sock = s

    def cut(self):
        """True if the daemon closed the connection (seen without reading)."""
        p = select.poll()
        p.register(self.sock, select.POLLRDHUP | select.POLLHUP)
        ev = p.poll(0)
        return bool(ev and ev[0][1] & (select.POLLRDHUP | select.POLLHUP))

    def close(self):
        self.sock.close()


def end_session(port, sid):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("DELETE", "/mcp", headers={
        "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-06-18"})
    c.getresponse().read()
    c.close()


def status_latency_ms(conn, sid):
    """One scripts_status: on the session `sid` (2025-06-18), or, with sid
    None, a sessionless 2026-07-28 request (answered on the io thread)."""
    params = {"name": "scripts_status", "arguments": {"name": "flood"}}
    headers = {"Content-Type": "application/json",
               "Accept": "application/json, text/event-stream"}
    if sid is None:
        params["_meta"] = {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {}}
        headers.update({"Mcp-Method": "tools/call",
                        "Mcp-Name": "scripts_status",
                        "MCP-Protocol-Version": "2026-07-28"})
    else:
        headers.update({"Mcp-Session-Id": sid,
                        "MCP-Protocol-Version": "2025-06-18"})
    body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                       "params": params})
    t0 = time.perf_counter()
    conn.request("POST", "/mcp", body, headers)
    r = conn.getresponse()
    data = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200 or b'"flood"' not in data:
        raise RuntimeError(f"scripts_status failed: {r.status} {data[:200]}")
    return ms


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--followers", type=int, default=100)
    ap.add_argument("--duration", type=int, default=300)
    ap.add_argument("--rate", type=int, default=50000)
    ap.add_argument("--settle", type=int, default=20)
    ap.add_argument("--smaps", default=None,
                    help="folder for the daemon's smaps before and after")
    ap.add_argument("--normal", choices=["session", "stateless"],
                    default="session",
                    help="the normal client: a 2025-06-18 session, or "
                         "sessionless 2026-07-28 requests")
    args = ap.parse_args()
    daemon_bin = os.path.abspath(os.path.join(args.build, "hummel-daemon"))
    root = tempfile.mkdtemp(prefix="hummel-bench-")
    # Its state folder grows to GBs (the flood's logs): gone at exit,
    # unless HUMMEL_BENCH_KEEP is set.
    if not os.environ.get("HUMMEL_BENCH_KEEP"):
        atexit.register(shutil.rmtree, root, ignore_errors=True)
    proj, run, state = (os.path.join(root, x) for x in ("proj", "run", "state"))
    for d in (proj, os.path.join(run, "hummel"), state):
        os.makedirs(d, mode=0o700)
    flood = os.path.join(root, "flood.py")
    with open(flood, "w") as f:
        f.write(FLOOD)
    with open(os.path.join(proj, "hummel.toml"), "w") as f:
        f.write(f'[processes.flood]\ncommand = "python3 -u {flood} '
                f'{args.rate}"\n')
    env = dict(os.environ, HUMMEL_RUNTIME_DIR=run, XDG_STATE_HOME=state,
               NO_COLOR="1")
    log = open(os.path.join(root, "daemon.out"), "w")
    d = subprocess.Popen([daemon_bin, "daemon", "--dir", proj,
                          "--http", "127.0.0.1:0"], env=env, stdout=log,
                         stderr=log)
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
    out = {"followers": args.followers, "duration_s": args.duration,
           "rate_lines_s": args.rate}
    try:
        normal, nsid = open_session(port)
        if args.normal == "stateless":
            nsid = None  # the same connection, sessionless requests
        time.sleep(5)  # the flood is running
        base = [rss_kib(d.pid) for _ in range(5) if not time.sleep(0.2)]
        out["rss_before_kib"] = statistics.median(base)
        out["fds_before"] = fd_count(d.pid)
        save_smaps(args.smaps, d.pid, "before")
        sids = [open_session(port)[1] for _ in range(args.followers)]
        fs = [follower(port, sids[i], i) for i in range(args.followers)]
        rss, lat, starts, cuts = [], [], [], 0
        probes = [subprocess.Popen([sys.executable, "-c", PROBE,
                                    str(args.duration), str(cpu)],
                                   stdout=subprocess.PIPE, text=True)
                  for cpu in sorted(os.sched_getaffinity(0))]
        t_end = time.monotonic() + args.duration
        while time.monotonic() < t_end:
            tick = time.monotonic()
            for f in fs:
                if f.cut():
                    cuts += 1
                    f.close()
                    f.open()
            rss.append(rss_kib(d.pid))
            starts.append(time.monotonic())
            lat.append(status_latency_ms(normal, nsid))
            time.sleep(max(0, 0.25 - (time.monotonic() - tick)))
        out["rss_max_kib"] = max(rss)
        out["rss_p50_kib"] = pct(rss, 0.5)
        out["fds_under_load"] = fd_count(d.pid)
        out["followers_cut_and_reopened"] = cuts
        out["status_ms"] = {"n": len(lat), "p50": pct(lat, 0.5),
                            "p99": pct(lat, 0.99), "max": max(lat)}
        # When the slow answers came (seconds into the load: 0.25 s apart).
        out["status_over_10ms_at_s"] = [
            round(i * 0.25, 2) for i, ms in enumerate(lat) if ms > 10]
        # The same, as CLOCK_MONOTONIC seconds (to find them in a trace
        # taken with `perf record -k CLOCK_MONOTONIC`), with their times.
        out["status_over_10ms"] = [
            {"monotonic_s": round(starts[i], 6), "ms": round(ms, 2)}
            for i, ms in enumerate(lat) if ms > 10]
        machine = [json.loads(p.communicate()[0]) for p in probes]
        stalls = [late for m in machine for late in m["late"]]
        out["machine_stalls"] = {
            "cpus": len(machine),
            "sleeps_1ms": sum(m["sleeps"] for m in machine),
            "late_over_5ms": len(stalls),
            "late_over_10ms": sum(1 for _, ms in stalls if ms > 10),
            "worst_ms": round(max((ms for _, ms in stalls), default=0), 2)}
        for slow in out["status_over_10ms"]:
            t0, t1 = slow["monotonic_s"], slow["monotonic_s"] + slow["ms"] / 1000
            # A probe sleep that began before the answer ended and woke
            # more than 5 ms late overlapped it.
            slow["machine_stall_ms"] = round(max(
                (ms for a, ms in stalls
                 if a < t1 and a + 0.001 + ms / 1000 > t0), default=0), 2)
        for f in fs:
            f.close()
        # Their clients end the sessions, as an SDK client does on close
        # (an abandoned session lasts [mcp] session_idle_timeout).
        for sid in sids:
            end_session(port, sid)
        after = []
        for _ in range(args.settle * 4):
            after.append(rss_kib(d.pid))
            lat.append(status_latency_ms(normal, nsid))
            time.sleep(0.25)
        out["rss_after_kib"] = after[-1]
        out["rss_after_ratio"] = round(after[-1] / out["rss_before_kib"], 3)
        out["fds_after"] = fd_count(d.pid)
        save_smaps(args.smaps, d.pid, "after")
    finally:
        d.send_signal(signal.SIGTERM)
        d.wait(30)
    print(json.dumps(out, indent=1))
    print(f"RSS {out.get('rss_before_kib')} KiB before, max "
          f"{out.get('rss_max_kib')} KiB under load, "
          f"{out.get('rss_after_kib')} KiB after; scripts_status "
          f"{out.get('status_ms')}", file=sys.stderr)


if __name__ == "__main__":
    main()
