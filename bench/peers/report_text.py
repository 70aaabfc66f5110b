"""Numbers as text: significant digits, ranges, ratios, table rows."""

import math


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
