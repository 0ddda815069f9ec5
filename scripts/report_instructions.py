#!/usr/bin/env python3
"""Instructions per full report against the peers' heap figures, counted by callgrind (issue 16).

Runs `benches/report_cost.rs` under `valgrind --tool=callgrind`, counting only its `measured`
function (see that file's header), for every workload and every WHAT (`report`, `heap_bytes`
and the three peers), and prints a Markdown table: instructions per operation (Ir / REPS), the
fastest peer and the report's ratio to it. `--baseline FILE` adds a "before" column from an
earlier `--out` file.

    python3 scripts/report_instructions.py [--bin PATH] [--out target/report_instructions.json]
        [--baseline FILE] [--workloads small 1 2 ...] [--what report heap_bytes ...] [--jobs 2]
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORKLOADS = {
    "small": ("struct of two short `String`s", 2000),
    "1": ("1 `Vec<u64>`, 1M", 3),
    "scalars": ("struct of 8 scalar fields", 2000),
    "map3": ("`HashMap<String, u32>`, 3 entries", 2000),
    "strings10": ("`Vec<String>`, 10", 2000),
    "2": ("2 `Vec<String>`, 100k", 5),
    "strings1m": ("`Vec<String>`, 1M", 2),
    "3": ("3 `HashMap<String, Vec<u32>>`, 100k", 5),
    "map16": ("`HashMap<String, Vec<u32>>` of 0-16 numbers, 100k", 5),
    "map:100": ("`HashMap<String, Vec<u32>>`, 100", 200),
    "map1k": ("`HashMap<String, Vec<u32>>`, 1,000", 50),
    "4": ("4 `Node` tree, 111,111", 3),
    "tree:31:2": ("`Node` tree 31x2, 993 nodes", 50),
    "list:100": ("`Box` list, 100 links", 200),
    "list10k": ("`Box` list, 10,000 links", 20),
    "5": ("5 `Box` list, 100,000 links", 5),
    "cons:100000": ("enum cons list, 100,000 cells", 5),
    "named:100000": ("`Box` list, a `String` a link, 100,000 links", 5),
    "6": ("6 `Vec<Rc<String>>`", 5),
    "7": ("7 `BTreeMap<u64, String>`, 100k", 5),
    "btree:100": ("`BTreeMap<u64, String>`, 100", 200),
}
PEERS = ["get-size2", "deepsize", "mem_dbg"]
WHATS = ["report", "heap_bytes", *PEERS]


def build():
    """Builds the bench binary (release) and returns its path."""
    out = subprocess.run(
        ["cargo", "bench", "-p", "memlayout-benches", "--bench", "report_cost", "--no-run",
         "--message-format=json"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "report_cost":
            if message.get("executable"):
                return message["executable"]
    raise SystemExit("cargo built no report_cost bench")


def count(binary, workload, what, reps):
    """Instructions of `reps` computations of `what` on `workload` (callgrind's total Ir), and
    the figure one computation gives (the binary prints the sum over `reps`)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no",
             "--toggle-collect=*measured*", f"--callgrind-out-file={out}",
             binary, workload, what, str(reps)],
            check=True, capture_output=True, text=True,
        )
        figure = int(run.stdout.split()[-1]) // reps
        for line in out.read_text().splitlines():
            match = re.match(r"summary: (\d+)", line) or re.match(r"totals: (\d+)", line)
            if match:
                return int(match.group(1)), figure
    raise RuntimeError(f"no totals for {workload} {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin")
    parser.add_argument("--out", type=Path, default=REPO / "target" / "report_instructions.json")
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--workloads", nargs="*", default=list(WORKLOADS))
    parser.add_argument("--what", nargs="*", default=WHATS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    binary = args.bin or build()
    jobs = [(w, what) for w in args.workloads for what in args.what]
    results, figures = {}, {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {
            pool.submit(count, binary, w, what, WORKLOADS[w][1]): (w, what) for w, what in jobs
        }
        for future in concurrent.futures.as_completed(futures):
            w, what = futures[future]
            instructions, figure = future.result()
            results.setdefault(w, {})[what] = instructions / WORKLOADS[w][1]
            figures.setdefault(w, {})[what] = figure
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "binary": binary,
        "load": os.getloadavg(),
        "results": results,
        "figures": figures,
    }, indent=1))
    baseline = json.loads(args.baseline.read_text())["results"] if args.baseline else {}

    before = "| report before " if baseline else ""
    print(f"| workload {before}| report | heap_bytes | fastest peer | ratio |")
    print("|---" * (5 + bool(baseline)) + "|")
    for w in args.workloads:
        row = results.get(w, {})
        # The reference: the fastest peer exact within 1% (memlayout's `heap_bytes` is checked
        # against the allocator by the tests), or the fastest peer where none is.
        peers = {p: row[p] for p in PEERS if p in row}
        truth = figures.get(w, {}).get("heap_bytes")
        exact = {
            p: i for p, i in peers.items()
            if truth is not None and abs(figures[w][p] - truth) <= truth / 100
        }
        peers = exact or peers
        fastest = min(peers, key=peers.get) if peers else None
        cells = [WORKLOADS[w][0]]
        if baseline:
            cells.append(f"{baseline.get(w, {}).get('report', 0):,.0f}")
        cells.append(f"{row.get('report', 0):,.0f}")
        cells.append(f"{row.get('heap_bytes', 0):,.0f}")
        if fastest:
            exactness = "exact" if exact else "none exact"
            cells.append(f"{peers[fastest]:,.0f} ({fastest}, {exactness})")
            cells.append(f"{row.get('report', 0) / peers[fastest]:.1f}x")
        else:
            cells += ["", ""]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
