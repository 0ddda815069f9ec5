#!/usr/bin/env python3
"""Markdown table of one `cargo bench --bench heap` run (issue 6).

Reads criterion's medians from $CARGO_TARGET_DIR/criterion (or target/criterion) and, with
--exactness, the figures `benches/test_bench_exactness.rs` wrote against a counting allocator
(MEMLAYOUT_EXACTNESS_JSON=path cargo test --test test_bench_exactness), and prints the medians,
which figures are exact, and the ratios the issue's targets are stated in.

    python3 scripts/bench_table.py [--criterion DIR] [--exactness exactness.json]
"""

import argparse
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

GROUPS = [
    ("1_vec_u64", "1. `Vec<u64>`, 1,000,000"),
    ("1_vec_u64_1k", "1. `Vec<u64>`, 1,000"),
    ("2_vec_string", "2. `Vec<String>`, 100,000"),
    ("3_hash_map", "3. `HashMap<String, Vec<u32>>`, 100,000"),
    ("4_tree", "4. `Node` tree, 111,111 nodes"),
    ("5_list", "5. `Box` list, 100,000 links"),
    ("6_rc_handles", "6. `Vec<Rc<String>>`, 100,000 handles to 1,000"),
    ("7_btree_map", "7. `BTreeMap<u64, String>`, 100,000"),
]
# Issue 16's sized shapes: hash maps of strings to vectors of 0, 0-16 and 0-1000 numbers
# (the last stops at 10,000 entries), and B-trees of strings.
for _suffix, _count in (("100", "100"), ("10k", "10,000"), ("1m", "1,000,000")):
    GROUPS += [
        (f"8_hash_empty_{_suffix}", f"8. `HashMap<String, Vec<u32>>`, {_count}, all empty"),
        (f"9_hash_0_16_{_suffix}", f"9. `HashMap<String, Vec<u32>>`, {_count}, 0-16 each"),
    ]
    if _suffix != "1m":
        GROUPS.append(
            (f"10_hash_0_1000_{_suffix}", f"10. `HashMap<String, Vec<u32>>`, {_count}, 0-1000 each"))
    GROUPS.append((f"11_btree_{_suffix}", f"11. `BTreeMap<u64, String>`, {_count}"))
GROUPS.sort(key=lambda g: (int(g[0].split("_")[0]), g[0].endswith("1m"), g[0]))
OURS = ["memlayout_heap_bytes", "memlayout_totals", "memlayout_report"]
PEERS = ["get-size2", "deepsize", "mem_dbg"]
# The issue counts a figure as exact when it is within 1% of the allocator's.
TOLERANCE = 0.01


def median_ns(criterion, group, function):
    path = criterion / group / function / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]


def fmt(ns):
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def exactness(path):
    """{group number: {name: (figure or None, truth)}} from the test's JSON."""
    if path is None:
        return {}
    rows = json.loads(Path(path).read_text())
    out = {}
    for row in rows:
        number = row["workload"].split()[0]
        if "stack" in row["workload"]:
            continue  # the overflow checks; the figures come from the row without a stack size
        figures = {"memlayout": (row["memlayout"], row["truth"])}
        figures["memlayout_bounds"] = (row["memlayout_low"], row["memlayout_high"])
        for peer, figure in row["peers"].items():
            figures[peer] = (figure, row["truth"])
        out[number] = figures
    return out


def is_exact(figure_truth):
    figure, truth = figure_truth
    return figure is not None and abs(figure - truth) <= TOLERANCE * truth


def verdict(figure_truth):
    figure, truth = figure_truth
    if figure is None:
        return "overflow"
    if figure == truth:
        return "exact"
    return f"{(figure / truth - 1) * 100:+.1f}%"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    parser.add_argument("--criterion", type=Path, default=target / "criterion")
    parser.add_argument("--exactness", type=Path)
    args = parser.parse_args()
    exact = exactness(args.exactness)

    print("| workload | memlayout `heap_bytes` | `totals` | `layout_report()` | get-size2 "
          "| deepsize | mem_dbg | `heap_bytes` ÷ fastest exact peer | report ÷ fastest peer |")
    print("|---|---|---|---|---|---|---|---|---|")
    notes = []
    for group, title in GROUPS:
        number = group.split("_")[0]
        times = {f: median_ns(args.criterion, group, f) for f in OURS + PEERS}
        figures = exact.get(number, {})
        cells = [title] + [fmt(times[f]) for f in OURS]
        for peer in PEERS:
            cell = fmt(times[peer])
            if times[peer] is None:
                cell = "skipped (overflows)"
            elif peer in figures:
                cell += f" ({verdict(figures[peer])})"
            cells.append(cell)
        ran = [p for p in PEERS if times[p] is not None]
        exact_peers = [p for p in ran if p in figures and is_exact(figures[p])]
        # Where no crate is exact, the target is the fastest crate.
        basis = exact_peers or ran
        ours = times["memlayout_heap_bytes"]
        if basis and ours is not None:
            best = min(basis, key=lambda p: times[p])
            kind = "exact" if exact_peers else "none exact:"
            cells.append(f"{ours / times[best]:.2f} ({kind} {best})")
        else:
            cells.append("—")
        if ran and times["memlayout_report"] is not None:
            best = min(ran, key=lambda p: times[p])
            cells.append(f"{times['memlayout_report'] / times[best]:.1f} ({best})")
        else:
            cells.append("—")
        print("| " + " | ".join(cells) + " |")
        if "memlayout" in figures:
            low, high = figures["memlayout_bounds"]
            if low != high:
                notes.append(
                    f"{title}: memlayout's estimate {verdict(figures['memlayout'])} "
                    f"(bounds {low}..={high}, truth {figures['memlayout'][1]})"
                )
            elif not is_exact(figures["memlayout"]):
                notes.append(f"{title}: memlayout NOT exact ({verdict(figures['memlayout'])})")

    small = median_ns(args.criterion, "1_vec_u64", "memlayout_heap_bytes_1k_elements")
    big = median_ns(args.criterion, "1_vec_u64", "memlayout_heap_bytes")
    print()
    if small and big:
        print(f"O(1) on workload 1: `heap_bytes` of 1,000,000 elements {fmt(big)}, "
              f"of 1,000 elements {fmt(small)}.")
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    main()
