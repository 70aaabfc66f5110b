"""The numbers: medians and ranges over the rounds, per measure."""

import collections
import statistics

from report_config import PEERS
from report_load import read_raw


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


def best_peer(case, lower_is_better=True):
    """(tool, Stat) of the peer with the best median, or (None, None)."""
    cands = [(t, st(t, case)) for t in PEERS if st(t, case).med is not None]
    if not cands:
        return None, None
    key = (lambda ts: ts[1].med) if lower_is_better else (
        lambda ts: -ts[1].med)
    return min(cands, key=key)


def storm_table(rows):
    """{(path, rate, clients): {measure: Stat}}."""
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in rows:
        key = (r["path"], int(r["rate"]), int(r["clients"]))
        for k in ("achieved", "rps", "p50", "p99", "p999", "errors", "cpu"):
            groups[key][k].append(r[k])
    return {k: {m: Stat(v) for m, v in d.items()} for k, d in groups.items()}


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
