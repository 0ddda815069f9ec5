#!/usr/bin/env python3
"""Markdown table of one `cargo bench --bench report_small` run (issue 16).

Reads criterion's medians from $CARGO_TARGET_DIR/criterion (or target/criterion) and prints, for
each small value, memlayout's report and `heap_bytes` times, each peer's, and the report's time
less the fastest peer's (issue 16: within 1 microsecond where the work is that small), with the
load average at the time the table is printed (run it right after the bench).

    python3 scripts/report_small_table.py [--criterion DIR] [--baseline NAME]

(`--baseline NAME` reads a run saved with criterion's `--save-baseline NAME`.)
"""

import argparse
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

GROUPS = [
    ("small_pair", "struct of two short `String`s"),
    ("small_scalars", "struct of 8 scalar fields"),
    ("small_empty_vec", "empty `Vec<u64>`"),
    ("small_vec_u64_1m", "`Vec<u64>`, 1,000,000"),
    ("small_option_box", "`Option<Box<u64>>`"),
    ("small_map_of_three", "`HashMap<String, u32>`, 3 entries"),
    ("small_ten_strings", "`Vec<String>`, 10"),
]
PEERS = ["get-size2", "deepsize", "mem_dbg"]


def median_ns(root, group, function, baseline="new"):
    path = root / group / function / baseline / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "criterion"
    parser.add_argument("--criterion", type=Path, default=default)
    parser.add_argument("--baseline", default="new")
    args = parser.parse_args()
    print("| value | report (ns) | heap_bytes (ns) | " + " | ".join(f"{p} (ns)" for p in PEERS)
          + " | report - fastest peer (ns) |")
    print("|---|" + "---:|" * (3 + len(PEERS)))
    for group, title in GROUPS:
        def median(function):
            return median_ns(args.criterion, group, function, args.baseline)

        report = median("memlayout_report")
        if report is None:
            continue
        heap = median("memlayout_heap_bytes")
        peers = {p: median(p) for p in PEERS}
        fastest = min(ns for ns in peers.values() if ns is not None)
        cells = [f"{report:,.1f}", f"{heap:,.1f}"] + [
            "-" if peers[p] is None else f"{peers[p]:,.1f}" for p in PEERS]
        print(f"| {title} | " + " | ".join(cells) + f" | {report - fastest:,.1f} |")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average (1, 5, 15 min) when printed: {load}")


if __name__ == "__main__":
    main()
