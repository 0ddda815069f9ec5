#!/usr/bin/env python3
"""Markdown table of one `cargo bench --bench heap` run (issue 6).

Reads criterion's medians (or, with --instructions, the instruction counts of
scripts/bench_instructions.py) from $CARGO_TARGET_DIR/criterion (or target/criterion) and, with
--exactness, the figures `benches/test_bench_exactness.rs` wrote against a counting allocator
(MEMLAYOUT_EXACTNESS_JSON=path cargo test --test test_bench_exactness), and prints the medians,
which figures are exact, and the ratios the issue's targets are stated in.

    python3 scripts/bench_table.py [--criterion DIR | --instructions instructions.json]
        [--exactness exactness.json]
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


def scaled(n, units):
    """`n` to three significant digits in the largest of `units` ((suffix, scale), largest
    first, the last with scale 1) it reaches."""
    if n is None:
        return "—"
    for unit, scale in units:
        if n >= scale or scale == 1:
            return f"{n / scale:.3g}{unit}"


def fmt(ns):
    """A time in nanoseconds."""
    return scaled(ns, ((" s", 1e9), (" ms", 1e6), (" µs", 1e3), (" ns", 1)))


def exactness(path):
    """{group number: {name: (figure or None, truth)}} from the test's JSON."""
    if path is None:
        return {}
    rows = json.loads(Path(path).read_text())
    out = {}
    for row in rows:
        # "3 HashMap<...>" for issue 6's workloads (keyed by number), "9_hash_0_16_10k ..."
        # for issue 16's shapes (keyed by bench group).
        number = row["workload"].split()[0]
        if "stack" in row["workload"]:
            continue  # the overflow checks; the figures come from the row without a stack size
        figures = {"memlayout": (row["memlayout"], row["truth"])}
        figures["memlayout_bounds"] = (row["memlayout_low"], row["memlayout_high"])
        figures["checked"] = row["workload"]
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


def count(n):
    """An instruction count."""
    return scaled(n, (("G", 1e9), ("M", 1e6), ("k", 1e3), ("", 1)))


def figures_of(exact, group):
    """The exactness figures of `group`: by group name (issue 16's shapes; a million entries
    borrow those of 10,000, the same shape), else by workload number (issue 6's seven)."""
    for key in (group, group.replace("_1m", "_10k"), group.split("_")[0]):
        if key in exact:
            return exact[key]
    return {}


def table(measure, show, exact, groups):
    """The table rows and notes for `measure(group, function)` (None when not run), each
    figure shown with `show`."""
    print("| workload | memlayout `heap_bytes` | `totals` | `layout_report()` | get-size2 "
          "| deepsize | mem_dbg | `heap_bytes` ÷ fastest exact peer | report ÷ fastest peer |")
    print("|---|---|---|---|---|---|---|---|---|")
    notes = []
    for group, title in groups:
        values = {f: measure(group, f) for f in OURS + PEERS}
        if values["memlayout_heap_bytes"] is None:
            continue
        figures = figures_of(exact, group)
        cells = [title] + [show(values[f]) for f in OURS]
        for peer in PEERS:
            cell = show(values[peer])
            if values[peer] is None:
                cell = "skipped (overflows)"
            elif peer in figures:
                cell += f" ({verdict(figures[peer])})"
            cells.append(cell)
        ran = [p for p in PEERS if values[p] is not None]
        exact_peers = [p for p in ran if p in figures and is_exact(figures[p])]
        # Where no crate is exact, the target is the fastest crate.
        basis = exact_peers or ran
        ours = values["memlayout_heap_bytes"]
        if basis and ours is not None:
            best = min(basis, key=lambda p: values[p])
            kind = "exact" if exact_peers else "none exact:"
            cells.append(f"{ours / values[best]:.2f} ({kind} {best})")
        else:
            cells.append("—")
        if ran and values["memlayout_report"] is not None:
            best = min(ran, key=lambda p: values[p])
            cells.append(f"{values['memlayout_report'] / values[best]:.1f} ({best})")
        else:
            cells.append("—")
        print("| " + " | ".join(cells) + " |")
        if "memlayout" in figures and not any(figures["checked"] in n for n in notes):
            low, high = figures["memlayout_bounds"]
            if low != high:
                notes.append(
                    f"{title}: memlayout's estimate {verdict(figures['memlayout'])} "
                    f"(bounds {low}..={high}, truth {figures['memlayout'][1]}; checked on "
                    f"{figures['checked']})"
                )
            elif not is_exact(figures["memlayout"]):
                notes.append(f"{title}: memlayout NOT exact ({verdict(figures['memlayout'])})")
    print()
    for note in notes:
        print(f"- {note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    parser.add_argument("--criterion", type=Path, default=target / "criterion")
    parser.add_argument("--instructions", type=Path,
                        help="instruction counts from scripts/bench_instructions.py instead of "
                             "criterion's medians")
    parser.add_argument("--baseline", type=Path,
                        help="with --instructions: another run's counts (say, main's), to print "
                             "`heap_bytes` before and after")
    parser.add_argument("--exactness", type=Path)
    args = parser.parse_args()
    exact = exactness(args.exactness)

    if args.instructions and args.baseline:
        before = json.loads(args.baseline.read_text())["groups"]
        after = json.loads(args.instructions.read_text())["groups"]
        print("| workload | `heap_bytes` before | after | after ÷ before "
              "| get-size2, deepsize, mem_dbg before |")
        print("|---|---|---|---|---|")
        for group, title in GROUPS:
            if group not in before or group not in after:
                continue
            old, new = before[group]["per_op"], after[group]["per_op"]
            ours = (old["memlayout_heap_bytes"], new["memlayout_heap_bytes"])
            peers = ", ".join(count(old.get(p)) for p in PEERS)
            print(f"| {title} | {count(ours[0])} | {count(ours[1])} | {ours[1] / ours[0]:.2f} "
                  f"| {peers} |")
        return
    if args.instructions:
        run = json.loads(args.instructions.read_text())
        print(f"Instructions per operation, counted by callgrind ({run['valgrind']}) on "
              f"{run['date']}, {run['rustc']}, release build, {run['cores']} cores of an "
              f"`{run['cpu']}`.")
        print()
        groups = run["groups"]

        def measure(group, function):
            return groups.get(group, {}).get("per_op", {}).get(function)

        table(measure, count, exact, GROUPS)
        return

    def median(group, function):
        return median_ns(args.criterion, group, function)

    table(median, fmt, exact, GROUPS)


if __name__ == "__main__":
    main()
