"""gnuplot: the plots of hummel against itself (storm matrix, read path
micro-benchmarks)."""

from report_plots import gnuplot
from report_stats import MICRO_ROWS
from report_text import rate_label


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
