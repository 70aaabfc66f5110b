#!/usr/bin/env python3
"""The local hub's read path (issue 15, acceptance 4): N project daemons with
P processes each (`sleep 300`), one hub, and a persistent MCP client on the
hub's unix socket timing `scripts_status` across every project (one call:
N x P processes) and, for comparison, the same call to one daemon directly.

  bench/hub/hub_bench.py BUILD_DIR [N=5] [P=100] [CALLS=1000]

Prints p50/p99/max in ms and the answer size. Uses its own runtime folder.
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, time

build = os.path.abspath(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
p = int(sys.argv[3]) if len(sys.argv) > 3 else 100
calls = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
hummel = os.path.join(build, "hummel")
work = tempfile.mkdtemp(prefix="hummel-hub-bench.")
env = dict(os.environ, HUMMEL_RUNTIME_DIR=os.path.join(work, "rt"))
rt = os.path.join(work, "rt", "hummel")
os.makedirs(os.path.join(work, "rt"))


class client:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.buf = b""
        self.id = 0
        self.call("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                 "clientInfo": {"name": "hub_bench", "version": "1"}})
        self.s.sendall(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')

    def call(self, method, params):
        self.id += 1
        self.s.sendall(json.dumps({"jsonrpc": "2.0", "id": self.id, "method": method,
                                   "params": params}).encode() + b"\n")
        while True:
            while b"\n" not in self.buf:
                self.buf += self.s.recv(1 << 20)
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if msg.get("id") == self.id:
                return msg, len(line)


def tool(c, name, args):
    return c.call("tools/call", {"name": name, "arguments": args})


def timed(c, name, args):
    xs = []
    size = 0
    for _ in range(calls):
        t0 = time.perf_counter()
        _, size = tool(c, name, args)
        xs.append((time.perf_counter() - t0) * 1000)
    xs.sort()
    return xs[len(xs) // 2], xs[int(len(xs) * 0.99)], xs[-1], size


procs = []
try:
    dirs = []
    for i in range(n):
        d = os.path.join(work, f"proj{i}")
        os.makedirs(d)
        with open(os.path.join(d, "hummel.toml"), "w") as f:
            for k in range(p):
                f.write(f'[processes.p{k}]\ncommand = "sleep 300"\n\n')
        subprocess.run([hummel, "up", "--dir", d, "--http", "off"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        dirs.append(d)
    hub = subprocess.Popen([hummel, "hub", "--http", "off"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(hub)
    while not os.path.exists(os.path.join(rt, "hub.json")):
        time.sleep(0.05)
    c = client(os.path.join(rt, "hub.sock"))
    deadline = time.time() + 60
    while time.time() < deadline:
        r, _ = tool(c, "projects_list", {})
        ps = r["result"]["structuredContent"]["projects"]
        if len(ps) == n and all(x["state"] == "linked" and x["running"] == p for x in ps):
            break
        time.sleep(0.1)
    else:
        sys.exit(f"projects not all linked and running: {ps}")
    r, _ = tool(c, "scripts_status", {})
    count = len(r["result"]["structuredContent"]["processes"])
    hub_p50, hub_p99, hub_max, hub_size = timed(c, "scripts_status", {})
    # The same processes with `fields` spelled out: built for each call
    # (what every read costs in the version after a change).
    fields = {"project": "*", "fields": ["name", "status", "pid", "exit_code", "node"]}
    b_p50, b_p99, b_max, b_size = timed(c, "scripts_status", fields)
    one = json.load(open([os.path.join(rt, f) for f in os.listdir(rt)
                          if f.startswith("proj0-") and f.endswith(".json")][0]))
    d = client(one["socket"])
    own_p50, own_p99, own_max, own_size = timed(d, "scripts_status", {})
    print(f"hub scripts_status across {n} projects ({count} processes, {hub_size} bytes): "
          f"p50 {hub_p50:.3f} ms, p99 {hub_p99:.3f} ms, max {hub_max:.3f} ms ({calls} calls)")
    print(f"  the same built for each call (fields given; {b_size} bytes): "
          f"p50 {b_p50:.3f} ms, p99 {b_p99:.3f} ms, max {b_max:.3f} ms")
    print(f"one daemon's own scripts_status ({p} processes, {own_size} bytes): "
          f"p50 {own_p50:.3f} ms, p99 {own_p99:.3f} ms, max {own_max:.3f} ms")
finally:
    for d in [os.path.join(work, f"proj{i}") for i in range(n)]:
        subprocess.run([hummel, "down", "--dir", d], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    for x in procs:
        x.send_signal(signal.SIGTERM)
        x.wait(30)
    shutil.rmtree(work, ignore_errors=True)
