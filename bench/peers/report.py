#!/usr/bin/python3
"""report.py [RESULTS_DIR]: turns one run of bench/peers/run.sh into the
generated section of docs/BENCHMARKS.md (between the markers
`<!-- generated:begin -->` and `<!-- generated:end -->`; appended at the end
when they are missing) and the plots in docs/plots/ (gnuplot, PNG).

Every figure comes from the files of that run: raw.tsv (one measurement per
line: round, tool, case, value, unit, note), lat.jsonl (latency samples),
storm.tsv, micro.json (Google Benchmark), meta.txt, phases.tsv,
failed.tsv and cleanup.txt. Nothing here is a measured number."""

import collections
import json
import math
import os
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RES = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(ROOT, "build-bench", "results"))
DOC = os.path.join(ROOT, "docs", "BENCHMARKS.md")
PLOTS = os.path.join(ROOT, "docs", "plots")
WORK = os.path.join(RES, "plots")
BEGIN = "<!-- generated:begin -->"
END = "<!-- generated:end -->"
TOOLS = ["hummel", "supervisord", "pm2"]
PEERS = ["supervisord", "pm2"]
NAMES = {"hummel": "hummel", "supervisord": "supervisord", "pm2": "PM2",
         "floor": "floor"}


# ---------------------------------------------------------------- loading

def read_meta():
    meta = {}
    path = os.path.join(RES, "meta.txt")
    if os.path.exists(path):
        for line in open(path):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    return meta


def read_raw():
    """{(tool, case): [(round, value)]}, {(tool, case): unit}, notes."""
    vals = collections.defaultdict(list)
    units, notes = {}, {}
    path = os.path.join(RES, "raw.tsv")
    if not os.path.exists(path):
        return vals, units, notes
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) < 5:
            continue
        rnd, tool, case, value, unit = f[:5]
        try:
            v = float(value)
        except ValueError:
            continue
        vals[(tool, case)].append((int(rnd), v))
        units[(tool, case)] = unit
        notes[(tool, case)] = f[5] if len(f) > 5 else ""
    return vals, units, notes


def read_storm():
    rows = []
    path = os.path.join(RES, "storm.tsv")
    if not os.path.exists(path):
        return rows
    keys = ["round", "path", "rate", "clients", "achieved", "rps", "p50",
            "p99", "p999", "errors", "requests", "cpu"]
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) != len(keys):
            continue
        r = dict(zip(keys, f))
        for k in keys:
            if k != "path":
                r[k] = float(r[k])
        rows.append(r)
    return rows


def read_micro():
    path = os.path.join(RES, "micro.json")
    if not os.path.exists(path):
        return []
    try:
        data = json.load(open(path))
    except ValueError:
        return []
    return [b for b in data.get("benchmarks", [])
            if b.get("run_type", "iteration") == "iteration"]


def read_phases():
    out = []
    path = os.path.join(RES, "phases.tsv")
    if os.path.exists(path):
        for line in open(path):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 3:
                out.append((f[0], float(f[1]), f[2],
                            f[3].strip() if len(f) > 3 else ""))
    return out


# ---------------------------------------------------------------- numbers

class Stat:
    """Median and range of the values of one measure over the rounds."""

    def __init__(self, xs):
        self.xs = sorted(xs)
        self.n = len(xs)
        self.med = statistics.median(xs) if xs else None
        self.lo = self.xs[0] if xs else None
        self.hi = self.xs[-1] if xs else None


VALS, UNITS, NOTES = read_raw()


def st(tool, case):
    return Stat([v for _, v in VALS.get((tool, case), [])])


