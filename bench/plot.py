#!/usr/bin/env python3
"""Draws bench/scaling.svg from Google Benchmark JSON (scripts/run-bench).

Two log-log panels against the number of rules of the generated policies:
time per decision, and the time to parse / load / diff a policy. Plain SVG
written by hand, so drawing the plot needs nothing beyond Python 3.

    python3 bench/plot.py bench/results/latest.json bench/scaling.svg
"""
import json
import math
import sys

TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

WIDTH, HEIGHT = 980, 430
PANEL_W, PANEL_H = 380, 300
MARGIN_LEFT, MARGIN_TOP = 80, 60
GAP = 110
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def medians(path):
    """{run name: time in ns}: the median of the repetitions when there are
    several, else the single run."""
    with open(path) as f:
        report = json.load(f)
    single, median = {}, {}
    for b in report["benchmarks"]:
        ns = b["real_time"] * TO_NS[b.get("time_unit", "ns")]
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                median[name] = ns
        else:
            single.setdefault(name, ns)
    single.update(median)
    return single, report.get("context", {})


def series(times, prefix):
    """[(rules, ns)] for the runs named prefix/N, by N."""
    points = []
    for name, ns in times.items():
        if name.startswith(prefix + "/"):
            tail = name[len(prefix) + 1:]
            if tail.isdigit():
                points.append((int(tail), ns))
    return sorted(points)


def decades(low, high):
    lo = math.floor(math.log10(low))
    hi = math.ceil(math.log10(high))
    if lo == hi:
        hi += 1
    return lo, hi


def label(value):
    if value >= 1e9:
        return f"{value / 1e9:g} s"
    if value >= 1e6:
        return f"{value / 1e6:g} ms"
    if value >= 1e3:
        return f"{value / 1e3:g} µs"
    return f"{value:g} ns"


def rules_label(n):
    return f"{n:,}"


class Panel:
    def __init__(self, x0, title, xs, ys):
        self.x0, self.y0 = x0, MARGIN_TOP
        self.title = title
        self.xlo, self.xhi = decades(min(xs), max(xs))
        self.ylo, self.yhi = decades(min(ys), max(ys))

    def x(self, v):
        return self.x0 + PANEL_W * (math.log10(v) - self.xlo) / (self.xhi - self.xlo)

    def y(self, v):
        return self.y0 + PANEL_H * (1 - (math.log10(v) - self.ylo) / (self.yhi - self.ylo))

    def frame(self, out):
        out.append(f'<text x="{self.x0 + PANEL_W / 2}" y="{self.y0 - 22}" class="title">{self.title}</text>')
        for d in range(self.xlo, self.xhi + 1):
            x = self.x(10 ** d)
            out.append(f'<line x1="{x:.1f}" y1="{self.y0}" x2="{x:.1f}" y2="{self.y0 + PANEL_H}" class="grid"/>')
            out.append(f'<text x="{x:.1f}" y="{self.y0 + PANEL_H + 18}" class="tick">{rules_label(10 ** d)}</text>')
        for d in range(self.ylo, self.yhi + 1):
            y = self.y(10 ** d)
            out.append(f'<line x1="{self.x0}" y1="{y:.1f}" x2="{self.x0 + PANEL_W}" y2="{y:.1f}" class="grid"/>')
            out.append(f'<text x="{self.x0 - 8}" y="{y + 4:.1f}" class="ytick">{label(10 ** d)}</text>')
        out.append(f'<rect x="{self.x0}" y="{self.y0}" width="{PANEL_W}" height="{PANEL_H}" class="frame"/>')
        out.append(f'<text x="{self.x0 + PANEL_W / 2}" y="{self.y0 + PANEL_H + 40}" class="axis">rules in the policy</text>')

    def line(self, out, points, colour, name, index, dashed=False):
        path = " ".join(f"{self.x(n):.1f},{self.y(v):.1f}" for n, v in points)
        style = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{style}/>')
        for n, v in points:
            out.append(f'<circle cx="{self.x(n):.1f}" cy="{self.y(v):.1f}" r="3.5" fill="{colour}"><title>{name}, '
                       f'{rules_label(n)} rules: {label(v)}</title></circle>')
        ly = self.y0 + 14 + 18 * index
        lx = self.x0 + 12
        out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{style}/>')
        out.append(f'<text x="{lx + 28}" y="{ly}" class="legend">{name}</text>')


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS.json OUT.svg")
    times, context = medians(sys.argv[1])
    decide = series(times, "decide/generated")
    stages = [
        ("parse", series(times, "parse/generated")),
        ("check (names, types, lints)", series(times, "check/generated")),
        ("compile (tables)", series(times, "compile/generated")),
        ("load = parse + check + compile", series(times, "load/generated")),
        ("diff, 1 % of rules changed", series(times, "diff/generated")),
    ]
    stages = [(name, points) for name, points in stages if points]
    if not decide or not stages:
        sys.exit("plot.py: the results have no decide/generated or pipeline runs")

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">',
           "<style>.title{font-size:15px;font-weight:bold;text-anchor:middle}"
           ".tick{font-size:11px;text-anchor:middle;fill:#444}.ytick{font-size:11px;text-anchor:end;fill:#444}"
           ".axis{font-size:12px;text-anchor:middle}.legend{font-size:12px}"
           ".grid{stroke:#ddd;stroke-width:1}.frame{fill:none;stroke:#888}</style>",
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']

    seed = times.get("decide/seed")
    ys = [v for _, v in decide] + ([seed] if seed else []) + [25]
    left = Panel(MARGIN_LEFT, "Time per decision (median)", [n for n, _ in decide] + [88], ys)
    left.frame(out)
    left.line(out, decide, COLOURS[0], "decide, generated policy", 0)
    if seed:
        left.line(out, [(88, seed)], COLOURS[1], "decide, seed policy (88 rules)", 1)
    target = [(decide[0][0], 25), (decide[-1][0], 25)]
    left.line(out, target, "#999", "target at 100,000 rules: 25 ns", 2 if seed else 1, dashed=True)

    xs = [n for _, points in stages for n, _ in points]
    ys = [v for _, points in stages for _, v in points] + [1e9]
    right = Panel(MARGIN_LEFT + PANEL_W + GAP, "Time to load or compare a policy (median)", xs, ys)
    right.frame(out)
    for i, (name, points) in enumerate(stages):
        right.line(out, points, COLOURS[i % len(COLOURS)], name, i)
    right.line(out, [(min(xs), 1e9), (max(xs), 1e9)], "#999", "target for a 100,000-rule load: 1 s", len(stages), dashed=True)

    machine = f'{context.get("num_cpus", "?")} CPUs at {context.get("mhz_per_cpu", "?")} MHz'
    out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 12}" class="tick">Google Benchmark medians, {machine}, '
               f'{context.get("date", "")}; generated by bench/plot.py</text>')
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
