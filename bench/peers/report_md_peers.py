"""BENCHMARKS.md: hummel beside supervisord and PM2 (100 processes,
tree cleanup, scale)."""

from report_config import NAMES, TOOLS
from report_plots import plot_scale
from report_stats import NOTES, VALS, best_peer, st
from report_text import cell, fmt, ratio_text


def write_side_by_side(w, rounds):
    """The 100 × `sleep 300` table, the floors and how each tool was driven."""
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
      f"{cell(st('floor', 'hummel_help'), unit=' ms')}; 100 `sleep 300` "
      f"cloned and exec'd without a daemon (bench/peers/spawn_floor.c) "
      f"{cell(st('floor', 'spawn_100'), digits=3, unit=' s')}.")
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


def write_tree(w):
    """Survivors after a normal stop, per way of detaching."""
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


def write_scale(w, meta):
    """More processes in one daemon."""
    # ---- scale
    sc = sorted({t for t, _ in VALS if "-" in t and t.split("-")[1].isdigit()},
                key=lambda t: (t.split("-")[0], int(t.split("-")[1])))
    if sc:
        w("### Scale: more processes in one daemon")
        w("")
        w("| daemon, processes | start all, daemon up | reached | "
          "list: CLI | list: curl | one listing | RSS running | RSS after "
          "listings | 2 s later | descriptors |")
        w("|---|---|---|---|---|---|---|---|---|---|")
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
              f"{cell(st(t, 'rss_settled'), 1 / 1024, unit=' MB')} | "
              f"{cell(st(t, 'fds'))} |")
        w("")
        sf = st("floor", "spawn_1000")
        if sf.med is not None:
            w("The spawn floor in the same scale rounds: 1,000 `sleep 300` "
              "cloned and exec'd without a daemon (bench/peers/"
              f"spawn_floor.c, one thread) in {cell(sf, unit=' s')}.")
            w("")
        w(f"The descriptor limit of the run was {meta.get('ulimit_n', '?')} "
          "(`ulimit -n`, raised to the hard limit); hummel holds three per "
          "running child (stdout and stderr pipes, a pidfd), so at most "
          f"about {fmt(int(meta.get('ulimit_n', '0') or 0) // 3)} children "
          "fit under it.")
        short = [t for t in sc if st(t, "start_reached").med is not None]
        if short:
            w("")
            w("Where not every process started (" + ", ".join(
                f"{NAMES.get(t.split('-')[0], t)} at {int(t.split('-')[1]):,}"
                for t in short) + "): the descriptor limit above. The "
              "daemon refuses the starts past it with an error that says "
              "so (scripts_run: \"descriptor limit reached: cannot start "
              "…\"), instead of leaving them pending. Raising the "
              "hard limit to `fs.nr_open` needs CAP_SYS_RESOURCE, which "
              "the daemon tries and this sandbox's root lacks.")
        w("")
        w(plot_scale())
        w("")
