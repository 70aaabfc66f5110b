#!/usr/bin/python3
"""soak.py URL PID SECONDS CSV CLIENTS: the load and the sampler of
`make soak`.

CLIENTS load clients (threads of a child process, so they do not slow the
probe) each keep one HTTP/1.1 connection to the daemon's MCP endpoint and
call `scripts_status` (modern stateless requests) about 20 times a second.
One probe (this process, one connection) times a `scripts_status` call
every 20 ms. Once a second the sampler writes one CSV row: elapsed
seconds, the daemon's RSS (KiB), open descriptors, threads, load calls in
that second, p50/p99/max probe latency (ms), and errors (load and probe). At the end it
prints a JSON summary (after a warm-up of the first 20 % or 60 s, whichever
is shorter): RSS drift, descriptor and thread growth, overall p50/p99."""
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
import urllib.parse

url, pid, seconds, csv_path, clients = (sys.argv[1], int(sys.argv[2]),
                                        float(sys.argv[3]), sys.argv[4],
                                        int(sys.argv[5]))
u = urllib.parse.urlparse(url)
META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "soak", "version": "0"}}
HEADERS = {"Content-Type": "application/json",
           "Accept": "application/json, text/event-stream",
           "MCP-Protocol-Version": "2026-07-28",
           "Mcp-Method": "tools/call", "Mcp-Name": "scripts_status"}
stop = threading.Event()
lock = threading.Lock()
samples = []      # probe latencies (ms) of the current second
errors = [0]
all_samples = []  # probe latencies after warm-up


def call(conn, body):
    """One scripts_status call on `conn`; its latency in ms, or None."""
    t = time.perf_counter()
    conn.request("POST", u.path or "/mcp", body, HEADERS)
    r = conn.getresponse()
    data = r.read()
    ms = (time.perf_counter() - t) * 1000
    return ms if r.status == 200 and b'"result"' in data else None


def client(i, record, pause):
    body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                       "params": {"name": "scripts_status", "arguments": {},
                                  "_meta": META}})
    conn = None
    while not stop.is_set():
        try:
            if conn is None:
                conn = http.client.HTTPConnection(u.hostname, u.port,
                                                  timeout=10)
            record(call(conn, body))
        except (OSError, http.client.HTTPException):
            record(None)
            conn = None
        time.sleep(pause)


def load(clients, calls, errs, done):
    """The load clients: threads polling like assistants (~20 calls/s)."""
    def record(ms):
        with (calls if ms is not None else errs).get_lock():
            if ms is not None:
                calls.value += 1
            else:
                errs.value += 1
    ts = [threading.Thread(target=client, args=(i, record, 0.05), daemon=True)
          for i in range(clients)]
    for t in ts:
        t.start()
    done.wait()
    stop.set()


def probe_record(ms):
    with lock:
        if ms is None:
            errors[0] += 1
        else:
            samples.append(ms)


def proc_counts():
    rss = threads = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss, fds, threads


def pct(xs, p):
    if not xs:
        return 0.0
    s = sorted(xs)
    return s[min(len(s) - 1, int(p * (len(s) - 1) + 0.5))]


def main():
    warm = min(60.0, seconds * 0.2)
    calls = multiprocessing.Value("q", 0)
    errs = multiprocessing.Value("q", 0)
    done = multiprocessing.Event()
    loader = multiprocessing.Process(target=load,
                                     args=(clients, calls, errs, done))
    loader.start()
    probe = threading.Thread(target=client, args=(-1, probe_record, 0.02),
                             daemon=True)
    probe.start()
    rows = []
    t0 = time.monotonic()
    with open(csv_path, "w") as out:
        out.write("t_s,rss_kib,fds,threads,load_calls,p50_ms,p99_ms,max_ms,errors\n")
        while time.monotonic() - t0 < seconds:
            time.sleep(1.0)
            with lock:
                xs, samples[:] = samples[:], []
                nerr, errors[0] = errors[0], 0
            with calls.get_lock():
                ncalls, calls.value = calls.value, 0
            with errs.get_lock():
                nerr, errs.value = nerr + errs.value, 0
            try:
                rss, fds, nthreads = proc_counts()
            except OSError:
                print("the daemon is gone", file=sys.stderr)
                stop.set()
                done.set()
                return 1
            t = time.monotonic() - t0
            row = (t, rss, fds, nthreads, ncalls, pct(xs, .5), pct(xs, .99),
                   max(xs, default=0.0), nerr)
            rows.append(row)
            if t >= warm:
                all_samples.extend(xs)
            out.write("%.1f,%d,%d,%d,%d,%.3f,%.3f,%.3f,%d\n" % row)
            out.flush()
    stop.set()
    done.set()
    loader.join(10)
    after = [r for r in rows if r[0] >= warm]
    rss = [r[1] for r in after]
    mean = statistics.mean(rss)
    summary = {
        "seconds": seconds, "warm_up_s": warm, "clients": clients,
        "rss_mean_kib": round(mean),
        "rss_min_pct": round((min(rss) - mean) * 100 / mean, 2),
        "rss_max_pct": round((max(rss) - mean) * 100 / mean, 2),
        "rss_first_kib": rss[0], "rss_last_kib": rss[-1],
        "fds_first": after[0][2], "fds_last": after[-1][2],
        "fds_max": max(r[2] for r in after),
        "threads_first": after[0][3], "threads_last": after[-1][3],
        "threads_max": max(r[3] for r in after),
        "load_calls": sum(r[4] for r in after),
        "probe_calls": len(all_samples),
        "errors": sum(r[8] for r in after),
        "p50_ms": round(pct(all_samples, .5), 3),
        "p99_ms": round(pct(all_samples, .99), 3),
        "max_ms": round(max(all_samples, default=0), 3),
    }
    print(json.dumps(summary))
    return 0


sys.exit(main())