def fmt(x, digits=3):
    """A number with `digits` significant digits, thin spaces for thousands."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    if float(x).is_integer() and abs(x) < 1e6:
        return f"{int(x):,}".replace(",", " ")
    ax = abs(x)
    if ax >= 10 ** (digits - 1):
        s = f"{x:,.0f}"
    else:
        dec = digits - 1 - int(math.floor(math.log10(ax)))
        s = f"{x:,.{max(dec, 0)}f}"
    return s.replace(",", " ")


def cell(s, scale=1.0, digits=3, unit=""):
    """'median [min–max]' of a Stat, scaled (for example kB → MB)."""
    if s is None or s.med is None:
        return "–"
    med = fmt(s.med * scale, digits)
    if s.n == 1 or s.lo == s.hi:
        return f"{med}{unit}"
    return f"{med}{unit} [{fmt(s.lo * scale, digits)}–{fmt(s.hi * scale, digits)}]"


def ratio_text(h, p, lower_is_better=True):
    """hummel ÷ peer as a number, plus 'N× better/worse'."""
    if h is None or p is None or h == 0 or p == 0:
        return "–"
    r = h / p
    if lower_is_better:
        how = f"{fmt(p / h, 2)}× better" if r < 1 else f"{fmt(r, 2)}× worse"
    else:
        how = f"{fmt(r, 2)}× better" if r > 1 else f"{fmt(1 / r, 2)}× worse"
    return f"{fmt(r, 2)} ({how})"


def best_peer(case, lower_is_better=True):
    """(tool, Stat) of the peer with the best median, or (None, None)."""
    cands = [(t, st(t, case)) for t in PEERS if st(t, case).med is not None]
    if not cands:
        return None, None
    key = (lambda ts: ts[1].med) if lower_is_better else (
        lambda ts: -ts[1].med)
    return min(cands, key=key)


# ---------------------------------------------------------------- plots

def gnuplot(name, script, data):
    """Writes the data files and runs gnuplot; returns the markdown link."""
    os.makedirs(WORK, exist_ok=True)
    os.makedirs(PLOTS, exist_ok=True)
    for fname, text in data.items():
        with open(os.path.join(WORK, fname), "w") as f:
            f.write(text)
    out = os.path.join(PLOTS, name + ".png")
    head = ("set terminal pngcairo size {wd},{h} font 'DejaVu Sans,11' "
            "noenhanced\nset output '{out}'\nset grid ytics\n"
            "set key top left\nset datafile separator '\\t'\n")
    h, wd = 460, 1200
    if script.startswith("#size "):
        first, script = script.split("\n", 1)
        h = int(first.split()[1])
        if len(first.split()) > 2:
            wd = int(first.split()[2])
    text = head.format(out=out, h=h, wd=wd) + script
    with open(os.path.join(WORK, name + ".gp"), "w") as f:
        f.write(text)
    r = subprocess.run(["gnuplot", name + ".gp"], cwd=WORK,
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"gnuplot {name}: {r.stderr}", file=sys.stderr)
        return f"(plot {name} failed: see {WORK}/{name}.gp)"
    return f"![{name}](plots/{name}.png)"


def plot_peers():
    """Start, list and RSS: hummel vs supervisord vs PM2, bars with ranges."""
    panels = [("start_all_running", "start 100 with the daemon up", "s",
               1.0),
              ("list_cli", "list 100 through the CLI", "ms", 1.0),
              ("list_curl", "list 100: raw call by curl (PM2 has no HTTP "
               "API)", "ms", 1.0),
              ("list_keepalive_p50", "list 100: persistent client, p50",
               "ms", 1.0)]
    data, parts = {}, []
    for i, (case, title, unit, scale) in enumerate(panels):
        rows = []
        for j, t in enumerate(TOOLS):
            s = st(t, case)
            if s.med is None:
                continue
            rows.append(f"{j}\t{NAMES[t]}\t{s.med * scale}\t{s.lo * scale}"
                        f"\t{s.hi * scale}")
        if case == "list_curl" and st("floor", case).med is not None:
            s = st("floor", case)
            rows.append(f"3\tcurl floor\t{s.med}\t{s.lo}\t{s.hi}")
        data[f"peers_{i}.tsv"] = "\n".join(rows) + "\n"
        parts.append(
            f"set title '{title}'\n"
            f"set ylabel '{'seconds' if unit == 's' else 'milliseconds'} "
            f"(log scale)'\nset logscale y\nset xrange [-0.6:3.6]\n"
            f"set style fill solid 0.6 border -1\nset boxwidth 0.6\n"
            f"unset key\nset xtics ('hummel' 0, 'supervisord' 1, 'PM2' 2, "
            f"'curl floor' 3)\n"
            f"plot 'peers_{i}.tsv' using 1:3 with boxes lc rgb '#4477aa', "
            f"'' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0, "
            f"'' using 1:3:(sprintf('%.3g', $3)) with labels offset 0,1\n")
    script = ("#size 900\nset multiplot layout 2,2 title "
              "'100 × sleep 300: hummel vs supervisord vs PM2 (lower is "
              "better; bar = median, whiskers = min–max of the rounds)'\n"
              + "".join(parts) + "unset multiplot\n")
    return gnuplot("peers_start_list", script, data)


def plot_rss():
    points = [("rss_running", "100 running"),
              ("rss_listed", "after 40 listings"),
              ("rss_keepalive", "after the persistent client"),
              ("rss_logs", "after the log tests")]
    rows = []
    for k, (case, label) in enumerate(points):
        vals = []
        for t in TOOLS:
            s = st(t, case)
            vals += [s.med / 1024 if s.med else "NaN",
                     s.lo / 1024 if s.med else "NaN",
                     s.hi / 1024 if s.med else "NaN"]
        rows.append(f"{k}\t{label}\t" + "\t".join(str(v) for v in vals))
    script = (
        "set title 'Daemon RSS with 100 sleep 300 (MB; median of the rounds, "
        "whiskers = min–max)'\nset ylabel 'RSS (MB)'\nset yrange [0:*]\n"
        "set style fill solid 0.6 border -1\nset boxwidth 0.25\n"
        "set xtics ('100 running' 0, 'after 40 listings' 1, "
        "'after persistent client' 2, 'after the log tests' 3)\n"
        "set key top left\nset arrow from -0.5,15 to 3.5,15 nohead dt 2 "
        "lc rgb 'red'\nset label 'goal: 15 MB' at -0.45,17 tc rgb 'red'\n"
        "plot 'rss.tsv' using ($1-0.27):3 with boxes lc rgb '#4477aa' "
        "title 'hummel', '' using ($1-0.27):3:4:5 with yerrorbars "
        "lc rgb 'black' pt 0 notitle, "
        "'' using ($1):6 with boxes lc rgb '#ccbb44' title 'supervisord', "
        "'' using ($1):6:7:8 with yerrorbars lc rgb 'black' pt 0 notitle, "
        "'' using ($1+0.27):9 with boxes lc rgb '#ee6677' title 'PM2', "
        "'' using ($1+0.27):9:10:11 with yerrorbars lc rgb 'black' pt 0 "
        "notitle\n")
    return gnuplot("peers_rss", script, {"rss.tsv": "\n".join(rows) + "\n"})


def plot_logs():
    tools = TOOLS + ["floor"]
    data, parts = {}, []
    for i, (case, title) in enumerate(
            [("logblock_on_disk", "1 M lines, block-buffered (seq)"),
             ("logline_on_disk", "1 M lines, line-buffered (stdbuf -oL seq)")]):
        rows = []
        for j, t in enumerate(tools):
            s = st(t, case)
            c = st(t, case.replace("_on_disk", "_cpu"))
            if s.med is None:
                continue
            rows.append(f"{j}\t{s.med}\t{s.lo}\t{s.hi}\t"
                        f"{c.med if c.med is not None else 'NaN'}")
        data[f"logs_{i}.tsv"] = "\n".join(rows) + "\n"
        parts.append(
            f"set title '{title}'\nset ylabel 'seconds'\nset yrange [0:*]\n"
            "set style fill solid 0.6 border -1\nset boxwidth 0.35\n"
            "set xtics ('hummel' 0, 'supervisord' 1, 'PM2' 2, "
            "'child alone (pipe)' 3)\nset xrange [-0.6:3.6]\n"
            f"plot 'logs_{i}.tsv' using ($1-0.18):2 with boxes "
            "lc rgb '#4477aa' title 'until every line is on disk', "
            "'' using ($1-0.18):2:3:4 with yerrorbars lc rgb 'black' pt 0 "
            "notitle, '' using ($1+0.18):5 with boxes lc rgb '#aa3377' "
            "title 'daemon CPU seconds'\n")
    script = ("#size 460\nset multiplot layout 1,2 title '1,000,000 lines "
              "from one child (median of the rounds; lower is better)'\n"
              + "".join(parts) + "unset multiplot\n")
    return gnuplot("peers_logs", script, data)


def storm_table(rows):
    """{(path, rate, clients): {measure: Stat}}."""
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in rows:
        key = (r["path"], int(r["rate"]), int(r["clients"]))
        for k in ("achieved", "rps", "p50", "p99", "p999", "errors", "cpu"):
            groups[key][k].append(r[k])
    return {k: {m: Stat(v) for m, v in d.items()} for k, d in groups.items()}


def plot_storm(tab):
    rates = sorted({k[1] for k in tab})
    clients = sorted({k[2] for k in tab})
    paths = [p for p in ("view", "messages") if any(k[0] == p for k in tab)]
    if not rates:
        return "", ""
    xt = ", ".join(f"'{rate_label(r)}' {i}" for i, r in enumerate(rates))
    data, parts = {}, []
    for c in clients:
        for p in paths:
            rows = []
            for i, r in enumerate(rates):
                d = tab.get((p, r, c))
                if not d:
                    continue
                rows.append(
                    f"{i}\t{d['p50'].med / 1000}\t{d['p99'].med / 1000}\t"
                    f"{d['p999'].med / 1000}\t{d['p99'].lo / 1000}\t"
                    f"{d['p99'].hi / 1000}\t{d['rps'].med}\t{d['rps'].lo}\t"
                    f"{d['rps'].hi}\t{d['achieved'].med}")
            data[f"storm_{p}_{c}.tsv"] = "\n".join(rows) + "\n"
    for c in clients:
        plots = []
        for p, color in (("view", "#4477aa"), ("messages", "#ee6677")):
            if p not in paths:
                continue
            f = f"'storm_{p}_{c}.tsv'"
            plots += [
                f"{f} using 1:3 with linespoints lw 2 pt 7 lc rgb '{color}' "
                f"title '{p}: p99'",
                f"{f} using 1:3:5:6 with yerrorbars lc rgb '{color}' pt 0 "
                "notitle",
                f"{f} using 1:2 with linespoints dt 2 pt 6 lc rgb '{color}' "
                f"title '{p}: p50'",
                f"{f} using 1:4 with linespoints dt 3 pt 4 lc rgb '{color}' "
                f"title '{p}: p99.9'"]
        parts.append(
            f"set title 'scripts_status, {c} keep-alive client"
            f"{'s' if c > 1 else ''}'\n"
            "set xlabel 'storm rate (state changes/s)'\n"
            "set ylabel 'latency (ms, log scale)'\nset logscale y\n"
            f"set xtics ({xt})\nset xrange [-0.3:{len(rates) - 0.7}]\n"
            "set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead "
            "dt 2 lc rgb 'black'\nset key below maxrows 3 font ',9'\n"
            "plot " + ", ".join(plots) + "\n")
    lat = gnuplot("storm_latency",
                  f"#size 560 1500\nset multiplot layout 1,{len(clients)} title "
                  "'Latency vs storm rate, view cell (blue) vs message "
                  "passing (red); dashed line = 1 ms goal'\n"
                  + "".join(parts) + "unset multiplot\n", data)
    plots = []
    styles = {1: (7, 3), 16: (5, 2), 64: (9, 1)}
    for c in clients:
        pt, dt = styles.get(c, (7, 1))
        for p, color in (("view", "#4477aa"), ("messages", "#ee6677")):
            if p not in paths:
                continue
            f = f"'storm_{p}_{c}.tsv'"
            plots += [
                f"{f} using 1:7:8:9 with yerrorbars lc rgb '{color}' pt 0 "
                "notitle",
                f"{f} using 1:7 with linespoints lw 2 pt {pt} ps 1.3 "
                f"dt {dt} lc rgb '{color}' title '{p}, {c} client"
                f"{'s' if c > 1 else ''}'"]
    thr = gnuplot(
        "storm_throughput",
        "set title 'scripts_status throughput vs storm rate (HTTP "
        "keep-alive, one wrk thread; median of the rounds, whiskers = "
        "min–max)'\nset xlabel 'storm (state changes/s, requested)'\n"
        "set ylabel 'requests/s'\nset yrange [0:*]\n"
        f"set xtics ({xt})\nset xrange [-0.3:{len(rates) - 0.7}]\n"
        "set key outside right\nplot " + ", ".join(plots) + "\n", {})
    return lat, thr


def plot_scale():
    """Start and list time vs process count, hummel and the peers."""
    series = {"hummel": [("hummel", 100), ("hummel-1000", 1000)],
              "supervisord": [("supervisord", 100), ("supervisord-500", 500)],
              "pm2": [("pm2", 100), ("pm2-500", 500)]}
    for t, n in sorted({(t, int(t.split("-")[1])) for t, _ in VALS
                        if t.startswith("hummel-")}):
        if (t, n) not in series["hummel"]:
            series["hummel"].append((t, n))
    data, parts = {}, []
    for case, title, unit in (("start_all_running", "start N (daemon up)",
                               "s"),
                              ("list_curl", "list N: raw call (curl)", "ms"),
                              ("rss_running", "daemon RSS with N running",
                               "MB")):
        plots = []
        for t, color in (("hummel", "#4477aa"), ("supervisord", "#ccbb44"),
                         ("pm2", "#ee6677")):
            rows = []
            for tool, n in sorted(series[t], key=lambda x: x[1]):
                s = st(tool, case)
                if s.med is None:
                    continue
                k = 1 / 1024 if unit == "MB" else 1
                rows.append(f"{n}\t{s.med * k}\t{s.lo * k}\t{s.hi * k}")
            if not rows:
                continue
            fname = f"scale_{t}_{case}.tsv"
            data[fname] = "\n".join(rows) + "\n"
            plots.append(f"'{fname}' using 1:2 with linespoints lw 2 pt 7 "
                         f"lc rgb '{color}' title '{NAMES[t]}'")
            plots.append(f"'{fname}' using 1:2:3:4 with yerrorbars "
                         f"lc rgb '{color}' pt 0 notitle")
        if plots:
            parts.append(
                f"set title '{title}'\nset xlabel 'processes'\n"
                f"set ylabel '{unit} (log scale)'\nset logscale xy\n"
                "set key top left\nplot " + ", ".join(plots) + "\n")
    if not parts:
        return ""
    return gnuplot("scale", f"#size 430\nset multiplot layout 1,"
                   f"{len(parts)} title 'Scale: hummel at 100, 1,000 and "
                   "10,000 processes, the peers at 100 and 500 (a point only "
                   "where every process started; RSS and listing at 10,000 "
                   "with the processes reached, see the table)'\n"
                   + "".join(parts) + "unset multiplot\n", data)


# ---------------------------------------------------------------- micro

MICRO_ROWS = [
    ("bm_view_read_one", "view cell: read one (by index)"),
    ("bm_view_find_one", "view cell: read one (by name)"),
    ("bm_msg_read_one", "message to the STATUS CACHE: read one"),
    ("bm_mutex_read_one", "mutex map: copy one"),
    ("bm_view_read_all", "view cell: read all"),
    ("bm_msg_read_all", "message to the STATUS CACHE: read all"),
    ("bm_mutex_read_all", "mutex map: copy all"),
]


def micro_table(benches):
    """{(family, n, threads): {'ns': Stat, 'writes': Stat, 'allocs': Stat}}"""
    acc = collections.defaultdict(lambda: collections.defaultdict(list))
    for b in benches:
        parts = b["name"].split("/")
        fam, n = parts[0], int(parts[1])
        thr = int(b.get("threads", 1))
        acc[(fam, n, thr)]["ns"].append(b.get("ns_per_read", b["real_time"]))
        acc[(fam, n, thr)]["writes"].append(b.get("writes_per_s", 0))
        acc[(fam, n, thr)]["allocs"].append(b.get("allocs_per_read", 0))
    return {k: {m: Stat(v) for m, v in d.items()} for k, d in acc.items()}


def ns_text(s):
    if s is None or s.med is None:
        return "–"
    def one(x):
        if x >= 1e6:
            return f"{fmt(x / 1e6)} ms"
        if x >= 1e3:
            return f"{fmt(x / 1e3)} µs"
        return f"{fmt(x)} ns"
    if s.n == 1:
        return one(s.med)
    return f"{one(s.med)} [{one(s.lo)}–{one(s.hi)}]"


def plot_micro(tab):
    rows = []
    labels = []
    for i, (fam, label) in enumerate(MICRO_ROWS):
        vals = []
        for thr in (1, 2):
            d = tab.get((fam, 100, thr))
            vals.append(str(d["ns"].med) if d else "NaN")
        rows.append(f"{i}\t" + "\t".join(vals))
        short = label.replace(": ", "\\n").replace(
            "message to the STATUS CACHE", "message to\\nthe STATUS CACHE")
        labels.append(f'"{short}" {i}')
    script = (
        "#size 520\nset title 'Read path micro-benchmarks, N = 100, with a "
        "writer at 100,000 changes/s (wall ns per read per thread, log "
        "scale; median of the repetitions)'\nset ylabel 'ns per read'\n"
        "set logscale y\nset style fill solid 0.6 border -1\n"
        "set ytics ('1 ns' 1, '10 ns' 10, '100 ns' 100, '1 µs' 1000, "
        "'10 µs' 1e4, '100 µs' 1e5, '1 ms' 1e6)\nset bmargin 5\n"
        "set boxwidth 0.35\nset xtics (" + ", ".join(labels) + ") "
        "font ',9'\nset xrange [-0.6:6.6]\nset key top left\n"
        "plot 'micro.tsv' using ($1-0.18):2 with boxes lc rgb '#4477aa' "
        "title '1 reader thread', '' using ($1+0.18):3 with boxes "
        "lc rgb '#ee6677' title '2 reader threads'\n")
    return gnuplot("micro_read_path", script,
                   {"micro.tsv": "\n".join(rows) + "\n"})


# ---------------------------------------------------------------- text

def rate_label(r):
    if r == 0:
        return "0"
    if r >= 1000:
        return f"{r // 1000}k"
    return str(r)


def mb(kb):
    return None if kb is None else kb / 1024


def goal_row(goal, measured, peer, ratio, met, why=""):
    verdict = "**met**" if met else "**not met**"
    if met is None:
        verdict = "not measured"
    return (f"| {goal} | {measured} | {peer} | {ratio} | {verdict}"
            f"{(' — ' + why) if why and not met else ''} |")


def main():
    meta = read_meta()
    storm_rows = read_storm()
    stab = storm_table(storm_rows)
    micro = micro_table(read_micro())
    phases = read_phases()
    rounds = max([r for v in VALS.values() for r, _ in v] or [0])
    out = []
    w = out.append

    # ---- header: the run
    w(BEGIN)
    w("")
    w("## Side by side: hummel, supervisord and PM2 (generated)")
    w("")
    w("This section is written by `bench/peers/report.py` from one run of "
      "`make bench` (`bench/peers/run.sh`); do not edit it by hand, rerun "
      "instead. The raw numbers are in `build-bench/results/` "
      "(`raw.tsv`, `lat.jsonl`, `storm.tsv`, `micro.json`).")
    w("")
    dur = ""
    if len(phases) >= 2:
        dur = f"{(phases[-1][1] - phases[0][1]) / 60:.1f} min"
    w("| run | |")
    w("|---|---|")
    w(f"| date | {meta.get('date', '?')} |")
    w(f"| command | `{meta.get('command', '?')}`"
      f"{' (quick smoke run)' if meta.get('quick') == '1' else ''} |")
    w(f"| machine | {meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, "
      f"{meta.get('mem_gib', '?')} GiB, {meta.get('os', '?')}, kernel "
      f"{meta.get('kernel', '?')} |")
    w(f"| versions | hummel {meta.get('hummel_commit', '?')}"
      f"{' (+' + meta['hummel_dirty'] + ' uncommitted files)' if meta.get('hummel_dirty', '0') not in ('', '0') else ''}"
      f", supervisor {meta.get('supervisor', '?')}, PM2 {meta.get('pm2', '?')} "
      f"(node {meta.get('node', '?')}), curl {meta.get('curl', '?')}, "
      f"wrk {meta.get('wrk', '?')}, CAF {meta.get('caf', '?')}, "
      f"{meta.get('compiler', '?')} |")
    w(f"| rounds | {meta.get('rounds', '?')} of the 100-process cases "
      f"(tools one after another in each round: hummel, supervisord, PM2); "
      f"scale {meta.get('scale_rounds', '?')}; tree cleanup "
      f"{meta.get('tree_rounds', '?')}; storm matrix "
      f"{meta.get('storm_rounds', '?')} × {meta.get('storm_seconds', '?')} s "
      f"per point |")
    w(f"| wall time | {dur} |")
    if len(phases) >= 2:
        parts = []
        for (name, t0, load, busy), nxt in zip(phases[:-1], phases[1:]):
            parts.append(f"{name} {nxt[1] - t0:.0f} s (load {load.split()[0]}"
                         f"{'; also busy: ' + busy if busy else ''})")
        w(f"| phases | {'; '.join(parts)} |")
    w(f"| load | at the start {meta.get('load_at_start', '?')} (1/5/15 min); "
      f"busy processes at the start: {meta.get('busy_at_start', '').strip() or 'none'} |")
    cl = open(os.path.join(RES, "cleanup.txt")).read().strip() if \
        os.path.exists(os.path.join(RES, "cleanup.txt")) else "not checked"
    w(f"| left running afterwards | "
      f"{'nothing (every daemon and child of the run was gone at the end)' if cl == 'clean' else cl.replace(chr(10), '; ')} |")
    failed = os.path.join(RES, "failed.tsv")
    if os.path.exists(failed):
        fl = [l.strip() for l in open(failed) if l.strip()]
        w(f"| failed cases | {'; '.join(fl)} |")
    w("")
    w("Numbers are the median over the rounds, with the range of the round "
      "values in brackets. Ratios are hummel ÷ the best peer (below 1 is "
      "better for times and sizes).")
    w("")

    # ---- goals
    w("### Goals of the performance issue")
    w("")
    w("| goal | hummel | best peer | hummel ÷ best peer | verdict |")
    w("|---|---|---|---|---|")
    s = st("hummel", "start_all_running")
    bp, bs = best_peer("start_all_running")
    w(goal_row("start 100, daemon up, ≤ 0.1 s",
               cell(s, digits=3, unit=" s"),
               f"{NAMES.get(bp, '–')} {cell(bs, unit=' s')}" if bp else "–",
               ratio_text(s.med, bs.med if bs else None),
               None if s.med is None else s.med <= 0.1,
               "likely: the reactor thread spawns one child at a time and "
               "the PROCESS actor's CAF worker waits for each pid, and 100 "
               "child start-ups (two execs each: hummel-spawn, then the "
               "program) share the two vCPUs with the daemon"))
    s = st("hummel", "list_keepalive_p50")
    s99 = st("hummel", "list_keepalive_p99")
    bp, bs = best_peer("list_keepalive_p50")
    w(goal_row("list 100 from a persistent client ≤ 1 ms (p50)",
               f"p50 {cell(s, unit=' ms')}, p99 {cell(s99, unit=' ms')}",
               f"{NAMES.get(bp, '–')} p50 {cell(bs, unit=' ms')}" if bp
               else "–", ratio_text(s.med, bs.med if bs else None),
               None if s.med is None else s.med <= 1.0,
               "likely: the answer is 65 KB of JSON; perf puts about a "
               "fifth of the daemon's samples in nlohmann's serializer "
               "(the text copy escapes the whole structured result a "
               "second time), about 15 % in malloc/free of the JSON tree "
               "(`std::map` objects) and about 18 % in thread switches "
               "(HTTP io thread → CAF worker → back) "
               "(bench/peers/profile.sh list100)"))
    s = st("hummel", "list_curl")
    fl = st("floor", "list_curl")
    bp, bs = best_peer("list_curl")
    gap = None if s.med is None or fl.med is None else s.med - fl.med
    w(goal_row("list 100 by curl within 2 ms of curl's floor",
               f"{cell(s, unit=' ms')}; floor {cell(fl, unit=' ms')}; "
               f"gap {fmt(gap)} ms",
               f"{NAMES.get(bp, '–')} {cell(bs, unit=' ms')}" if bp else "–",
               ratio_text(s.med, bs.med if bs else None),
               None if gap is None else gap <= 2.0,
               "likely: the daemon's own time for one listing (see the "
               "persistent client's p50) plus a new connection and 65 KB "
               "to receive instead of 3 bytes"))
    s = st("hummel", "list_cli")
    bp, bs = best_peer("list_cli")
    w(goal_row("`hummel ps` ≤ 10 ms (30× the best peer)",
               cell(s, unit=" ms"),
               f"{NAMES.get(bp, '–')} {cell(bs, unit=' ms')}" if bp else "–",
               ratio_text(s.med, bs.med if bs else None),
               None if s.med is None else s.med <= 10.0,
               "likely: the CLI's own start-up — `hummel --help`, which "
               "talks to no daemon, takes "
               f"{cell(st('floor', 'hummel_help'), unit=' ms')} (exec and "
               "dynamic linking of the libraries the daemon needs: CAF core, "
               "io and OpenSSL, libssl, libcrypto, spdlog, fmt, RE2, "
               "toml++) — then reading and parsing the 65 KB answer"))
    pts = ["rss_running", "rss_listed", "rss_keepalive", "rss_logs"]
    ss = [st("hummel", p) for p in pts]
    bp, bs = best_peer("rss_running")
    if all(x.med is not None for x in ss):
        mx = max(x.hi for x in ss)
        met = mx <= 15 * 1024
        grow = ss[-1].med - ss[0].med
        w(goal_row(
            "RSS with 100 processes ≤ 15 MB and flat",
            f"{fmt(mb(ss[0].med))} MB running, {fmt(mb(ss[1].med))} after "
            f"40 listings, {fmt(mb(ss[2].med))} after the keep-alive "
            f"client, {fmt(mb(ss[3].med))} after the log tests "
            f"(highest {fmt(mb(mx))})",
            f"{NAMES.get(bp, '–')} {fmt(mb(bs.med))} MB running" if bp
            else "–", ratio_text(ss[0].med, bs.med if bs else None), met,
            f"it grows by {fmt(mb(grow))} MB over the run. Mostly the log "
            "tests: they leave the two loggers' memory rings (the newest "
            "10,000 lines each, kept by design for logs_stream); the "
            "listings add little since the daemon limits glibc to two "
            "malloc arenas (before that, 40 listings added 1.5 MB: one "
            "arena per allocating thread keeping freed memory)"))
    for case, lim, label in (("logblock", 0.8, "block-buffered"),
                             ("logline", 1.8, "line-buffered")):
        s = st("hummel", f"{case}_on_disk")
        lost = st("hummel", f"{case}_lost")
        cpu = st("hummel", f"{case}_cpu")
        bp, bs = best_peer(f"{case}_on_disk")
        met = None
        if s.med is not None and lost.med is not None:
            met = s.med <= lim and lost.hi == 0
        w(goal_row(f"1 M lines {label} ≤ {lim} s, 0 lost",
                   f"{cell(s, unit=' s')}, lost {fmt(lost.hi)} at most, "
                   f"daemon CPU {cell(cpu, unit=' s')}",
                   f"{NAMES.get(bp, '–')} {cell(bs, unit=' s')}" if bp
                   else "–", ratio_text(s.med, bs.med if bs else None), met,
                   "likely: each line-buffered write wakes the reactor "
                   "and a CAF worker (thread switches are the largest "
                   "entry in the profile)"))
    g = [st("hummel", f"tree_stop_g{i}") for i in (1, 2, 3)]
    if all(x.med is not None for x in g):
        sv = "/".join(fmt(x.hi) for x in g)
        w(goal_row("tree cleanup 0 / 0 / 0", f"{sv} (`hummel stop`)", "–",
                   "–", all(x.hi == 0 for x in g)))
    # storm goals
    if stab:
        rates = sorted({k[1] for k in stab})
        clients = sorted({k[2] for k in stab})
        worst = []
        for c in clients:
            bad = [(r, stab[("view", r, c)]["p99"].med / 1000)
                   for r in rates if ("view", r, c) in stab
                   and stab[("view", r, c)]["p99"].med > 1000]
            p99s = [stab[("view", r, c)]["p99"].med / 1000 for r in rates
                    if ("view", r, c) in stab]
            if not p99s:
                continue
            little = ""
            hr = rates[-1]
            if ("view", hr, c) in stab:
                d = stab[("view", hr, c)]
                little = (f"{c} requests in flight ÷ "
                          f"{fmt(d['rps'].med)} requests/s = "
                          f"{fmt(c / d['rps'].med * 1000)} ms of mean "
                          "latency by Little's law at the highest rate")
            worst.append(goal_row(
                f"view path: `scripts_status` p99 ≤ 1 ms at every storm rate "
                f"≤ 100k/s, {c} client{'s' if c > 1 else ''}",
                f"p99 {fmt(min(p99s))}–{fmt(max(p99s))} ms over the rates",
                "–", "–", not bad,
                f"over 1 ms at {', '.join(rate_label(r) for r, _ in bad)}: "
                f"queueing, not the read — {little}; client and daemon "
                "share 2 vCPUs"))
        for row in worst:
            w(row)
        hr = rates[-1]
        for c in clients:
            v, m = stab.get(("view", hr, c)), stab.get(("messages", hr, c))
            if not v or not m:
                continue
            r = m["p99"].med / v["p99"].med
            w(goal_row(
                f"view p99 ≥ 10× better than messages at {rate_label(hr)}"
                f"/s, {c} client{'s' if c > 1 else ''}",
                f"view {fmt(v['p99'].med / 1000)} ms, messages "
                f"{fmt(m['p99'].med / 1000)} ms",
                "–", f"messages ÷ view = {fmt(r, 2)}", r >= 10,
                "likely: both paths pay the same HTTP parsing, JSON and hop "
                "from the io thread to the MCP SESSION actor (hundreds of "
                "µs), while the read differs by nanoseconds (view) vs tens "
                "of µs (one request to the STATUS CACHE); the cache folds "
                "an update in about a microsecond, so even at 100k/s a "
                "status request waits behind at most one 1-ms batch of "
                "the storm"))
    w("")

    # ---- side by side table
    w(f"### 100 × `sleep 300`, median [range] of {rounds} round"
      f"{'s' if rounds != 1 else ''}")
    w("")
    w("| measure | hummel | supervisord | PM2 | hummel ÷ best peer |")
    w("|---|---|---|---|---|")
    table = [
        ("daemon up, from launch (s)", "daemon_ready", 1, " s", True),
        ("start 100 with the daemon up, until all 100 are alive (s)",
         "start_all_running", 1, " s", True),
        ("list 100 through the CLI (ms; `hummel ps`, `supervisorctl "
         "status`, `pm2 jlist`; median of 20 per round)", "list_cli", 1,
         " ms", True),
        ("list 100, raw call with curl (ms; MCP `scripts_status` over HTTP "
         "/ XML-RPC `getAllProcessInfo` over the unix socket)", "list_curl",
         1, " ms", True),
        ("list 100 from a persistent client, p50 (ms)",
         "list_keepalive_p50", 1, " ms", True),
        ("list 100 from a persistent client, p99 (ms)",
         "list_keepalive_p99", 1, " ms", True),
        ("one listing (KB)", "list_bytes", 1 / 1000, " KB", True),
        ("RSS with 100 running (MB)", "rss_running", 1 / 1024, " MB", True),
        ("RSS after 40 listings (MB)", "rss_listed", 1 / 1024, " MB", True),
        ("RSS after the persistent client (MB)", "rss_keepalive", 1 / 1024,
         " MB", True),
        ("RSS after the log tests (MB)", "rss_logs", 1 / 1024, " MB", True),
        ("1 M lines block-buffered: all on disk (s)", "logblock_on_disk", 1,
         " s", True),
        ("1 M lines block-buffered: daemon CPU (s)", "logblock_cpu", 1,
         " s", True),
        ("1 M lines block-buffered: lines lost", "logblock_lost", 1, "",
         True),
        ("1 M lines line-buffered: all on disk (s)", "logline_on_disk", 1,
         " s", True),
        ("1 M lines line-buffered: daemon CPU (s)", "logline_cpu", 1, " s",
         True),
        ("1 M lines line-buffered: lines lost", "logline_lost", 1, "",
         True),
        ("open descriptors of the daemon", "fds", 1, "", True),
        ("stop everything (s)", "stop_daemon", 1, " s", True),
        ("`sleep 300` left after the stop", "leftover_sleepers", 1, "",
         True),
    ]
    for label, case, scale, unit, lower in table:
        cells = [cell(st(t, case), scale) for t in TOOLS]
        if all(c == "–" for c in cells):
            continue
        h = st("hummel", case)
        bp, bs = best_peer(case, lower)
        rt = ratio_text(h.med, bs.med if bs else None, lower) if bp else "–"
        if case.endswith("_lost") or case == "leftover_sleepers":
            rt = "–"
        w(f"| {label} | " + " | ".join(cells) + f" | {rt} |")
    incompl = [(t, c) for (t, c) in VALS if c.endswith("_incomplete")]
    fl = st("floor", "list_curl")
    w("")
    w(f"Floors in the same rounds: curl against `python3 -m http.server` "
      f"(a 3-byte file) {cell(fl, unit=' ms')}; the logger alone writing "
      f"through a pipe into a file: block-buffered "
      f"{cell(st('floor', 'logblock_on_disk'), unit=' s')}, line-buffered "
      f"{cell(st('floor', 'logline_on_disk'), unit=' s')}; the CLI's "
      f"start-up alone (`hummel --help`) "
      f"{cell(st('floor', 'hummel_help'), unit=' ms')}.")
    if incompl:
        w("")
        for t, c in incompl:
            s = st(t, c)
            w(f"* {NAMES.get(t, t)}: in {s.n} round(s) of "
              f"`{c.replace('_incomplete', '')}` the file never got every "
              "line (see the lines-lost row); those rounds have no "
              "\"all on disk\" time.")
    w("")
    w("How each tool was driven (the peers exactly as in "
      "`../shared/bench-peers/`):")
    w("")
    w("* **start 100**: hummel: one `curl` command that sends the 100 "
      "`scripts_run` calls over HTTP in parallel (`-Z`, 100 at once) to a "
      "daemon whose `hummel.toml` has the 100 processes with "
      "`autostart = false` — one client command for all, the counterpart "
      "of `supervisorctl start 'sleepers:*'` and `pm2 start eco.json`. "
      "Every tool: from just before the command until 100 `sleep 300` "
      "children of the daemon are alive (counted by parent pid).")
    w("* **CLI / curl latency**: each command run 20 times per round by "
      "`bench/peers/lat.py`, exec'd directly (no shell). The persistent "
      "client is `wrk -t1 -c1 -d3s` for hummel (thousands of calls), and "
      "40 in-process calls on one connection for the peers "
      "(`getAllProcessInfo` over supervisor's transport, `pm2.list()`), "
      "whose p99 is the slowest of the 40.")
    w("* **1 M lines**: `seq -f 'line %07g' 1 1000000`, restart off, no "
      "log rotation during the test (hummel "
      "`log_file_max_bytes = 1 GiB`, supervisord "
      "`stdout_logfile_maxbytes=0`, PM2 without its rotation module). "
      "Done when the file holds every line: 13,000,000 bytes for the "
      "peers' plain files; the record of line 1,000,000 for hummel's "
      "record file (sequence, time, stream, run and text per line, 38 MB). "
      "Polled every 10 ms. Daemon CPU = utime+stime from /proc between "
      "start and done. Lines lost are counted in the file.")
    w("* **RSS**: VmRSS of the daemon (hummel, supervisord, PM2's God "
      "daemon).")
    w("")

    # ---- tree cleanup
    tree = [("hummel", "stop", "hummel: `hummel stop NAME` for each"),
            ("hummel", "daemon_stop", "hummel: the daemon's stop (SIGTERM, "
             "as `hummel down`)"),
            ("supervisord", "stop", "supervisord defaults: `supervisorctl "
             "stop all`"),
            ("supervisord", "stop_asgroup", "supervisord "
             "`stopasgroup=true`: `supervisorctl stop all`"),
            ("pm2", "stop", "PM2: `pm2 stop all`")]
    if any(st(t, f"tree_{v}_g1").med is not None for t, v, _ in tree):
        w("### Tree cleanup: survivors of 10 each, 3 s after a normal stop")
        w("")
        w("| tool and stop | plain `&` | `setsid` | double-fork + `setsid` |")
        w("|---|---|---|---|")
        for t, v, label in tree:
            g = [st(t, f"tree_{v}_g{i}") for i in (1, 2, 3)]
            if g[0].med is None:
                continue
            w(f"| {label} | " + " | ".join(cell(x) for x in g) + " |")
        w("")

    # ---- scale
    sc = sorted({t for t, _ in VALS if "-" in t and t.split("-")[1].isdigit()},
                key=lambda t: (t.split("-")[0], int(t.split("-")[1])))
    if sc:
        w("### Scale: more processes in one daemon")
        w("")
        w("| daemon, processes | start all, daemon up | reached | "
          "list: CLI | list: curl | one listing | RSS running | RSS after "
          "listings | descriptors |")
        w("|---|---|---|---|---|---|---|---|---|")
        for t in sc:
            tool, n = t.split("-")
            reached = st(t, "start_reached")
            start = st(t, "start_all_running")
            after = NOTES.get((t, "start_reached"), "")
            after = after.split("after ")[-1].split(" s")[0]
            try:
                after = fmt(float(after)) + " s"
            except ValueError:
                pass
            rtxt = f"all {n}" if start.med is not None else (
                f"{fmt(reached.med)} of {n} (after {after})"
                if reached.med is not None else "–")
            w(f"| {NAMES.get(tool, tool)}, {int(n):,} | "
              f"{cell(start, unit=' s')} | {rtxt} | "
              f"{cell(st(t, 'list_cli'), unit=' ms')} | "
              f"{cell(st(t, 'list_curl'), unit=' ms')} | "
              f"{cell(st(t, 'list_bytes'), 1 / 1000, unit=' KB')} | "
              f"{cell(st(t, 'rss_running'), 1 / 1024, unit=' MB')} | "
              f"{cell(st(t, 'rss_listed'), 1 / 1024, unit=' MB')} | "
              f"{cell(st(t, 'fds'))} |")
        w("")
        w(f"The descriptor limit of the run was {meta.get('ulimit_n', '?')} "
          "(`ulimit -n`, raised to the hard limit); hummel holds three per "
          "running child (stdout and stderr pipes, a pidfd), so at most "
          f"about {fmt(int(meta.get('ulimit_n', '0') or 0) // 3)} children "
          "fit under it.")
        short = [t for t in sc if st(t, "start_reached").med is not None]
        if short:
            w("")
            w("Where not every process started in time (" + ", ".join(
                f"{NAMES.get(t.split('-')[0], t)} at {int(t.split('-')[1]):,}"
                for t in short) + "), the likely reason, from a perf profile "
              "of the reactor thread at about 4,400 children: every 2 s the "
              "reactor samples usage, and for each child "
              "`reactor::detail::tree_members` builds a hash set of all "
              "other run leaders (`excluded`), O(children²) per sample; "
              "with the /proc scan this keeps the reactor thread busy "
              "(profile: 16 % in tree_members, 15 % in unordered_set "
              "insert/rehash, about 30 % in malloc/free), and spawns wait "
              "for that same thread. Past the descriptor limit above, "
              "spawns would fail as well.")
        w("")
        w(plot_scale())
        w("")

    # ---- hummel vs itself: micro
    if micro:
        ns = sorted({k[1] for k in micro})
        w("### hummel against itself: read path micro-benchmarks")
        w("")
        w("`hummel_bench` (bench/read_path_bench.cpp), wall ns per read per "
          "reader thread (`ns_per_read`), with the writer sending the STATUS "
          "CACHE 100,000 changes/s; median [range] of the repetitions. "
          "\"message\" is a blocking request to the STATUS CACHE actor; "
          "the last column is message ÷ view at 1 thread.")
        w("")
        w("| read | N | 1 thread | 2 threads | allocations per read | "
          "message ÷ view |")
        w("|---|---|---|---|---|---|")
        for fam, label in MICRO_ROWS:
            for n in ns:
                d1, d2 = micro.get((fam, n, 1)), micro.get((fam, n, 2))
                if not d1 and not d2:
                    continue
                al = d1["allocs"].med if d1 else None
                rt = "–"
                if fam.startswith("bm_msg_"):
                    vf = fam.replace("bm_msg_", "bm_view_")
                    v = micro.get((vf, n, 1))
                    if v and d1:
                        rt = f"{fmt(d1['ns'].med / v['ns'].med)}×"
                w(f"| {label} | {n:,} | {ns_text(d1['ns'] if d1 else None)}"
                  f" | {ns_text(d2['ns'] if d2 else None)} | "
                  f"{fmt(al, 2) if al is not None else '–'} | {rt} |")
        wr = [d["writes"].med for k, d in micro.items()
              if k[0].startswith("bm_view")]
        if wr:
            w("")
            w(f"The writer reached {fmt(min(wr))}–{fmt(max(wr))} changes/s "
              "during the view rows.")
        w("")
        w(plot_micro(micro))
        w("")

    # ---- storm
    if stab:
        rates = sorted({k[1] for k in stab})
        clients = sorted({k[2] for k in stab})
        w("### hummel against itself, end to end: `scripts_status` during a "
          "storm of state changes")
        w("")
        w("`bench/e2e/storm_matrix.sh`: a daemon with 100 `sleep 300` "
          "(p1…p100) started with `--read-path view|messages` and "
          "`--storm RATE` (benchmark only: the STORM actor, "
          "actors/storm.cpp, sends the STATUS CACHE `(update, "
          "snapshot_ptr)` for 100 synthetic processes, storm-0…99, paced "
          "every 1 ms). `wrk -t1 -cC` keep-alive connections call "
          "`scripts_status {name: \"p1\"}` (stateless 2026-07-28 requests, "
          "bench/e2e/status.lua) for "
          f"{meta.get('storm_seconds', '?')} s per point; "
          "\"achieved\" is the storm's own count of updates sent per second "
          "during that window. Median over the rounds; client and daemon "
          "share the machine's cores.")
        w("")
        w("| clients | storm requested | achieved (changes/s) | path | "
          "requests/s | p50 | p99 | p99.9 | daemon CPU (s) | errors |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        for c in clients:
            for r in rates:
                for p in ("view", "messages"):
                    d = stab.get((p, r, c))
                    if not d:
                        continue
                    w(f"| {c} | {rate_label(r)}/s | "
                      f"{fmt(d['achieved'].med)} | {p} | "
                      f"{cell(d['rps'])} | {fmt(d['p50'].med / 1000)} ms | "
                      f"{cell(d['p99'], 1 / 1000, unit=' ms')} | "
                      f"{fmt(d['p999'].med / 1000)} ms | "
                      f"{fmt(d['cpu'].med)} | {fmt(d['errors'].hi)} |")
        w("")
        w("| clients | storm | view p99 ÷ messages p99 | view rps ÷ "
          "messages rps |")
        w("|---|---|---|---|")
        for c in clients:
            for r in rates:
                v, m = stab.get(("view", r, c)), stab.get(("messages", r, c))
                if v and m:
                    w(f"| {c} | {rate_label(r)}/s | "
                      f"{fmt(v['p99'].med / m['p99'].med, 2)} | "
                      f"{fmt(v['rps'].med / m['rps'].med, 2)} |")
        w("")
        lat, thr = plot_storm(stab)
        w(lat)
        w("")
        w(thr)
        w("")

    # ---- peer plots
    w("### Plots: hummel, supervisord and PM2")
    w("")
    w(plot_peers())
    w("")
    w(plot_rss())
    w("")
    w(plot_logs())
    w("")
    w(END)
    section = "\n".join(out) + "\n"

    doc = open(DOC).read() if os.path.exists(DOC) else "# Benchmarks\n"
    if BEGIN in doc and END in doc:
        a = doc.index(BEGIN)
        b = doc.index(END) + len(END)
        rest = doc[b:]
        if rest.startswith("\n"):
            rest = rest[1:]
        doc = doc[:a] + section + rest
    else:
        doc = doc.rstrip("\n") + "\n\n" + section
    with open(DOC, "w") as f:
        f.write(doc)
    print(f"wrote the generated section of {DOC} and plots in {PLOTS}")


if __name__ == "__main__":
    main()
