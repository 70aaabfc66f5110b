"""BENCHMARKS.md: the head of the generated section (the run) and the
goals of the performance issue."""

import os

from report_config import BEGIN, NAMES, RES
from report_md_errors import write_errors_goals
from report_stats import NOTES, best_peer, st
from report_text import cell, fmt, goal_row, mb, rate_label, ratio_text


def write_run(w, meta, phases):
    """The heading, the run's table and the reading note."""
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


def write_goals(w, stab):
    """The goals table: each goal, hummel, the best peer, the verdict."""
    # ---- goals
    w("### Goals of the performance issue")
    w("")
    w("| goal | hummel | best peer | hummel ÷ best peer | verdict |")
    w("|---|---|---|---|---|")
    s = st("hummel", "start_all_running")
    sf = st("floor", "spawn_100")
    bp, bs = best_peer("start_all_running")
    w(goal_row("start 100, daemon up, ≤ 0.1 s",
               f"{cell(s, digits=3, unit=' s')}; spawn floor "
               f"{cell(sf, digits=3, unit=' s')}",
               f"{NAMES.get(bp, '–')} {cell(bs, unit=' s')}" if bp else "–",
               ratio_text(s.med, bs.med if bs else None),
               None if s.med is None else s.med <= 0.1,
               "likely: the spawn floor beside it (bench/peers/spawn_floor.c: "
               "the reactor's clone and exec of 100 `sleep 300`, one "
               "thread, no daemon, in the same rounds) and, on the same two "
               "cores, the children's exec and dynamic loading, the 100 "
               "HTTP calls of one curl (100 in parallel) and the daemon's "
               "work per start (about 0.8 ms of CPU, no single hot spot in "
               "`perf record`)"))
    s = st("hummel", "list_keepalive_p50")
    s99 = st("hummel", "list_keepalive_p99")
    bp, bs = best_peer("list_keepalive_p50")
    w(goal_row("list 100 from a persistent client ≤ 1 ms (p50)",
               f"p50 {cell(s, unit=' ms')}, p99 {cell(s99, unit=' ms')}",
               f"{NAMES.get(bp, '–')} p50 {cell(bs, unit=' ms')}" if bp
               else "–", ratio_text(s.med, bs.med if bs else None),
               None if s.med is None else s.med <= 1.0,
               "likely: the HTTP exchange itself; the answer is rendered "
               "once per view version and copied, on the io thread "
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
               f"{cell(st('floor', 'hummel_help'), unit=' ms')} (the exec "
               "of a statically linked program, and CLI11's --help) — then "
               "the request and the table"))
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
            "tests: they leave the two processes' memory rings (the newest "
            "10,000 lines each, 24 bytes of entry and the text a line, "
            "about 0.43 MB a ring, kept by design for logs_stream) and the "
            "log path's code pages. Of the RSS at the start, about 10 MB "
            "is mapped files shared with the page cache: the code and "
            "constants of Debian's CAF, libstdc++, libc, jemalloc and "
            "spdlog about 6 MB, the daemon's own about 3.5 MB, its code "
            "that runs placed together; the loader's tables of all of them "
            "(3.1 MB) go back to the kernel once the daemon has started "
            "(docs/BENCHMARKS.md, \"Hot text\" and \"The loader's "
            "tables\")"))
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
                   "likely: the log file's record per line and the error "
                   "detection (the reactor parks a trickling pipe for 1 ms, "
                   "so a line-buffered child's lines come in batches)"))
    g = [st("hummel", f"tree_stop_g{i}") for i in (1, 2, 3)]
    if all(x.med is not None for x in g):
        sv = "/".join(fmt(x.hi) for x in g)
        w(goal_row("tree cleanup 0 / 0 / 0", f"{sv} (`hummel stop`)", "–",
                   "–", all(x.hi == 0 for x in g)))
    write_cluster_goals(w)
    write_errors_goals(w)
    write_storm_goals(w, stab)


def write_cluster_goals(w):
    """The cluster's goal (bench/cluster/cluster_bench.sh, issue 13)."""
    p50, p99, mx = (st("hummel", f"cluster_{k}") for k in ("p50", "p99", "max"))
    if p99.med is None:
        return
    shape = (NOTES.get(("hummel", "cluster_p99")) or "16 100 400").split()
    s99, smx = st("hummel", "cluster_start_p99"), st("hummel", "cluster_start_max")
    rs = st("hummel", "cluster_restarts_s")
    w(goal_row(
        f"cluster of {shape[0]} nodes × {shape[1]} processes and a monitor, "
        f"{shape[2]} restarts: change → monitor p99 ≤ 20 ms, max ≤ 100 ms",
        f"p50 {cell(p50, unit=' ms')}, p99 {cell(p99, unit=' ms')}, max "
        f"{cell(mx, unit=' ms')} (while the nodes start: p99 "
        f"{cell(s99, unit=' ms')}, max {cell(smx, unit=' ms')}; the "
        f"restarts took {cell(rs, unit=' s')})",
        "–", "–", p99.hi <= 20 and mx.hi <= 100,
        "likely: the run queue — every daemon, 1,600 children and the "
        "restarting CLIs share the 2 vCPUs, and `perf sched` shows the "
        "daemons' threads waiting up to 55–136 ms for a CPU"))


def write_storm_goals(w, stab):
    """The goals of the storm matrix (rows of the goals table)."""
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
                "likely: both paths pay the same HTTP parsing and JSON on "
                "the io thread, and the view path is within tens of µs of "
                "the fixed-body floor; the read differs by nanoseconds "
                "(view) vs one request to the STATUS CACHE (tens of µs), "
                "so the ratio is bounded by how slow asking the cache is, "
                "and the p99s of all three paths are the machine's"))
        for c in clients:
            v, f = stab.get(("view", hr, c)), stab.get(("floor", hr, c))
            if c < 2 or not v or not f or not v["rps"].med:
                continue
            r = f["rps"].med / v["rps"].med
            w(goal_row(
                f"view throughput within 1.5× of the fixed-body floor at "
                f"{rate_label(hr)}/s, {c} clients",
                f"view {fmt(v['rps'].med)}/s, floor {fmt(f['rps'].med)}/s",
                "–", f"floor ÷ view = {fmt(r, 2)}", r <= 1.5,
                "the rest is the JSON-RPC work of one answer (parse, "
                "checks, build, dump) on the io thread"))
    w("")
