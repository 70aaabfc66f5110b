"""Reading the files one run of bench/peers/run.sh leaves in RES."""

import collections
import json
import os

from report_config import RES


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
