"""gnuplot: the plots of hummel beside supervisord and PM2, written to
docs/plots/ (data files and scripts in RES/plots/)."""

import os
import subprocess
import sys

from report_config import NAMES, PLOTS, TOOLS, WORK
from report_stats import VALS, st


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
