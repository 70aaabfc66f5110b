"""BENCHMARKS.md: hummel against itself (read path micro-benchmarks,
the storm matrix end to end)."""

from report_plots_self import plot_micro, plot_storm
from report_stats import MICRO_ROWS
from report_text import cell, fmt, ns_text, rate_label


def write_micro(w, micro):
    """The read path micro-benchmarks table and plot."""
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


def write_storm(w, meta, stab):
    """`scripts_status` during a storm of state changes: tables and plots."""
    # ---- storm
    if stab:
        rates = sorted({k[1] for k in stab})
        clients = sorted({k[2] for k in stab})
        w("### hummel against itself, end to end: `scripts_status` during a "
          "storm of state changes")
        w("")
        w("`bench/e2e/storm_matrix.sh`: a daemon with 100 `sleep 300` "
          "(p1…p100) started with `--read-path view|messages|floor` and "
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
        w("\"floor\" is `--read-path floor` (benchmark only): the same "
          "HTTP server code answering every sessionless POST with a fixed "
          "body, no JSON-RPC. \"Little\" is the mean latency Little's law "
          "gives for that throughput with C clients always waiting "
          "(C ÷ requests/s), beside the measured p99.")
        w("")
        w("| clients | storm requested | achieved (changes/s) | path | "
          "requests/s | p50 | p99 | Little (C÷rps) | p99.9 | "
          "daemon CPU (s) | errors |")
        w("|---|---|---|---|---|---|---|---|---|---|---|")
        for c in clients:
            for r in rates:
                for p in ("view", "messages", "floor"):
                    d = stab.get((p, r, c))
                    if not d:
                        continue
                    little = c / d['rps'].med * 1000 if d['rps'].med else 0
                    w(f"| {c} | {rate_label(r)}/s | "
                      f"{fmt(d['achieved'].med)} | {p} | "
                      f"{cell(d['rps'])} | {fmt(d['p50'].med / 1000)} ms | "
                      f"{cell(d['p99'], 1 / 1000, unit=' ms')} | "
                      f"{fmt(little)} ms | "
                      f"{fmt(d['p999'].med / 1000)} ms | "
                      f"{fmt(d['cpu'].med)} | {fmt(d['errors'].hi)} |")
        w("")
        w("| clients | storm | view p99 ÷ messages p99 | view rps ÷ "
          "messages rps | messages p99 ÷ view p99 | floor rps ÷ view rps |")
        w("|---|---|---|---|---|---|")
        for c in clients:
            for r in rates:
                v, m = stab.get(("view", r, c)), stab.get(("messages", r, c))
                f = stab.get(("floor", r, c))
                if v and m:
                    floor = (fmt(f['rps'].med / v['rps'].med, 2)
                             if f and v['rps'].med else "–")
                    w(f"| {c} | {rate_label(r)}/s | "
                      f"{fmt(v['p99'].med / m['p99'].med, 2)} | "
                      f"{fmt(v['rps'].med / m['rps'].med, 2)} | "
                      f"{fmt(m['p99'].med / v['p99'].med, 2)} | {floor} |")
        w("")
        lat, thr = plot_storm(stab)
        w(lat)
        w("")
        w(thr)
        w("")
