"""Rows of the goals table for error detection: its cost per line
(hummel_bench's bm_errors_* in errors.json) and its share of the daemon's
CPU on the 1 M lines cases (hummel beside hummel --no-error-detection in
each round)."""

import json
import os

from report_config import RES
from report_stats import Stat, st
from report_text import cell, fmt, goal_row


def read_errors_bench():
    """{benchmark name: Stat of ns/line over the repetitions}."""
    path = os.path.join(RES, "errors.json")
    if not os.path.exists(path):
        return {}
    try:
        data = json.load(open(path))
    except ValueError:
        return {}
    runs = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or "ns/line" not in b:
            continue
        # The counter is a rate inverted: seconds per line.
        runs.setdefault(b.get("run_name", b["name"]), []).append(
            b["ns/line"] * 1e9)
    return {k: Stat(v) for k, v in runs.items()}


def write_errors_goals(w):
    """The goals of the error-detection issue that `make bench` measures."""
    ns = read_errors_bench()
    dev = ns.get("bm_errors_detect_dev_server")
    short = ns.get("bm_errors_detect_short_lines")
    if dev:
        w(goal_row("error detection ≤ 100 ns per line on a dev-server-like "
                   "stream",
                   f"{cell(dev, unit=' ns')} per line; `seq`'s short lines "
                   f"{cell(short, unit=' ns') if short else '–'}",
                   "–", "–", dev.med <= 100,
                   "bench/errors_bench.cpp: about 6 candidate positions per "
                   "line reach the exact atom test after the SIMD start "
                   "filter, and common atoms (`.ts`, `[vite] `, "
                   "`\"level\":`) send a third of the lines to the "
                   "regexps' atom trees"))
    for case, label in (("logblock", "block-buffered"),
                        ("logline", "line-buffered")):
        on = st("hummel", f"{case}_cpu")
        off = st("hummel_nodetect", f"{case}_cpu")
        if on.med is None or off.med is None or off.med <= 0:
            continue
        ratio = on.med / off.med
        w(goal_row(f"1 M lines {label}: error detection adds ≤ 10 % daemon "
                   "CPU",
                   f"{cell(on, unit=' s')} with, {cell(off, unit=' s')} "
                   f"without (`--no-error-detection`): "
                   f"+{fmt((ratio - 1) * 100)} %",
                   "–", "–", ratio <= 1.10,
                   "daemon CPU time on a 2-vCPU machine varies by about "
                   "10 % from round to round; see the ranges"))
