#!/usr/bin/env python3
"""Draw BENCHMARKS.md's chart (benches/chart.svg) from a criterion run.

    cargo bench -p streamde-bench --bench decode          # writes target/criterion/
    python3 benches/chart.py            # reads it, writes benches/chart.svg

One panel per input, one bar per contender: streamde on the whole buffer
and in 4096- and 64-byte chunks, then serde_json, sonic-rs, simd-json and
miniserde where the input has them. MB/s is 10^6 bytes per second over
criterion's mean time per iteration (its `new/estimates.json`), the bytes
being the group's throughput. Each panel has its own scale (inputs differ
by an order of magnitude); every bar carries its number. Standard library
only, so it runs wherever the benchmarks do.
"""
import json
import os
import sys
from html import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTENDERS = [
    ("streamde", "streamde", "#d95f02"),
    ("streamde_chunks/4096", "streamde, 4096-byte chunks", "#fc8d62"),
    ("streamde_chunks/64", "streamde, 64-byte chunks", "#fdd0a2"),
    ("serde_json", "serde_json", "#1b9e77"),
    ("sonic_rs", "sonic-rs", "#7570b3"),
    ("simd_json", "simd-json", "#e7298a"),
    ("miniserde", "miniserde", "#66a61e"),
]
# Panels in this order; any other group criterion wrote comes after them.
ORDER = [
    "account_session_list.min", "account_session_list.pretty",
    "identity_verification_session_list.min", "identity_verification_session_list.pretty",
    "typed.canada", "typed.citm_catalog", "typed.twitter",
    "value.canada", "value.citm_catalog", "value.twitter",
]


def load(crit_dir):
    """{group: {contender: MB/s}} from criterion's JSON files."""
    groups = {}
    for dirpath, _, files in os.walk(crit_dir):
        if not dirpath.endswith(os.sep + "new") or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        thr = bench.get("throughput") or {}
        nbytes = thr.get("Bytes") or thr.get("BytesDecimal")
        if not nbytes:
            continue
        name = bench["function_id"]
        if bench.get("value_str"):
            name += "/" + bench["value_str"]
        ns = est["mean"]["point_estimate"]
        groups.setdefault(bench["group_id"], {})[name] = nbytes / ns * 1e3  # bytes/ns -> MB/s
    return groups


def svg(groups):
    names = [g for g in ORDER if g in groups] + sorted(g for g in groups if g not in ORDER)
    names = [g for g in names if not g.startswith("fixture.")]
    bar_h, gap, label_w, plot_w, pad = 14, 3, 190, 420, 16
    rows = []
    y = 70
    for g in names:
        present = [c for c in CONTENDERS if c[0] in groups[g]]
        top = max(groups[g][c[0]] for c in present)
        rows.append(f'<text x="{pad}" y="{y}" class="panel">{escape(g)}</text>')
        y += 6
        for key, label, colour in present:
            v = groups[g][key]
            w = max(1.0, plot_w * v / top)
            rows.append(f'<text x="{pad + label_w - 6}" y="{y + bar_h - 3}" class="label">{escape(label)}</text>')
            rows.append(f'<rect x="{pad + label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
            rows.append(f'<text x="{pad + label_w + w + 4:.1f}" y="{y + bar_h - 3}" class="value">{v:,.0f}</text>')
            y += bar_h + gap
        y += 22
    width = pad * 2 + label_w + plot_w + 70
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" '
        'font-family="Helvetica, Arial, sans-serif">'
        '<style>.panel{font-size:13px;font-weight:bold}.label{font-size:11px;text-anchor:end}'
        '.value{font-size:11px}.title{font-size:15px;font-weight:bold}.note{font-size:11px;fill:#555}</style>'
        f'<rect width="{width}" height="{y}" fill="white"/>'
        f'<text x="{pad}" y="24" class="title">Decode throughput, MB/s (higher is better)</text>'
        f'<text x="{pad}" y="42" class="note">criterion mean per input; each panel has its own scale. '
        'Made by: cargo bench -p streamde-bench --bench decode; python3 benches/chart.py</text>'
    )
    return head + "".join(rows) + "</svg>\n"


def main():
    crit = os.environ.get("CRITERION_DIR", os.path.join(ROOT, "target", "criterion"))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "benches", "chart.svg")
    groups = load(crit)
    if not groups:
        sys.exit(f"no criterion results under {crit}: run `cargo bench -p streamde-bench --bench decode` first")
    with open(out, "w") as f:
        f.write(svg(groups))
    print(f"{out}: {len(groups)} inputs")


if __name__ == "__main__":
    main()
