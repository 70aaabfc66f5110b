#!/usr/bin/python3
"""report.py [RESULTS_DIR]: turns one run of bench/peers/run.sh into the
generated section of docs/BENCHMARKS.md (between the markers
`<!-- generated:begin -->` and `<!-- generated:end -->`; appended at the end
when they are missing) and the plots in docs/plots/ (gnuplot, PNG).

Every figure comes from the files of that run: raw.tsv (one measurement per
line: round, tool, case, value, unit, note), lat.jsonl (latency samples),
storm.tsv, micro.json (Google Benchmark), meta.txt, phases.tsv,
failed.tsv and cleanup.txt. Nothing here is a measured number.

The work is split over the report_*.py modules beside this file:
report_config (paths, names), report_load (reading the files), report_stats
(medians and ranges), report_text (number formatting), report_md_run,
report_md_peers and report_md_self (the markdown), report_plots and
report_plots_self (gnuplot)."""


import os
import sys

# No __pycache__ beside the script (the modules below are imported).
sys.dont_write_bytecode = True

from report_config import BEGIN, DOC, END, PLOTS
from report_load import read_meta, read_micro, read_phases, read_storm
from report_md_peers import write_scale, write_side_by_side, write_tree
from report_md_run import write_goals, write_run
from report_md_self import write_micro, write_storm
from report_plots import plot_logs, plot_peers, plot_rss
from report_stats import VALS, micro_table, storm_table


def main():
    meta = read_meta()
    storm_rows = read_storm()
    stab = storm_table(storm_rows)
    micro = micro_table(read_micro())
    phases = read_phases()
    rounds = max([r for v in VALS.values() for r, _ in v] or [0])
    out = []
    w = out.append

    write_run(w, meta, phases)
    write_goals(w, stab)
    write_side_by_side(w, rounds)
    write_tree(w)
    write_scale(w, meta)
    write_micro(w, micro)
    write_storm(w, meta, stab)

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
