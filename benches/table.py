#!/usr/bin/env python3
"""Turn `cargo bench -p streamde-bench --bench decode` output into the BENCHMARKS.md table.

    cargo bench -p streamde-bench --bench decode 2>&1 | tee bench.log
    python3 benches/table.py bench.log

MB/s is 10^6 bytes per second (criterion prints MiB/s; converted here), the
middle of criterion's estimate. Ratios are to serde_json in the same group,
and the chunked columns also to streamde's own whole-buffer speed.
"""
import re
import sys

UNITS = {"B/s": 1e-6, "KiB/s": 1024 / 1e6, "MiB/s": 1024**2 / 1e6, "GiB/s": 1024**3 / 1e6}
COLS = ["streamde", "streamde_chunks/4096", "streamde_chunks/64", "streamde_chunks/1",
        "serde_json", "sonic_rs", "simd_json", "miniserde"]
HEAD = ["streamde", "4096-chunks", "64-chunks", "1-byte", "serde_json", "sonic-rs", "simd-json", "miniserde"]


def parse(text):
    groups, name = {}, None
    for line in text.splitlines():
        m = re.match(r"^(\S+/\S+)", line)
        if m and not line.startswith(("Benchmarking", "Found", "Warning")):
            name = m.group(1)
        m = re.search(r"thrpt:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
        if m and name:
            group, _, contender = name.partition("/")
            groups.setdefault(group, {})[contender] = float(m.group(1)) * UNITS[m.group(2)]
    return groups


def main():
    groups = parse(open(sys.argv[1]).read())
    print("| input | " + " | ".join(HEAD) + " |")
    print("|---|" + "---:|" * len(HEAD))
    for g, v in groups.items():
        base = v.get("serde_json")
        own = v.get("streamde")
        cells = []
        for c in COLS:
            x = v.get(c)
            if x is None:
                cells.append("–")
                continue
            cell = f"{x:.0f}"
            if base and c != "serde_json":
                cell += f" ({x / base:.2f}×)"
            if own and c.startswith("streamde_chunks"):
                cell += f" [{x / own:.2f}× own]"
            cells.append(cell)
        print(f"| {g} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
